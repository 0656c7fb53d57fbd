package casetable_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/projections/casetable"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

type row struct {
	CaseID   uuid.UUID       `db:"case_id"`
	Status   string          `db:"status"`
	Assignee *string         `db:"assignee"`
	Fee      int64           `db:"fee"`
	Days     int             `db:"days"`
	Open     bool            `db:"open"`
	Due      *time.Time      `db:"due_at"`
	Day      time.Time       `db:"day" pg:"date"`
	Reasons  json.RawMessage `db:"reasons"`
	Salt     []byte          `db:"salt"`
}

// newTable is table t, for rows of type row, in a fresh database.
func newTable(t *testing.T) (*pgxpool.Pool, *casetable.Table[row]) {
	pool := pgtest.NewPool(t)
	if _, err := pool.Exec(context.Background(), `CREATE TABLE t (case_id uuid PRIMARY KEY, status text NOT NULL,
		assignee text, fee bigint NOT NULL, days integer NOT NULL, open boolean NOT NULL, due_at timestamptz,
		day date NOT NULL, reasons jsonb NOT NULL, salt bytea NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return pool, casetable.New[row]("t")
}

func TestLoadFoldSave(t *testing.T) {
	ctx := context.Background()
	pool, table := newTable(t)
	a, b, c := uuid.New(), uuid.New(), uuid.New()
	alice := "alice"
	due := time.Date(2026, 11, 26, 10, 30, 0, 123456000, time.UTC)
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	inTx := func(f func(tx pgx.Tx) error) {
		t.Helper()
		if err := pgx.BeginFunc(ctx, pool, f); err != nil {
			t.Fatal(err)
		}
	}

	inTx(func(tx pgx.Tx) error {
		rs := table.Rows()
		err := rs.Load(ctx, tx, []uuid.UUID{a, b, a}, map[uuid.UUID]bool{a: true})
		if err != nil || rs.Get(a) != nil {
			t.Fatalf("empty table: row %v, err %v", rs.Get(a), err)
		}
		rs.Add(a, &row{CaseID: a, Status: "submitted", Day: day, Reasons: json.RawMessage(`[]`), Salt: []byte{1}})
		rs.Add(b, &row{CaseID: b, Status: "submitted", Assignee: &alice, Fee: 7, Days: 2, Open: true, Due: &due,
			Day: day, Reasons: json.RawMessage(`["x"]`), Salt: []byte{2, 3}})
		rs.Get(a).Status = "in_review" // a later event of the same batch
		rs.Changed(a)
		return rs.Save(ctx, tx)
	})
	inTx(func(tx pgx.Tx) error {
		rs := table.Rows()
		if err := rs.Load(ctx, tx, []uuid.UUID{a, b, c}, nil); err != nil {
			return err
		}
		got := *rs.Get(b)
		want := row{CaseID: b, Status: "submitted", Assignee: &alice, Fee: 7, Days: 2, Open: true, Due: &due,
			Day: day, Reasons: json.RawMessage(`["x"]`), Salt: []byte{2, 3}}
		if got.Due != nil && got.Due.Equal(due) {
			got.Due = &due
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("row b round trip:\n got %+v\nwant %+v", got, want)
		}
		if s := rs.Get(a).Status; s != "in_review" {
			t.Errorf("row a status %q, want the batch's last change", s)
		}
		rs.Get(a).Assignee, rs.Get(a).Fee = &alice, 100
		rs.Changed(a)
		rs.Add(c, &row{CaseID: c, Status: "submitted", Day: day, Reasons: json.RawMessage(`[]`), Salt: []byte{}})
		return rs.Save(ctx, tx) // an update and an insert
	})
	inTx(func(tx pgx.Tx) error {
		rs := table.Rows()
		err := rs.Load(ctx, tx, []uuid.UUID{c}, map[uuid.UUID]bool{c: true})
		if err != nil || rs.Get(c) != nil {
			t.Errorf("a case started in the batch was looked up: row %v, err %v", rs.Get(c), err)
		}
		return err
	})
	var fee int64
	var assignee string
	var n int
	if err := pool.QueryRow(ctx, `SELECT fee, assignee, (SELECT count(*) FROM t) FROM t WHERE case_id = $1`, a).Scan(&fee, &assignee, &n); err != nil {
		t.Fatal(err)
	}
	if fee != 100 || assignee != "alice" || n != 3 {
		t.Errorf("after update: fee %d, assignee %q, %d rows; want 100, alice, 3", fee, assignee, n)
	}
}

// TestRowsAcrossBatches folds several batches into one working set, as a catch-up transaction
// does: a case is looked up once, rows saved in the middle stay in the set, and rows changed
// after that are written again.
func TestRowsAcrossBatches(t *testing.T) {
	ctx := context.Background()
	pool, table := newTable(t)
	a, b := uuid.New(), uuid.New()
	newRow := func(id uuid.UUID, status string) *row {
		return &row{CaseID: id, Status: status, Reasons: json.RawMessage(`[]`), Salt: []byte{}}
	}
	if _, err := pool.Exec(ctx, `INSERT INTO t VALUES ($1, 'stored', NULL, 0, 0, true, NULL, '2026-11-27', '[]', '')`, a); err != nil {
		t.Fatal(err)
	}
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rs := table.Rows()
		if err := rs.Load(ctx, tx, []uuid.UUID{a, b}, map[uuid.UUID]bool{b: true}); err != nil {
			return err
		}
		rs.Add(b, newRow(b, "submitted"))
		rs.Get(a).Status = "first"
		rs.Changed(a)
		// The table changes behind the set's back: a second Load must not look a up again.
		if _, err := tx.Exec(ctx, `UPDATE t SET status = 'behind' WHERE case_id = $1`, a); err != nil {
			return err
		}
		if err := rs.Load(ctx, tx, []uuid.UUID{a, b}, nil); err != nil {
			return err
		}
		if s := rs.Get(a).Status; s != "first" {
			t.Errorf("a second Load replaced a's row: status %q", s)
		}
		if err := rs.Save(ctx, tx); err != nil {
			return err
		}
		rs.Get(b).Status = "second" // b's row is stored now: this is an update, not a second COPY
		rs.Changed(b)
		return rs.Save(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[uuid.UUID]string{}
	rows, _ := pool.Query(ctx, `SELECT case_id, status FROM t`)
	for rows.Next() {
		var id uuid.UUID
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			t.Fatal(err)
		}
		got[id] = s
	}
	if len(got) != 2 || got[a] != "first" || got[b] != "second" {
		t.Errorf("table holds %v, want a first and b second", got)
	}
}

// TestSaveInSlices saves more rows than one statement takes, new and then changed, the changed
// ones twice in one transaction (as spans do), which goes through the temporary table twice.
func TestSaveInSlices(t *testing.T) {
	ctx := context.Background()
	pool, table := newTable(t)
	const n = 12_345
	ids := make([]uuid.UUID, n)
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rs := table.Rows()
		for i := range ids {
			ids[i] = uuid.New()
			rs.Add(ids[i], &row{CaseID: ids[i], Status: "new", Fee: int64(i), Reasons: json.RawMessage(`[]`), Salt: []byte{}})
		}
		return rs.Save(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		rs := table.Rows()
		if err := rs.Load(ctx, tx, ids, nil); err != nil {
			return err
		}
		for _, id := range ids {
			rs.Get(id).Status = "first change"
			rs.Changed(id)
		}
		if err := rs.Save(ctx, tx); err != nil {
			return err
		}
		due := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		for _, id := range ids {
			rs.Get(id).Status, rs.Get(id).Due = "changed", &due
			rs.Changed(id)
		}
		return rs.Save(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows, changed int
	var fees int64
	if err := pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'changed' AND due_at = '2026-11-27 09:00Z'),
		sum(fee) FROM t`).Scan(&rows, &changed, &fees); err != nil {
		t.Fatal(err)
	}
	if rows != n || changed != n || fees != n*(n-1)/2 {
		t.Errorf("%d rows, %d changed, fees sum to %d; want %d, %d, %d", rows, changed, fees, n, n, n*(n-1)/2)
	}
}

func TestNewRejectsATableWithoutCaseID(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New accepted a row type whose first column is not case_id")
		}
	}()
	casetable.New[struct {
		Name string    `db:"name"`
		ID   uuid.UUID `db:"case_id"`
	}]("x")
}
