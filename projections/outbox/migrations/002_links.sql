-- catalogue is the catalogue version the case was opened under (its documents' titles and its
-- status texts); link is the random token of the case's short link /c/<link>, made once and
-- kept through rebuilds, because texts already sent carry it. Random, not derived from the
-- case id, so the links of other cases cannot be guessed from one.
ALTER TABLE notify.cases ADD COLUMN IF NOT EXISTS catalogue text NOT NULL DEFAULT '';
ALTER TABLE notify.cases ADD COLUMN IF NOT EXISTS link text;
CREATE UNIQUE INDEX IF NOT EXISTS cases_link ON notify.cases (link);
