-- The domain's progress of the case (cases.Progress as JSON): stage (the status), waiting_on,
-- due_at and open follow from it by the aggregate's own rule.
ALTER TABLE work_queue ADD COLUMN progress jsonb NOT NULL DEFAULT '{}';
