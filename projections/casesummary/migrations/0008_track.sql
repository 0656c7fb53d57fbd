-- The public /track page: a citizen types the tracking number and the last four digits of the
-- applicant's national ID. Those four digits are kept only as TrackKey's hash, salted with the
-- case's tracking number, so the table holds neither them in clear nor one value shared by every
-- case with the same four digits. Rows projected before this file have NULL here (no match)
-- until `shafaf projections rebuild case_summary`.
ALTER TABLE case_summary ADD COLUMN track_key text;
