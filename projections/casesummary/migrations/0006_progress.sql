-- The domain's progress of the case (cases.Progress as JSON): the read model folds it with the
-- aggregate's own rule and takes status, waiting_on and due_at from it.
ALTER TABLE case_summary ADD COLUMN progress jsonb NOT NULL DEFAULT '{}';
