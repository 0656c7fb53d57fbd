-- The runtime writes each event once (a batch commits with its checkpoint), so the key of an
-- event's row is a check rather than a guard the insert relies on: as a plain unique index it
-- is built once at the end of a catch-up from the start of the log, not maintained row by row.
ALTER TABLE actor_activity DROP CONSTRAINT actor_activity_pkey;
CREATE UNIQUE INDEX actor_activity_event ON actor_activity (stream, revision);
