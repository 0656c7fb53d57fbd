-- The public side of the city: nothing here names a person. transparency_case holds what the
-- register publishes about a case (never the applicant); permit_register is the open permit
-- register in the spirit of the BLDS permit standard; monthly holds city-wide monthly figures.
CREATE TABLE transparency_case (
    case_id   uuid PRIMARY KEY,
    service   text    NOT NULL,
    district  text    NOT NULL,
    flow      text    NOT NULL,
    land_use  text,
    floors    integer,
    area_m2   numeric(12, 2),
    fee_total bigint  NOT NULL DEFAULT 0,
    revision  bigint  NOT NULL
);

CREATE TABLE permit_register (
    case_id       uuid PRIMARY KEY,
    permit_number text        NOT NULL,
    service       text        NOT NULL,
    status        text        NOT NULL, -- issued, expired or revoked
    issued_at     timestamptz NOT NULL,
    valid_until   timestamptz,
    district      text        NOT NULL,
    land_use      text,
    floors        integer,
    area_m2       numeric(12, 2),
    fee_total     bigint      NOT NULL
);
CREATE INDEX permit_register_issued ON permit_register (issued_at DESC, case_id);

CREATE TABLE monthly (
    month  text   NOT NULL, -- Jalali, "1405/03"
    metric text   NOT NULL, -- violations_reported, violations_ruled, fees_collected_rials
    value  bigint NOT NULL,
    PRIMARY KEY (month, metric)
);
