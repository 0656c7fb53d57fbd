-- What a document permits, from the case's last fee assessment before issuance: the land use,
-- the number of floors and the floor area (in dm², as assessed). The printable certificate
-- states them; they are not personal data (the open permit register publishes the same).
-- Rows issued before this migration have none until a rebuild.
ALTER TABLE certificate_case ADD COLUMN land_use text, ADD COLUMN floors integer, ADD COLUMN area_dm2 bigint;
ALTER TABLE certificate ADD COLUMN land_use text, ADD COLUMN floors integer, ADD COLUMN area_dm2 bigint;
