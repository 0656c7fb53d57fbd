-- The case list pages by (sort key, case_id) with optional district and status filters; these
-- indexes let a page be an index range scan instead of a sort of the whole table.
CREATE INDEX case_summary_by_submitted ON case_summary (submitted_at, case_id);
CREATE INDEX case_summary_by_district ON case_summary (district, status, submitted_at, case_id);
CREATE INDEX case_summary_by_due ON case_summary ((coalesce(due_at, '9999-12-31 00:00:00+00')), case_id);
CREATE INDEX case_summary_by_decided ON case_summary ((coalesce(decided_at, '9999-12-31 00:00:00+00')), case_id);
