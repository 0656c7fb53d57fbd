-- One row per case: what work queues and case pages show. Holds no personal data beyond what
-- staff screens need; public views read the transparency model instead.
CREATE TABLE case_summary (
    case_id           uuid PRIMARY KEY,
    service           text        NOT NULL,
    catalogue_version text        NOT NULL,
    channel           text        NOT NULL,
    district          text        NOT NULL,
    status            text        NOT NULL,
    submitted_at      timestamptz NOT NULL,
    intake_at         timestamptz,
    decided_at        timestamptz,
    outcome           text,
    reasons           jsonb       NOT NULL DEFAULT '[]',
    legal_basis       text,
    revision          bigint      NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX case_summary_status ON case_summary (status, submitted_at);
