-- The number people quote for the case (tracking.Number), shown beside its id; empty for cases
-- submitted before numbers, and for rows projected before this column until a rebuild.
ALTER TABLE work_queue ADD COLUMN tracking_number text NOT NULL DEFAULT '';
