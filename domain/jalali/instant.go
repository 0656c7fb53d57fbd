package jalali

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"

	"github.com/shafaf-city/shafaf/domain"
)

// Instant is a moment given at an edge of the product: an RFC 3339 timestamp, or a Jalali
// calendar day ("1404/01/15", any digits) meaning that day's start in Tehran. It is kept and
// written out as a UTC instant, so clerks can type the dates they use while storage stays
// unambiguous.
type Instant struct{ time.Time }

// UnmarshalJSON reads either form; a Jalali day the calendar does not have is refused.
func (i *Instant) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*i = Instant{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return domain.Invalid(domain.FieldError{Field: "date", Code: CodeDateFormat,
			Message: `a date is a string: "2025-04-04T08:30:00Z" or "1404/01/15"`})
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		i.Time = t.UTC()
		return nil
	}
	d, err := Parse(s)
	var de *domain.Error
	if errors.As(err, &de) && len(de.Fields) == 1 {
		de.Fields[0].Message = `"` + s + `": ` + de.Fields[0].Message + ` or an RFC 3339 timestamp`
		return de
	}
	if err != nil {
		return err
	}
	i.Time = ToTime(d)
	return nil
}

// MarshalJSON writes the UTC instant in RFC 3339.
func (i Instant) MarshalJSON() ([]byte, error) { return json.Marshal(i.Time.UTC()) }
