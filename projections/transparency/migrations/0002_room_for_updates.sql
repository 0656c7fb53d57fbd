-- A case's row is rewritten by most of its events. Room left on each page lets PostgreSQL
-- write the new version beside the old one without a new index entry (a HOT update) when no
-- indexed column changed, as always while a new generation fills with its indexes deferred
-- (~90 % of its updates then; rewriting a 130,000-row table in batches took half the time).
-- It applies to pages written from now on.
ALTER TABLE transparency_case SET (fillfactor = 70);
ALTER TABLE permit_register SET (fillfactor = 70);
