package bulk_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/projections/bulk"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

type row struct {
	ID      uuid.UUID
	Name    string
	Note    *string
	Count   int64
	Small   int
	Open    bool
	At      time.Time
	Due     *time.Time
	Day     time.Time
	Area    *float64
	Reasons json.RawMessage
	Salt    []byte
}

// TestCopyRoundTrip copies rows of every column type the read models use, NULLs included, and
// reads them back.
func TestCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	if _, err := pool.Exec(ctx, `CREATE TABLE t (id uuid PRIMARY KEY, name text NOT NULL, note text, count bigint NOT NULL,
		small integer NOT NULL, open boolean NOT NULL, at timestamptz NOT NULL, due timestamptz, day date NOT NULL,
		area numeric, reasons jsonb NOT NULL, salt bytea NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	note, area := "corner plot, 'quoted'", 312.5
	at := time.Date(2026, 11, 26, 10, 30, 0, 123456000, time.UTC)
	due, day := at.Add(72*time.Hour), time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	rows := []row{
		{ID: uuid.New(), Name: "نوساز", Note: &note, Count: 1 << 40, Small: -3, Open: true, At: at, Due: &due, Day: day,
			Area: &area, Reasons: json.RawMessage(`["setback", "height"]`), Salt: []byte{0, 1, 2}},
		{ID: uuid.New(), Name: "", At: at, Day: day, Reasons: json.RawMessage(`[]`), Salt: []byte{}},
	}
	c := bulk.New("t", bulk.Column{Name: "id", Type: "uuid"}, bulk.Column{Name: "name", Type: "text"},
		bulk.Column{Name: "note", Type: "text"}, bulk.Column{Name: "count", Type: "bigint"},
		bulk.Column{Name: "small", Type: "integer"}, bulk.Column{Name: "open", Type: "boolean"},
		bulk.Column{Name: "at", Type: "timestamptz"}, bulk.Column{Name: "due", Type: "timestamptz"},
		bulk.Column{Name: "day", Type: "date"}, bulk.Column{Name: "area", Type: "numeric"},
		bulk.Column{Name: "reasons", Type: "jsonb"}, bulk.Column{Name: "salt", Type: "bytea"})
	for range 2 { // the second copy reuses the pooled buffer
		if _, err := pool.Exec(ctx, "TRUNCATE t"); err != nil {
			t.Fatal(err)
		}
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			return c.Copy(ctx, tx, len(rows), func(i int, dst []any) {
				r := &rows[i]
				dst[0], dst[1], dst[2], dst[3], dst[4], dst[5] = bulk.UUID{UUID: &r.ID}, &r.Name, &r.Note, &r.Count, &r.Small, &r.Open
				dst[6], dst[7], dst[8], dst[9], dst[10], dst[11] = &r.At, &r.Due, &r.Day, &r.Area, &r.Reasons, &r.Salt
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range rows {
		var got row
		if err := pool.QueryRow(ctx, `SELECT id, name, note, count, small, open, at, due, day, area::float8, reasons, salt FROM t WHERE id = $1`,
			want.ID).Scan(&got.ID, &got.Name, &got.Note, &got.Count, &got.Small, &got.Open, &got.At, &got.Due, &got.Day,
			&got.Area, &got.Reasons, &got.Salt); err != nil {
			t.Fatal(err)
		}
		same := got.ID == want.ID && got.Name == want.Name && eqPtr(got.Note, want.Note) && got.Count == want.Count &&
			got.Small == want.Small && got.Open == want.Open && got.At.Equal(want.At) &&
			(got.Due == nil) == (want.Due == nil) && (got.Due == nil || got.Due.Equal(*want.Due)) &&
			got.Day.Equal(want.Day) && eqPtr(got.Area, want.Area) && jsonEqual(got.Reasons, want.Reasons) &&
			string(got.Salt) == string(want.Salt)
		if !same {
			t.Errorf("row %s:\n got %+v\nwant %+v", want.ID, got, want)
		}
	}
}

func eqPtr[T comparable](a, b *T) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && string(mustMarshal(x)) == string(mustMarshal(y))
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// TestCopyRejectsAnUnknownType: a column type the connection does not know is a clear error.
func TestCopyRejectsAnUnknownType(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	c := bulk.New("t", bulk.Column{Name: "x", Type: "no_such_type"})
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		return c.Copy(ctx, tx, 1, func(int, []any) {})
	})
	if err == nil {
		t.Fatal("copy with an unknown column type succeeded")
	}
}
