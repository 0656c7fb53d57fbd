-- Staff search: the tracking number people quote, and the applicant's name as a search key
-- (ident.SearchKey: Persian letters, ASCII digits, no spaces or joiners) for prefix search.
-- For people reading a case: the documents still asked for, and the certificate's
-- verification code.
-- Rows projected before this file have NULLs here until `shafaf projections rebuild
-- case_summary`; cases submitted before tracking numbers existed never have one.
ALTER TABLE case_summary
    ADD COLUMN tracking_number  text,
    ADD COLUMN applicant_name_key text,
    ADD COLUMN outstanding_documents jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN verification_code text;

-- Not UNIQUE: the allocator guarantees uniqueness (commands/tracking_numbers.go); a read model
-- that refused a row would stop its projection on an event already stored.
CREATE INDEX case_summary_tracking_number ON case_summary (tracking_number) WHERE tracking_number IS NOT NULL;
-- byte order (C), so a prefix is a range the index answers (query_list.go); it carries the sort
-- key and what a staff scope reads, so a page of a broad prefix is an index-only scan
CREATE INDEX case_summary_applicant_name_key ON case_summary ((applicant_name_key COLLATE "C"))
    INCLUDE (submitted_at, case_id, department, district, service_group);
CREATE INDEX case_summary_certificate_number ON case_summary (certificate_number) WHERE certificate_number IS NOT NULL;
CREATE INDEX case_summary_plot ON case_summary (plot) WHERE plot IS NOT NULL;
-- A clerk's searches are bounded to their department (conds.scope's expression, verbatim), and
-- newest first: walking this index finds a page without sorting the department's cases.
CREATE INDEX case_summary_by_department ON case_summary ((coalesce(nullif(department, ''), 'district-' || district)), submitted_at, case_id);
