package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
)

// cursor is where the next page of a case list starts: the sort key and id of the last row
// sent. It travels as opaque base64 so clients do not build or edit it.
type cursor struct {
	Sort string    `json:"s"`
	Key  time.Time `json:"k"`
	ID   uuid.UUID `json:"i"`
}

func (cur cursor) encode() string {
	b, _ := json.Marshal(cur)
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseCursor reads ?cursor=; it must come from a list sorted the same way.
func parseCursor(v, sort string) (*cursor, error) {
	if v == "" {
		return nil, nil
	}
	bad := domain.Invalid(domain.FieldError{Field: "cursor", Code: "format",
		Message: "send the next_cursor of the previous page unchanged, with the same sort"})
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, bad
	}
	var cur cursor
	if err := json.Unmarshal(b, &cur); err != nil || cur.Sort != sort {
		return nil, bad
	}
	return &cur, nil
}
