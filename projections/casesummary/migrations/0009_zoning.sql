-- What a land-use reply states (cases.Zoning as JSON), shown to the applicant with the case.
-- NULL for every other case, and for replies issued before replies had content.
ALTER TABLE case_summary ADD COLUMN zoning jsonb;
