package outbox_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/projections/outbox"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

var rowsRemoved = regexp.MustCompile(`Rows Removed by Filter: (\d+)`)

// TestDueDeliveriesAreFoundWithoutReadingTheSentOnes: the dispatcher asks for due deliveries
// several times a second. In a 100,000-case load run the query walked the primary key through
// 229,700 sent deliveries to find the pending ones, 110 ms a call. The planner takes that walk
// when many are pending behind many sent (here 10,000 behind 100,000), expecting the LIMIT to
// stop it early.
func TestDueDeliveriesAreFoundWithoutReadingTheSentOnes(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	planner, err := outbox.NewPlanner("https://shafaf.example")
	if err != nil {
		t.Fatal(err)
	}
	rmt.MustRuntime(t, pool, rmt.MustPostgres(t, pool), planner) // its set-up applies the migrations
	_, err = pool.Exec(ctx, `INSERT INTO notify.deliveries (event_id, channel, recipient, case_id, event_type,
		commit_pos, legal, body, state, next_attempt_at, queued_at)
		SELECT gen_random_uuid(), 'sms', '09120000000', gen_random_uuid(), 'case.Submitted.v1', i, false, 'متن',
			CASE WHEN i > 100000 THEN 'queued' ELSE 'sent' END, now() - interval '1 minute', now()
		FROM generate_series(1, 110000) AS i`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, "ANALYZE notify.deliveries"); err != nil {
		t.Fatal(err)
	}
	var plan []string
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "EXPLAIN ANALYZE "+outbox.DueSQL, time.Now(), 100, []string{"sms", "webhook"})
		if err != nil {
			return err
		}
		plan, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	for _, m := range rowsRemoved.FindAllStringSubmatch(text, -1) {
		if n, _ := strconv.Atoi(m[1]); n > 0 {
			t.Fatalf("the due query read %d deliveries it did not want:\n%s", n, text)
		}
	}
	if !strings.Contains(text, "rows=100 ") {
		t.Fatalf("the due query did not find a batch of queued deliveries:\n%s", text)
	}
}
