package postgres_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore/postgres"
)

// TestReadsWalkTheIndex checks that the log's read queries walk the (tx_id, seq) index instead
// of sorting what they select: a sort makes every page cost the whole rest of the log. With
// sorting disabled the planner still sorts when nothing else gives the order, so a Sort node
// in the plan means the query cannot use the index.
func TestReadsWalkTheIndex(t *testing.T) {
	pool := mustMigratedPool(t)
	tests := []struct {
		name  string
		query string
		args  []any
	}{
		{"a page after a position", postgres.PageSQL, postgres.PageArgs},
		{"the safe head", postgres.SafeHeadSQL, nil},
		{"the head", postgres.HeadSQL, nil},
		{"a count after a position", postgres.CountSQL, postgres.CountArgs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var plan strings.Builder
			err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
				if _, err := tx.Exec(context.Background(), "SET LOCAL enable_sort = off"); err != nil {
					return err
				}
				rows, err := tx.Query(context.Background(), "EXPLAIN "+tt.query, tt.args...)
				if err != nil {
					return err
				}
				lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
				plan.WriteString(strings.Join(lines, "\n"))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(plan.String(), "Sort") {
				t.Errorf("plan sorts:\n%s", plan.String())
			}
		})
	}
}

// TestASubscriptionsPageWalksTheIndexInItsGenericPlan: a subscription's read forces the generic
// plan (ScanBegin), made without the position, prefixes or limit; it must still walk the
// (tx_id, seq) index rather than sort the log.
func TestASubscriptionsPageWalksTheIndexInItsGenericPlan(t *testing.T) {
	pool := mustMigratedPool(t)
	ctx := context.Background()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	for _, stmt := range slices.Concat(postgres.ScanBegin, []string{"SET LOCAL enable_sort = off",
		"PREPARE page(xid8, bigint, text[], text[], int) AS " + postgres.PageSQL}) {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { _, _ = conn.Exec(ctx, "ROLLBACK; DEALLOCATE page") }()
	rows, err := conn.Query(ctx, "EXPLAIN EXECUTE page('1', 0, '{case-%}', '{}', 500)")
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	plan := strings.Join(lines, "\n")
	if strings.Contains(plan, "Sort") || !strings.Contains(plan, "$1") {
		t.Fatalf("want a generic plan (parameters, not values) walking the index:\n%s", plan)
	}
}
