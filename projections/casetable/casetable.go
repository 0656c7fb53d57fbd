// Package casetable writes read-model tables that keep one row per case set-based: a batch
// loads the rows of the cases it touches in one query, folds its events into them in Go, and
// writes the changed rows back in a few statements (a COPY of the new ones, an upsert of the
// rest). On a loaded PostgreSQL each statement costs tens of microseconds before it touches a
// row, so a statement or two per table per batch, instead of one per event, is what lets a read
// model catch up at tens of thousands of events a second.
package casetable

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/bulk"
	"github.com/shafaf-city/shafaf/projections/caseevent"
)

// Table is a table with one row per case, whose columns are R's fields tagged `db:"column"`.
// The first tagged field must be the case id, `db:"case_id"`, of type uuid.UUID. A field's
// SQL type follows from its Go type (string text, int64 bigint, int integer, bool boolean,
// time.Time timestamptz, json.RawMessage jsonb, []byte bytea, uuid.UUID uuid; a pointer is
// nullable); a `pg:"date"` tag overrides it.
type Table[R any] struct {
	name      string
	fields    []int  // R's field index of each column
	uuids     []bool // whether each column is a uuid.UUID, which bulk.UUID wraps
	loadSQL   string
	insert    *bulk.Copier // rows of cases that have none yet
	upsertSQL string       // a few rows loaded from the table
	// Many rows loaded from the table go through a temporary table (see merge).
	stage              *bulk.Copier
	stageSQL, mergeSQL string
}

// New describes table name for rows of type R; it panics on a row type it cannot map, which
// is a programming error found by the read model's first test.
func New[R any](name string) *Table[R] {
	t := &Table[R]{name: name}
	var columns, types []string
	var copied []bulk.Column
	rt := reflect.TypeFor[R]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		col := f.Tag.Get("db")
		if col == "" || col == "-" {
			continue
		}
		typ := f.Tag.Get("pg")
		if typ == "" {
			typ = sqlType(f.Type)
		}
		if typ == "" {
			panic(fmt.Sprintf("casetable: %s.%s: no SQL type for %s", rt.Name(), f.Name, f.Type))
		}
		t.fields, columns, types = append(t.fields, i), append(columns, col), append(types, typ)
		copied = append(copied, bulk.Column{Name: col, Type: typ})
		t.uuids = append(t.uuids, f.Type == reflect.TypeFor[uuid.UUID]())
	}
	if len(columns) < 2 || columns[0] != "case_id" || rt.Field(t.fields[0]).Type != reflect.TypeFor[uuid.UUID]() {
		panic(fmt.Sprintf("casetable: %s: the first column must be case_id uuid.UUID, then at least one more", rt.Name()))
	}
	cols := strings.Join(columns, ", ")
	t.loadSQL = fmt.Sprintf("SELECT %s FROM %s WHERE case_id = ANY ($1)", cols, name)
	params := make([]string, len(columns))
	excluded := make([]string, len(columns)-1)
	for i, typ := range types {
		params[i] = fmt.Sprintf("$%d::%s[]", i+1, typ)
		if i > 0 {
			excluded[i-1] = "EXCLUDED." + columns[i]
		}
	}
	replace := fmt.Sprintf("ON CONFLICT (case_id) DO UPDATE SET (%s) = ROW(%s)", strings.Join(columns[1:], ", "), strings.Join(excluded, ", "))
	t.insert = bulk.New(name, copied...)
	t.upsertSQL = fmt.Sprintf("INSERT INTO %s (%s) SELECT * FROM unnest(%s)\n\t%s", name, cols, strings.Join(params, ", "), replace)
	// Temporary tables come first on every search_path, so the unqualified name finds it.
	stage := "casetable_stage_" + name
	t.stage = bulk.New(stage, copied...)
	t.stageSQL = fmt.Sprintf("CREATE TEMPORARY TABLE %s (LIKE %s) ON COMMIT DROP", stage, name)
	t.mergeSQL = fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s\n\t%s;\nDROP TABLE %s", name, cols, cols, stage, replace, stage)
	return t
}

// sqlType is the column type a Go field of type t maps to by default.
func sqlType(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeFor[uuid.UUID]():
		return "uuid"
	case reflect.TypeFor[time.Time]():
		return "timestamptz"
	case reflect.TypeFor[json.RawMessage]():
		return "jsonb"
	case reflect.TypeFor[[]byte]():
		return "bytea"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Int64:
		return "bigint"
	case reflect.Int, reflect.Int32:
		return "integer"
	case reflect.Bool:
		return "boolean"
	}
	return ""
}

