package postgres

import (
	"fmt"
	"strings"
	"sync"
)

// appendSQL is the statement that writes a batch of n events, each append's to a stream of
// its own, as one plain INSERT: one round trip and, outside a transaction, one commit (one
// WAL flush) for all of them. Each event is a row of seven parameters: its append's stream
// and expected revision (-2 any, -1 no stream, n exact), its place in its append (1-based)
// and the event. An event is written when its stream's last committed revision (-1: none)
// satisfies the expected one, at that revision plus its place; every event of an append sees
// the same revision (one snapshot), so an append is written whole or not at all. The rows
// written come back; an append with none was refused, and settle finds out why.
//
// Scalar parameters rather than arrays, and no function: the server caches one generic plan
// per batch size, where a statement over unnest()ed arrays was planned afresh on every call
// and a PL/pgSQL function cost as much; see docs/BENCHMARKS.md for what each cost.
func appendSQL(n int) string {
	if sql, ok := appendSQLs.Load(n); ok {
		return sql.(string)
	}
	sql, _ := appendSQLs.LoadOrStore(n, buildAppendSQL(n))
	return sql.(string)
}

// appendSQLs holds the statement of each batch size written so far (at most maxBatchEvents),
// which pgx's statement cache then finds by its text.
var appendSQLs sync.Map

func buildAppendSQL(n int) string {
	var sql strings.Builder
	sql.WriteString(`INSERT INTO events (tx_id, stream, revision, event_id, type, data, metadata)
SELECT pg_current_xact_id(), v.stream, a.actual + v.k, v.id, v.type, v.data, v.metadata FROM (VALUES `)
	for i := range n {
		if i > 0 {
			sql.WriteString(", ")
		}
		p := 7*i + 1
		fmt.Fprintf(&sql, "(%d, $%d::text, $%d::bigint, $%d::int, $%d::uuid, $%d::text, $%d::json, $%d::json)",
			i, p, p+1, p+2, p+3, p+4, p+5, p+6)
	}
	sql.WriteString(`) AS v(i, stream, expected, k, id, type, data, metadata)
 CROSS JOIN LATERAL (SELECT coalesce(max(e.revision), -1) AS actual FROM events e WHERE e.stream = v.stream) a
 WHERE v.expected = -2 OR a.actual = v.expected
 ORDER BY v.i
RETURNING tx_id, seq, stream, revision`)
	return sql.String()
}

// priorSQL tells, for appends that were not written ($1 their streams; $2–$4 each event's
// append, 1-based, its place in it and its id), each stream's last revision and what is
// already written with the append's ids: how many, in which streams, the spread of revision
// minus place (one value when they sit in order) and where the last of them landed. Any id
// found makes the append a retry or a conflict (see settle).
const priorSQL = `SELECT s.ai,
       (SELECT coalesce(max(x.revision), -1) FROM events x WHERE x.stream = s.stream),
       count(e.event_id), coalesce(min(e.stream), ''), coalesce(max(e.stream), ''),
       coalesce(min(e.revision - v.k), 0), coalesce(max(e.revision - v.k), 0),
       coalesce(max(e.revision), 0), coalesce(max(e.seq), 0),
       coalesce((array_agg(e.tx_id ORDER BY e.seq DESC) FILTER (WHERE e.seq IS NOT NULL))[1], '0')
  FROM unnest($1::text[]) WITH ORDINALITY AS s(stream, ai)
  LEFT JOIN unnest($2::int[], $3::int[], $4::uuid[]) AS v(ai, k, id) ON v.ai = s.ai
  LEFT JOIN events e ON e.event_id = v.id
 GROUP BY s.ai, s.stream
 ORDER BY s.ai`
