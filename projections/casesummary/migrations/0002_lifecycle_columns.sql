-- The lifecycle: who has the case, its legal clock, its money and its document. days_paused and
-- staff_days are working days waiting on the applicant and on staff (closed stretches only).
ALTER TABLE case_summary
    ADD COLUMN flow               text        NOT NULL DEFAULT 'application',
    ADD COLUMN plot               text,
    ADD COLUMN assignee           text,
    ADD COLUMN department         text,
    ADD COLUMN due_at             timestamptz,
    ADD COLUMN days_paused        integer     NOT NULL DEFAULT 0,
    ADD COLUMN staff_days         integer     NOT NULL DEFAULT 0,
    ADD COLUMN waiting_on         text        NOT NULL DEFAULT 'staff',
    ADD COLUMN resume_status      text,
    ADD COLUMN fee_total          bigint      NOT NULL DEFAULT 0,
    ADD COLUMN fine               bigint      NOT NULL DEFAULT 0,
    ADD COLUMN fee_paid           bigint      NOT NULL DEFAULT 0,
    ADD COLUMN fee_waived         bigint      NOT NULL DEFAULT 0,
    ADD COLUMN certificate_number text,
    ADD COLUMN valid_until        timestamptz;

CREATE INDEX case_summary_work_queue ON case_summary (department, assignee, status, due_at);
