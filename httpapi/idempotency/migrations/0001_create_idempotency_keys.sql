-- One row per Idempotency-Key a caller sent: the fingerprint of the first request and, once it
-- finished, the response to replay. Rows live 24 hours; an expired key may be used afresh.
CREATE TABLE idempotency_keys (
    scope        text        NOT NULL, -- the caller: its subject, so keys of two callers never meet
    key          text        NOT NULL,
    fingerprint  bytea       NOT NULL, -- sha256 of method, path and body
    done         boolean     NOT NULL DEFAULT false,
    status       integer,
    headers      jsonb,
    body         bytea,
    started_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
