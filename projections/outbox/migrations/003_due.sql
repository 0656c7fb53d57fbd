-- The dispatcher's due query walks pending deliveries in seq order. Without this index it
-- walked the primary key through every sent one first: 229,700 of them after a 100,000-case
-- load run, 110 ms a call, most of a core (docs/BENCHMARKS.md, API).
CREATE INDEX IF NOT EXISTS deliveries_due ON notify.deliveries (seq)
    WHERE state IN ('queued', 'failed');