// load reads the rows of ids that exist and hands each to found.
func (t *Table[R]) load(ctx context.Context, tx pgx.Tx, ids []uuid.UUID, found func(id uuid.UUID, r *R)) error {
	// Planned afresh for every batch: a cached generic plan made while the table was nearly
	// empty scans it whole, and a catch-up loads from a table that grows to every case.
	rows, err := tx.Query(ctx, t.loadSQL, pgx.QueryExecModeExec, pgUUIDs(ids))
	if err != nil {
		return fmt.Errorf("%s: load: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		r := new(R)
		v := reflect.ValueOf(r).Elem()
		dest := make([]any, len(t.fields))
		for i, f := range t.fields {
			dest[i] = v.Field(f).Addr().Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("%s: load: %w", t.name, err)
		}
		found(*dest[0].(*uuid.UUID), r)
	}
	return rows.Err()
}

// upsert writes a few rows in one statement, replacing them whole. Each case may appear once.
func (t *Table[R]) upsert(ctx context.Context, tx pgx.Tx, rows []*R) error {
	if len(rows) == 0 {
		return nil
	}
	args := make([]any, len(t.fields))
	for i, f := range t.fields {
		typ := reflect.TypeFor[R]().Field(f).Type
		if typ == reflect.TypeFor[uuid.UUID]() {
			ids := make([]pgtype.UUID, len(rows))
			for j, r := range rows {
				ids[j] = pgtype.UUID{Bytes: reflect.ValueOf(r).Elem().Field(f).Interface().(uuid.UUID), Valid: true}
			}
			args[i] = ids
			continue
		}
		col := reflect.MakeSlice(reflect.SliceOf(typ), len(rows), len(rows))
		for j, r := range rows {
			col.Index(j).Set(reflect.ValueOf(r).Elem().Field(f))
		}
		args[i] = col.Interface()
	}
	if _, err := tx.Exec(ctx, t.upsertSQL, args...); err != nil {
		return fmt.Errorf("%s: upsert %d rows: %w", t.name, len(rows), err)
	}
	return nil
}

// merge writes many rows, replacing them whole: it copies them into a temporary table shaped
// like the table and upserts from there in one statement. pgx encodes an upsert's parameter
// arrays through reflection, a value at a time, and a catch-up transaction rewrites tens of
// thousands of rows a table: copying them made a 1M-event catch-up ~5 % faster. The temporary
// table lives for this call (dropped at its end, and by a rollback), so it always has the
// columns of the generation being written. Each case may appear once.
func (t *Table[R]) merge(ctx context.Context, tx pgx.Tx, rows []*R) error {
	if _, err := tx.Exec(ctx, t.stageSQL); err != nil {
		return fmt.Errorf("%s: merge: %w", t.name, err)
	}
	if err := t.copy(ctx, tx, t.stage, rows); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, t.mergeSQL); err != nil {
		return fmt.Errorf("%s: merge %d rows: %w", t.name, len(rows), err)
	}
	return nil
}

