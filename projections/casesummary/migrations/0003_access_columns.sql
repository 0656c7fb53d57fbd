-- What authorizing a query needs: the service group, the applicant who submitted online (token
-- subject) and a hash of the applicant's national ID, so an applicant's cases can be found
-- without the read model holding the ID itself. Rows projected before this file have NULLs
-- here until `shafaf projections rebuild case_summary`.
ALTER TABLE case_summary
    ADD COLUMN service_group      text,
    ADD COLUMN owner_subject      text,
    ADD COLUMN applicant_nid_hash text;

CREATE INDEX case_summary_owner_subject ON case_summary (owner_subject) WHERE owner_subject IS NOT NULL;
CREATE INDEX case_summary_applicant_nid_hash ON case_summary (applicant_nid_hash);
