-- The public register of issued documents. The verification code is never stored: only
-- SHA-256(salt || code), with a per-row salt, so a leaked table does not let anyone forge a
-- verification link. No personal data.
CREATE TABLE certificate_case (
    case_id  uuid PRIMARY KEY,
    service  text   NOT NULL,
    district text   NOT NULL,
    revision bigint NOT NULL
);

CREATE TABLE certificate (
    number      text        NOT NULL,
    case_id     uuid        PRIMARY KEY,
    service     text        NOT NULL,
    district    text        NOT NULL,
    document    text        NOT NULL,
    salt        bytea       NOT NULL,
    code_hash   bytea       NOT NULL,
    issued_at   timestamptz NOT NULL,
    valid_until timestamptz,
    status      text        NOT NULL CHECK (status IN ('valid', 'revoked', 'expired'))
);
-- Numbers are "<year>-<case id prefix>": two cases may share one, so the code decides.
CREATE INDEX certificate_number ON certificate (number);
