-- Every delegation of an official's cases, with both officials' departments as the roster had
-- them, so a department's staff list what concerns them and each request finds whose cases its
-- caller holds today.
CREATE TABLE delegations (
    id              uuid PRIMARY KEY,
    from_official   text        NOT NULL,
    from_department text        NOT NULL,
    to_official     text        NOT NULL,
    to_department   text        NOT NULL,
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    reason          text        NOT NULL,
    recorded_by     text        NOT NULL,
    recorded_at     timestamptz NOT NULL,
    revoked_at      timestamptz,
    revoked_by      text,
    revoke_reason   text
);
CREATE INDEX delegations_to ON delegations (to_official, ends_at) WHERE revoked_at IS NULL;
CREATE INDEX delegations_from_department ON delegations (from_department, starts_at);
CREATE INDEX delegations_to_department ON delegations (to_department, starts_at);
