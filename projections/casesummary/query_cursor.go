package casesummary

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
)

// sortKeys are the orders a case list offers, each as the SQL of its key; nullable dates sort
// as if far in the future so the keyset comparison stays total (and the list indexes match).
var sortKeys = map[string]string{
	"submitted_at": "submitted_at",
	"due_at":       "coalesce(due_at, '9999-12-31 00:00:00+00')",
	"decided_at":   "coalesce(decided_at, '9999-12-31 00:00:00+00')",
}

// Sort is an order of the case list: a key of sortKeys, newest first when Desc.
type Sort struct {
	key  string
	desc bool
}

// ParseSort reads a sort as clients write it: "submitted_at", "due_at" or "decided_at", with a
// leading "-" for newest first.
func ParseSort(v string) (Sort, error) {
	key := strings.TrimPrefix(v, "-")
	if _, ok := sortKeys[key]; !ok {
		return Sort{}, domain.Invalid(domain.FieldError{Field: "sort", Code: "enum",
			Message: "sort by submitted_at, due_at or decided_at, with a leading - for newest first"})
	}
	return Sort{key: key, desc: key != v}, nil
}

// String is the sort as clients write it.
func (s Sort) String() string {
	if s.desc {
		return "-" + s.key
	}
	return s.key
}

// direction is the SQL direction of the sort.
func (s Sort) direction() string {
	if s.desc {
		return "DESC"
	}
	return "ASC"
}

// Cursor is where the next page of a case list starts: the sort key and id of the last row
// sent. It travels as opaque base64 of this JSON, so clients do not build or edit it; the
// member names are the wire format of every cursor already handed out.
type Cursor struct {
	Sort string    `json:"s"`
	Key  time.Time `json:"k"`
	ID   uuid.UUID `json:"i"`
}

func (cur Cursor) encode() string {
	b, _ := json.Marshal(cur)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseCursor reads ?cursor=, nil when empty; it must come from a list sorted by sort.
func ParseCursor(v string, sort Sort) (*Cursor, error) {
	if v == "" {
		return nil, nil
	}
	bad := domain.Invalid(domain.FieldError{Field: "cursor", Code: "format",
		Message: "send the next_cursor of the previous page unchanged, with the same sort"})
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, bad
	}
	var cur Cursor
	if err := json.Unmarshal(b, &cur); err != nil || cur.Sort != sort.String() {
		return nil, bad
	}
	return &cur, nil
}
