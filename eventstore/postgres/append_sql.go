package postgres

// appendSQL writes a batch of appends, each to a stream of its own, as one statement: one
// round trip and, outside a transaction, one commit (one WAL flush) for all of them. Each
// append keeps its own outcome in its own result row, in the order of $1:
//
//   - its expected revision ($2: -2 any, -1 no stream, n exact) is checked against the
//     stream's last committed revision (-1: none), and only appends that pass are written;
//   - the event-id lookup that recognises a retry of an earlier append runs for an append
//     whose condition fails, or for every append when $9 asks for it after the statement
//     failed with unique_violation (a concurrent transaction took a revision or an id; it has
//     committed by the time the error comes back, so asking again sees it). A retry whose ids
//     sit, in order, where it would have put them gets the original result; any other
//     append with an id already written gets a conflict.
//
// Events ($3–$8) are flat arrays; $3 names each one's append (1-based, as in $1) and $4 its
// place in that append (1-based). The transaction id is taken first, before the INSERT draws
// sequence values (see Append). A plain statement rather than a PL/pgSQL function: the
// function's call and per-statement executor start-up cost a single writer more than the
// checks themselves (docs/BENCHMARKS.md).
const appendSQL = `WITH tx AS MATERIALIZED (SELECT pg_current_xact_id() AS id),
a AS MATERIALIZED (
  SELECT u.i, u.stream, u.expected,
         (SELECT coalesce(max(e.revision), -1) FROM events e WHERE e.stream = u.stream) AS actual
    FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS u(stream, expected, i)
),
ev AS (
  SELECT * FROM unnest($3::int[], $4::int[], $5::uuid[], $6::text[], $7::json[], $8::json[])
    WITH ORDINALITY AS v(ai, k, id, type, data, metadata, j)
),
prior AS MATERIALIZED (
  SELECT a.i, count(*) AS found, max(e.revision) AS last_revision, max(e.seq) AS last_seq,
         (array_agg(e.tx_id ORDER BY e.seq DESC))[1] AS tx_id,
         bool_and(e.stream = a.stream) AND min(e.revision - ev.k) = max(e.revision - ev.k)
           AND (a.expected = -2 OR min(e.revision - ev.k) = a.expected) AS in_place
    FROM a JOIN ev ON ev.ai = a.i JOIN events e ON e.event_id = ev.id
   WHERE $9 OR NOT (a.expected = -2 OR a.actual = a.expected)
   GROUP BY a.i, a.expected
),
ok AS (
  SELECT a.* FROM a
   WHERE (a.expected = -2 OR a.actual = a.expected) AND NOT EXISTS (SELECT 1 FROM prior p WHERE p.i = a.i)
),
written AS (
  INSERT INTO events (tx_id, stream, revision, event_id, type, data, metadata)
  SELECT tx.id, ok.stream, ok.actual + ev.k, ev.id, ev.type, ev.data, ev.metadata
    FROM ev JOIN ok ON ok.i = ev.ai CROSS JOIN tx
   ORDER BY ev.j
  RETURNING stream, revision, seq
),
w AS (SELECT stream, max(revision) AS last_revision, max(seq) AS last_seq FROM written GROUP BY stream)
SELECT CASE WHEN w.stream IS NOT NULL THEN false
            WHEN p.i IS NOT NULL THEN NOT (p.in_place AND p.found = (SELECT count(*) FROM ev WHERE ev.ai = a.i))
            ELSE true END,
       a.actual,
       coalesce(CASE WHEN w.stream IS NOT NULL THEN (SELECT id FROM tx) ELSE p.tx_id END, '0'::xid8),
       coalesce(w.last_seq, p.last_seq, 0),
       coalesce(w.last_revision, p.last_revision, 0)
  FROM a LEFT JOIN w ON w.stream = a.stream LEFT JOIN prior p ON p.i = a.i
 ORDER BY a.i`
