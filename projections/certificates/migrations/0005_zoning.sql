-- What a land-use reply states (cases.Zoning as JSON): the plot's zone, permitted uses,
-- density, height and setbacks. Planning facts of a public plot, not personal data, so a
-- verification shows them. NULL for other documents and for replies issued before replies had
-- content.
ALTER TABLE certificate ADD COLUMN zoning jsonb;
