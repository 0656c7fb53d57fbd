-- One fact row per case: the days and months it was submitted, decided, withdrawn and closed,
-- and its staff and applicant working days. The dashboard's aggregates are GROUP BYs over it,
-- so medians and percentiles stay exact. Days are Tehran days; months are Jalali ("1405/03").
CREATE TABLE dashboard_case (
    case_id          uuid PRIMARY KEY,
    service          text        NOT NULL,
    district         text        NOT NULL,
    flow             text        NOT NULL,
    submitted_at     timestamptz NOT NULL,
    submitted_day    date        NOT NULL,
    submitted_month  text        NOT NULL,
    due_at           timestamptz NOT NULL,
    waiting_on       text        NOT NULL DEFAULT 'staff',
    stretch_since    timestamptz NOT NULL, -- start of the current stretch of staff or applicant time
    staff_days       integer     NOT NULL DEFAULT 0, -- closed stretches only
    applicant_days   integer     NOT NULL DEFAULT 0,
    decided_at       timestamptz,
    decided_day      date,
    decided_month    text,
    outcome          text, -- approve, reject, or the ruling of a violation case
    decision_days    integer, -- working days with staff from submission to decision
    within_deadline  boolean,
    withdrawn_day    date,
    withdrawn_month  text,
    closed_day       date,
    closed_month     text,
    revision         bigint      NOT NULL
);
