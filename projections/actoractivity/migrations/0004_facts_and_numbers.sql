-- What each event states (cases.FactsOf, without personal facts: this table holds none), so an
-- auditor reads an action's substance beside it; '[]' on rows projected before this column
-- until `shafaf projections rebuild actor_activity`.
ALTER TABLE actor_activity ADD COLUMN facts jsonb NOT NULL DEFAULT '[]';
-- The number people quote for each case (tracking.Number), from its Submitted event, so a page
-- of actions names its cases as people do; empty for cases submitted before numbers, and for
-- cases projected before this table until a rebuild.
CREATE TABLE activity_case_numbers (
    case_id         uuid PRIMARY KEY,
    tracking_number text NOT NULL
);
