-- A case marked urgent (case.Prioritised.v1).
ALTER TABLE work_queue ADD COLUMN urgent boolean NOT NULL DEFAULT false;
