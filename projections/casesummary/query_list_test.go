package casesummary

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/access"
)

// TestPagesOfSeveralStatuses: a list of several statuses is merged from a page of each; paged
// to the end through its cursors, in every sort, it holds exactly the cases one plain query
// finds, in the same order, each once (a repeated status included).
func TestPagesOfSeveralStatuses(t *testing.T) {
	ctx := context.Background()
	pool := mustSearchTable(t, 6000)
	r := Reader{Reads: poolReads{pool}}
	auditor := access.Actor{Subject: "aud-1", Roles: []access.Role{access.Auditor}}
	statuses := []string{"submitted", "in_review", "awaiting_payment", "in_review"}
	for _, sortBy := range []string{"-submitted_at", "submitted_at", "due_at", "-decided_at"} {
		t.Run(sortBy, func(t *testing.T) {
			sort, err := ParseSort(sortBy)
			if err != nil {
				t.Fatal(err)
			}
			var want []uuid.UUID
			err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				rows, err := tx.Query(ctx, `SELECT case_id FROM case_summary WHERE district = '3' AND status = ANY($1)
					ORDER BY `+sortKeys[sort.key]+` `+sort.direction()+`, case_id `+sort.direction(), statuses)
				if err != nil {
					return err
				}
				want, err = pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(want) < 60 {
				t.Fatalf("only %d cases to page through", len(want))
			}
			var got []uuid.UUID
			q := ListQuery{Viewer: auditor, Action: access.ListCases, District: "3", Statuses: statuses, Sort: sort, Limit: 7}
			for pages := 0; ; pages++ {
				if pages > len(want) {
					t.Fatal("the cursor does not end")
				}
				page, err := r.List(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range page.Items {
					got = append(got, c.ID)
				}
				if page.NextCursor == "" {
					break
				}
				if q.After, err = ParseCursor(page.NextCursor, sort); err != nil {
					t.Fatal(err)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("paged list of %d cases differs from the query's %d", len(got), len(want))
			}
		})
	}
}
