-- Which running instance holds an unfinished key: its number, locked by the instance as a
-- session advisory lock for as long as it lives, so that a key whose holder died is taken
-- over at once instead of after a timeout.
ALTER TABLE idempotency_keys ADD COLUMN holder integer;
CREATE SEQUENCE idempotency_holders AS integer CYCLE;
