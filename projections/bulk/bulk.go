// Package bulk writes rows with COPY … FROM STDIN (FORMAT binary). A read model's batch of new
// rows goes in one round trip, encoded into one pooled buffer: an INSERT … SELECT FROM unnest
// of the same rows has pgx build a parameter array per column and a bind message, fresh for
// every statement, and on a catch-up that garbage cost the Go side more than anything else.
package bulk

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Column is a column to copy into and its SQL type name ("text", "timestamptz", …).
type Column struct {
	Name, Type string
}

// typeNames are the SQL spellings of types pgx knows by their internal names.
var typeNames = map[string]string{"bigint": "int8", "integer": "int4", "smallint": "int2", "boolean": "bool"}

// Copier copies rows into one table's columns.
type Copier struct {
	table   string
	columns []Column
	sql     string
}

// New prepares copies into table (unqualified: the transaction's search_path finds it).
func New(table string, columns ...Column) *Copier {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = pgx.Identifier{c.Name}.Sanitize()
	}
	return &Copier{table: table, columns: columns,
		sql: fmt.Sprintf("COPY %s (%s) FROM STDIN (FORMAT binary)", pgx.Identifier{table}.Sanitize(), strings.Join(names, ", "))}
}

// UUID lets a uuid.UUID be copied through a pointer without boxing it: uuid.UUID itself
// encodes through its text form, which a binary COPY cannot take.
type UUID struct{ *uuid.UUID }

// UUIDValue implements pgtype.UUIDValuer.
func (u UUID) UUIDValue() (pgtype.UUID, error) {
	return pgtype.UUID{Bytes: *u.UUID, Valid: true}, nil
}

// buffers keeps encoding buffers between batches: one holds a whole batch's rows.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// header is the binary COPY signature, flags and header extension length.
var header = []byte("PGCOPY\n\377\r\n\000\000\000\000\000\000\000\000\000")

// Copy writes n rows. row(i, dst) stores the values of row i in dst, one per column in order;
// each column's values must have one Go type for all rows (pointers are best: they box without
// allocating, and a nil pointer is NULL).
func (c *Copier) Copy(ctx context.Context, tx pgx.Tx, n int, row func(i int, dst []any)) error {
	if n == 0 {
		return nil
	}
	m := tx.Conn().TypeMap()
	oids := make([]uint32, len(c.columns))
	for i, col := range c.columns {
		t, ok := m.TypeForName(typeNames[col.Type])
		if !ok {
			t, ok = m.TypeForName(col.Type)
		}
		if !ok {
			return fmt.Errorf("copy into %s: unknown type %q of column %s", c.table, col.Type, col.Name)
		}
		oids[i] = t.OID
	}
	plans := make([]pgtype.EncodePlan, len(c.columns))
	values := make([]any, len(c.columns))
	buf := buffers.Get().(*[]byte)
	b := append((*buf)[:0], header...)
	defer func() { *buf = b[:0]; buffers.Put(buf) }()
	for i := range n {
		row(i, values)
		b = binary.BigEndian.AppendUint16(b, uint16(len(values)))
		for j, v := range values {
			start := len(b)
			b = binary.BigEndian.AppendUint32(b, 0xFFFFFFFF) // NULL unless the value says otherwise
			out, ok := appendCommon(b, oids[j], v)
			if !ok {
				if plans[j] == nil {
					if plans[j] = m.PlanEncode(oids[j], pgtype.BinaryFormatCode, v); plans[j] == nil {
						return fmt.Errorf("copy into %s: cannot encode %T as %s for column %s", c.table, v, c.columns[j].Type, c.columns[j].Name)
					}
				}
				var err error
				if out, err = plans[j].Encode(v, b); err != nil {
					return fmt.Errorf("copy into %s: column %s: %w", c.table, c.columns[j].Name, err)
				}
			}
			if out != nil {
				b = out
				binary.BigEndian.PutUint32(b[start:], uint32(len(b)-start-4))
			}
		}
	}
	b = binary.BigEndian.AppendUint16(b, 0xFFFF) // trailer
	if _, err := tx.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(b), c.sql); err != nil {
		return fmt.Errorf("copy %d rows into %s: %w", n, c.table, err)
	}
	return nil
}

// microsecondsToY2K is the PostgreSQL epoch (2000-01-01 UTC) in Unix microseconds.
const microsecondsToY2K = 946684800 * 1000000

// appendCommon appends the binary form of the common pointer types read models copy (text,
// bigint, integer, boolean, timestamptz, uuid) without pgx's encode plans, which dereference
// through reflection and box every value anew. It returns nil for NULL, and false for a value
// it leaves to pgx.
func appendCommon(b []byte, oid uint32, v any) ([]byte, bool) {
	switch v := v.(type) {
	case *string:
		if oid == pgtype.TextOID {
			return append(b, *v...), true
		}
	case **string:
		if oid == pgtype.TextOID {
			if *v == nil {
				return nil, true
			}
			return append(b, **v...), true
		}
	case *int64:
		if oid == pgtype.Int8OID {
			return binary.BigEndian.AppendUint64(b, uint64(*v)), true
		}
	case *int:
		if oid == pgtype.Int4OID && *v == int(int32(*v)) {
			return binary.BigEndian.AppendUint32(b, uint32(int32(*v))), true
		}
	case *bool:
		if oid == pgtype.BoolOID {
			if *v {
				return append(b, 1), true
			}
			return append(b, 0), true
		}
	case *time.Time:
		if oid == pgtype.TimestamptzOID {
			return appendTimestamptz(b, *v), true
		}
	case **time.Time:
		if oid == pgtype.TimestamptzOID {
			if *v == nil {
				return nil, true
			}
			return appendTimestamptz(b, **v), true
		}
	case UUID:
		if oid == pgtype.UUIDOID {
			return append(b, v.UUID[:]...), true
		}
	}
	return b, false
}

// appendTimestamptz appends t as microseconds since 2000-01-01 UTC, truncated as pgx does.
func appendTimestamptz(b []byte, t time.Time) []byte {
	us := t.Unix()*1000000 + int64(t.Nanosecond())/1000 - microsecondsToY2K
	return binary.BigEndian.AppendUint64(b, uint64(us))
}
