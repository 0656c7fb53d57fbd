-- Every payment opened at a gateway, as this city sent it and as the gateway confirmed it: the
-- merchant's own record, which maps a callback's authority to its case and bill and which
-- reconciliation compares with the gateway and the case events. Not a case stream: a payment
-- that never happened must leave no trace on the case.
CREATE TABLE gateway_payments (
    authority   text PRIMARY KEY,
    gateway     text NOT NULL,
    case_id     uuid NOT NULL,
    bill_id     text NOT NULL,
    payment_id  text NOT NULL,
    rials       bigint NOT NULL CHECK (rials > 0),
    started_at  timestamptz NOT NULL,
    verified_at timestamptz,
    ref_id      text,
    card_pan    text, -- masked by the gateway (502229******5995)
    outcome     text  -- once recorded on the case: paid or refund_due
);
CREATE INDEX gateway_payments_verified ON gateway_payments (verified_at) WHERE verified_at IS NOT NULL;
CREATE INDEX gateway_payments_ref ON gateway_payments (ref_id) WHERE ref_id IS NOT NULL;
