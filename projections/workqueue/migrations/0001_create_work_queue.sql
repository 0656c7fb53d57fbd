-- Every case with what staff queues need: who has it, when it is due, whose turn it is.
-- Closed cases keep their row (open = false) so a reopened case comes back with its history.
CREATE TABLE work_queue (
    case_id      uuid PRIMARY KEY,
    service      text        NOT NULL,
    district     text        NOT NULL,
    flow         text        NOT NULL,
    department   text,
    assignee     text,
    stage        text        NOT NULL, -- the type of the case's latest event, e.g. InspectionScheduled
    waiting_on   text        NOT NULL DEFAULT 'staff',
    open         boolean     NOT NULL DEFAULT true,
    submitted_at timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    revision     bigint      NOT NULL
);
CREATE INDEX work_queue_department ON work_queue (department, due_at) WHERE open;
CREATE INDEX work_queue_assignee ON work_queue (assignee, due_at) WHERE open;
