// Package casetable writes read-model tables that keep one row per case set-based: a batch
// loads the rows of the cases it touches in one query, folds its events into them in Go, and
// writes the changed rows back in two statements (a COPY of the new ones, an upsert of the
// rest). On a loaded PostgreSQL each statement costs tens of microseconds before it touches a
// row, so a statement or two per table per batch, instead of one per event, is what lets a read
// model catch up at tens of thousands of events a second.
package casetable

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
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
	upsertSQL string       // rows loaded from the table
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
	t.insert = bulk.New(name, copied...)
	t.upsertSQL = fmt.Sprintf("INSERT INTO %s (%s) SELECT * FROM unnest(%s)\n\tON CONFLICT (case_id) DO UPDATE SET (%s) = ROW(%s)",
		name, cols, strings.Join(params, ", "), strings.Join(columns[1:], ", "), strings.Join(excluded, ", "))
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

// load reads the rows of the given cases that exist, keyed by case id, except cases in started.
func (t *Table[R]) load(ctx context.Context, tx pgx.Tx, ids []uuid.UUID, started map[uuid.UUID]bool) (map[uuid.UUID]*R, error) {
	out := make(map[uuid.UUID]*R, len(ids))
	ids = distinct(ids, started)
	if len(ids) == 0 {
		return out, nil
	}
	// Planned afresh for every batch: a cached generic plan made while the table was nearly
	// empty scans it whole, and a catch-up loads from a table that grows to every case.
	rows, err := tx.Query(ctx, t.loadSQL, pgx.QueryExecModeExec, pgUUIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("%s: load: %w", t.name, err)
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
			return nil, fmt.Errorf("%s: load: %w", t.name, err)
		}
		out[*dest[0].(*uuid.UUID)] = r
	}
	return out, rows.Err()
}

// upsert writes rows in one statement, replacing them whole. Each case may appear once.
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

// add copies in the rows of cases that have none yet.
func (t *Table[R]) add(ctx context.Context, tx pgx.Tx, rows []*R) error {
	return t.insert.Copy(ctx, tx, len(rows), func(i int, dst []any) {
		v := reflect.ValueOf(rows[i]).Elem()
		for j, f := range t.fields {
			field := v.Field(f).Addr().Interface()
			if t.uuids[j] {
				field = bulk.UUID{UUID: field.(*uuid.UUID)}
			}
			dst[j] = field
		}
	})
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

// distinct drops repeated ids (a case's events often come several to a batch) and those in
// skip.
func distinct(ids []uuid.UUID, skip map[uuid.UUID]bool) []uuid.UUID {
	seen := make(map[uuid.UUID]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] && !skip[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Rows is one batch's working set of a table: the rows loaded for its cases, the rows it adds,
// and which of them it changed, so Save writes each changed case once.
type Rows[R any] struct {
	byID    map[uuid.UUID]*R
	stored  map[uuid.UUID]bool // cases whose rows came from the table
	changed map[uuid.UUID]bool
	order   []uuid.UUID // changed cases, in the order they first changed
}

// Begin loads the rows of ids (duplicates allowed) for a batch to fold its events into. Cases
// in started (caseevent.Batch.Started) are not looked up: their rows cannot exist yet.
func (t *Table[R]) Begin(ctx context.Context, tx pgx.Tx, ids []uuid.UUID, started map[uuid.UUID]bool) (*Rows[R], error) {
	byID, err := t.load(ctx, tx, ids, started)
	if err != nil {
		return nil, err
	}
	stored := make(map[uuid.UUID]bool, len(byID))
	for id := range byID {
		stored[id] = true
	}
	return &Rows[R]{byID: byID, stored: stored, changed: make(map[uuid.UUID]bool, len(ids))}, nil
}

// Get is the case's row, nil when the case has none.
func (rs *Rows[R]) Get(id uuid.UUID) *R { return rs.byID[id] }

// Add gives a case its first row.
func (rs *Rows[R]) Add(id uuid.UUID, r *R) {
	rs.byID[id] = r
	rs.Changed(id)
}

// Changed marks the case's row as one to write.
func (rs *Rows[R]) Changed(id uuid.UUID) {
	if !rs.changed[id] {
		rs.changed[id] = true
		rs.order = append(rs.order, id)
	}
}

// Save writes the changed rows: the new ones with COPY, which costs both sides far less than an
// upsert, and the loaded ones in one upsert. Begin loaded every row that exists, in the same
// transaction of the projection's only writer, so a new row cannot conflict.
func (t *Table[R]) Save(ctx context.Context, tx pgx.Tx, rs *Rows[R]) error {
	var fresh, stored []*R
	for _, id := range rs.order {
		if rs.stored[id] {
			stored = append(stored, rs.byID[id])
		} else {
			fresh = append(fresh, rs.byID[id])
		}
	}
	if err := t.add(ctx, tx, fresh); err != nil {
		return err
	}
	return t.upsert(ctx, tx, stored)
}

// HandleBatch is the whole HandleBatch of a read model that keeps one such table: decode the
// batch, load its cases' rows, fold each event into them with apply, save the changed rows.
func (t *Table[R]) HandleBatch(ctx context.Context, tx pgx.Tx, dec *caseevent.Decoder, events []eventstore.RecordedEvent,
	apply func(*Rows[R], caseevent.Event)) (unknown int, err error) {
	decoded, err := dec.DecodeBatch(events)
	if err != nil {
		return decoded.Unknown, err
	}
	rs, err := t.Begin(ctx, tx, decoded.CaseIDs(), decoded.Started())
	if err != nil {
		return decoded.Unknown, err
	}
	for _, e := range decoded.Events {
		apply(rs, e)
	}
	return decoded.Unknown, t.Save(ctx, tx, rs)
}
