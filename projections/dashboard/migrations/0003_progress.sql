-- The domain's progress of the case (cases.Progress as JSON): waiting_on, due_at and the clock
-- columns follow from it by the aggregate's own rule.
ALTER TABLE dashboard_case ADD COLUMN progress jsonb NOT NULL DEFAULT '{}';
