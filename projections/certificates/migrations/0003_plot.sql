-- The plot a document is about, so a verification names the property: a real number and
-- code shown for another plot is then seen not to match. Plot numbers are public land-registry
-- identifiers, not personal data. Rows issued before this migration have none until a rebuild.
ALTER TABLE certificate_case ADD COLUMN plot text, ADD COLUMN plot_section integer;
ALTER TABLE certificate ADD COLUMN plot text, ADD COLUMN plot_section integer;