// copy writes rows with c, a copier into the table or its stage, saveChunk rows a statement:
// a catch-up transaction saves a hundred thousand rows, and one COPY of all of them would hold
// every row encoded at once.
func (t *Table[R]) copy(ctx context.Context, tx pgx.Tx, c *bulk.Copier, rows []*R) error {
	for part := range slices.Chunk(rows, saveChunk) {
		err := c.Copy(ctx, tx, len(part), func(i int, dst []any) {
			v := reflect.ValueOf(part[i]).Elem()
			for j, f := range t.fields {
				field := v.Field(f).Addr().Interface()
				if t.uuids[j] {
					field = bulk.UUID{UUID: field.(*uuid.UUID)}
				}
				dst[j] = field
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// pgUUIDs converts ids for an array parameter: pgx encodes uuid.UUID through its text form, and
// in an array only after a failed binary attempt whose error formatting cost more than the
// rest of the write.
func pgUUIDs(ids []uuid.UUID) []pgtype.UUID {
	out := make([]pgtype.UUID, len(ids))
	for i, id := range ids {
		out[i] = pgtype.UUID{Bytes: id, Valid: true}
	}
	return out
}

// Settler is a row (a *R) that keeps columns in a form of its own while batches fold into it,
// such as a decoded value, and writes them into its fields once, when Save is about to write it.
type Settler interface {
	Settle() error
}

// Rows is a working set of a table's rows: those of the cases some batches touch, loaded once
// and folded into in memory, and which of them changed, so Save writes each changed case once
// however many events and batches changed it.
type Rows[R any] struct {
	table *Table[R]
	// cases holds every case looked up or added; one map, since its lookups were most of the
	// time a catch-up spent in Go outside decoding and the driver.
	cases map[uuid.UUID]*entry[R]
	order []*entry[R] // changed cases, in the order they first changed
}

// entry is a case in a working set.
type entry[R any] struct {
	row     *R   // nil when the case has no row
	stored  bool // the row is in the table: loaded from it, or saved
	changed bool // the row is to be written
}

// Rows is an empty working set of t.
func (t *Table[R]) Rows() *Rows[R] {
	return &Rows[R]{table: t, cases: map[uuid.UUID]*entry[R]{}}
}

// Load brings the rows of ids (duplicates allowed) into the set, in one query for those it has
// not looked up yet. Cases in started (caseevent.Batch.Started) are not looked up: their rows
// cannot exist yet.
func (rs *Rows[R]) Load(ctx context.Context, tx pgx.Tx, ids []uuid.UUID, started map[uuid.UUID]bool) error {
	var missing []uuid.UUID
	for _, id := range ids {
		if _, ok := rs.cases[id]; !ok {
			rs.cases[id] = &entry[R]{}
			if !started[id] {
				missing = append(missing, id)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return rs.table.load(ctx, tx, missing, func(id uuid.UUID, r *R) {
		e := rs.cases[id]
		e.row, e.stored = r, true
	})
}

// Get is the case's row, nil when the case has none.
func (rs *Rows[R]) Get(id uuid.UUID) *R {
	if e := rs.cases[id]; e != nil {
		return e.row
	}
	return nil
}

// Add gives a case its first row.
func (rs *Rows[R]) Add(id uuid.UUID, r *R) {
	e := rs.cases[id]
	if e == nil {
		e = &entry[R]{}
		rs.cases[id] = e
	}
	e.row = r
	rs.changed(e)
}

// Changed marks the case's row, which it must have, as one to write.
func (rs *Rows[R]) Changed(id uuid.UUID) { rs.changed(rs.cases[id]) }

func (rs *Rows[R]) changed(e *entry[R]) {
	if !e.changed {
		e.changed = true
		rs.order = append(rs.order, e)
	}
}

// Save writes the changed rows: the new ones with COPY, which costs both sides far less than an
// upsert, and the loaded ones in one upsert (a few) or a merge (many). Load looked up every row
// that could exist, in the same transaction of the projection's only writer, so a new row
// cannot conflict. The saved rows stay in the set, unchanged.
func (rs *Rows[R]) Save(ctx context.Context, tx pgx.Tx) error {
	var fresh, stored []*R
	for _, e := range rs.order {
		if s, ok := any(e.row).(Settler); ok {
			if err := s.Settle(); err != nil {
				return fmt.Errorf("%s: %w", rs.table.name, err)
			}
		}
		if e.stored {
			stored = append(stored, e.row)
		} else {
			fresh = append(fresh, e.row)
			e.stored = true
		}
		e.changed = false
	}
	rs.order = rs.order[:0]
	if err := rs.table.copy(ctx, tx, rs.table.insert, fresh); err != nil {
		return err
	}
	if len(stored) >= mergeFrom {
		return rs.table.merge(ctx, tx, stored)
	}
	return rs.table.upsert(ctx, tx, stored)
}

// saveChunk is how many rows copy writes per statement.
const saveChunk = 5000

// mergeFrom is how many loaded rows make Save merge them (see merge) rather than upsert them:
// creating a temporary table costs about a millisecond, more than a live batch's few rows.
const mergeFrom = 500

// Fold folds batches of case events into one table's rows with apply, for a read model whose
// whole state is that table: Add loads the rows a batch's cases need and applies its events,
// Flush saves what changed. It is the read model's projector.Stage.
type Fold[R any] struct {
	rows  *Rows[R]
	dec   *caseevent.Decoder
	apply func(*Rows[R], caseevent.Event) error
}

// Fold starts a fold of batches into t.
// An error of apply fails the batch, so the runtime parks the case whose event caused it.
func (t *Table[R]) Fold(dec *caseevent.Decoder, apply func(*Rows[R], caseevent.Event) error) *Fold[R] {
	return &Fold[R]{rows: t.Rows(), dec: dec, apply: apply}
}

// Add decodes events, loads the rows of their cases and applies them.
func (f *Fold[R]) Add(ctx context.Context, tx pgx.Tx, events []eventstore.RecordedEvent) (unknown int, err error) {
	decoded, err := f.dec.DecodeBatch(events)
	if err != nil {
		return decoded.Unknown, err
	}
	if err := f.rows.Load(ctx, tx, decoded.CaseIDs(), decoded.Started()); err != nil {
		return decoded.Unknown, err
	}
	for _, e := range decoded.Events {
		if err := f.apply(f.rows, e); err != nil {
			return decoded.Unknown, fmt.Errorf("case %s revision %d: %w", e.CaseID, e.Revision, err)
		}
	}
	return decoded.Unknown, nil
}

// Flush saves the rows that changed.
func (f *Fold[R]) Flush(ctx context.Context, tx pgx.Tx) error { return f.rows.Save(ctx, tx) }
