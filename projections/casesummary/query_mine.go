package casesummary

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/access"
)

// MineQuery selects a page of an applicant's own cases, newest first.
type MineQuery struct {
	Applicant access.Actor // by token subject and national ID
	Limit     int
	Offset    int
}

// Mine is a page of an applicant's cases and how many they have in all.
type Mine struct {
	Items []Case `json:"items"`
	Total int    `json:"total"`
}

// Mine reads the cases q's applicant submitted online and those filed for their national ID
// at a counter.
func (r Reader) Mine(ctx context.Context, q MineQuery) (Mine, error) {
	var w conds
	from := ` FROM case_summary WHERE ` + w.mine(q.Applicant)
	count, countArgs := `SELECT count(*)`+from, w.args
	page := `SELECT case_id, submitted_at` + from + ` ORDER BY submitted_at DESC, case_id DESC LIMIT ` +
		w.param(q.Limit) + ` OFFSET ` + w.param(q.Offset)
	var out Mine
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, count, countArgs...).Scan(&out.Total); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, page, w.args...)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowToStructByPos[sortedID])
		if err == nil {
			out.Items, err = getPage(ctx, tx, ids)
		}
		return err
	})
	r.explain(out.Items)
	return out, err
}
