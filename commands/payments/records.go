package payments

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgmigrate"
	"github.com/shafaf-city/shafaf/domain/billing"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Record is one payment opened at the gateway, as gateway_payments keeps it.
type Record struct {
	Authority  string
	Gateway    string
	CaseID     uuid.UUID
	Bill       billing.Bill
	Rials      int64
	StartedAt  time.Time
	VerifiedAt *time.Time
	RefID      string
	CardPAN    string
	Outcome    string // "", OutcomePaid or OutcomeRefundDue
}

// records is the gateway_payments table.
type records struct{ pool *pgxpool.Pool }

// openRecords applies the table's migrations.
func openRecords(ctx context.Context, pool *pgxpool.Pool) (records, error) {
	files, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return records{}, err
	}
	if err := pgmigrate.Apply(ctx, pool, "payments", files); err != nil {
		return records{}, fmt.Errorf("payments: %w", err)
	}
	return records{pool: pool}, nil
}

func (r records) insert(ctx context.Context, rec Record) error {
	_, err := r.pool.Exec(ctx, `INSERT INTO gateway_payments (authority, gateway, case_id, bill_id, payment_id, rials, started_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, rec.Authority, rec.Gateway, rec.CaseID, rec.Bill.BillID, rec.Bill.PaymentID, rec.Rials, rec.StartedAt)
	return err
}

const recordColumns = `authority, gateway, case_id, bill_id, payment_id, rials, started_at, verified_at,
	COALESCE(ref_id, ''), COALESCE(card_pan, ''), COALESCE(outcome, '')`

func scanRecord(row pgx.Row) (Record, error) {
	var rec Record
	err := row.Scan(&rec.Authority, &rec.Gateway, &rec.CaseID, &rec.Bill.BillID, &rec.Bill.PaymentID, &rec.Rials,
		&rec.StartedAt, &rec.VerifiedAt, &rec.RefID, &rec.CardPAN, &rec.Outcome)
	return rec, err
}

// get is the record of authority; found is false for one this city never opened.
func (r records) get(ctx context.Context, authority string) (rec Record, found bool, err error) {
	rec, err = scanRecord(r.pool.QueryRow(ctx, `SELECT `+recordColumns+` FROM gateway_payments WHERE authority = $1`, authority))
	if errors.Is(err, pgx.ErrNoRows) {
		return Record{}, false, nil
	}
	return rec, err == nil, err
}

// verified notes the gateway's confirmation, before the case is told, so a crash in between
// leaves a verified record without a case event for reconciliation to report.
func (r records) verified(ctx context.Context, authority string, v Verified, at time.Time) error {
	_, err := r.pool.Exec(ctx, `UPDATE gateway_payments SET verified_at = COALESCE(verified_at, $2), ref_id = $3, card_pan = $4
		WHERE authority = $1`, authority, at, v.RefID, v.CardPAN)
	return err
}

// settled notes what the case made of the payment.
func (r records) settled(ctx context.Context, authority, outcome string) error {
	_, err := r.pool.Exec(ctx, `UPDATE gateway_payments SET outcome = $2 WHERE authority = $1`, authority, outcome)
	return err
}

// verifiedBetween are the records the gateway confirmed in [from, to).
func (r records) verifiedBetween(ctx context.Context, from, to time.Time) ([]Record, error) {
	return r.list(ctx, `SELECT `+recordColumns+` FROM gateway_payments WHERE verified_at >= $1 AND verified_at < $2 ORDER BY verified_at`, from, to)
}

// byRefs are the records of the gateway references refs.
func (r records) byRefs(ctx context.Context, refs []string) ([]Record, error) {
	return r.list(ctx, `SELECT `+recordColumns+` FROM gateway_payments WHERE ref_id = ANY($1)`, refs)
}

// byAuthorities are the records of authorities.
func (r records) byAuthorities(ctx context.Context, authorities []string) ([]Record, error) {
	return r.list(ctx, `SELECT `+recordColumns+` FROM gateway_payments WHERE authority = ANY($1)`, authorities)
}

func (r records) list(ctx context.Context, sql string, args ...any) ([]Record, error) {
	rows, err := r.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		rec, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}
