package jalali

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// Instant is a moment given at an edge of the product: an RFC 3339 timestamp, or a Jalali
// calendar day ("1404/01/15", any digits) meaning that day's start in Tehran, optionally with a
// Tehran time of day ("1404/01/15 14:30"). It is kept and written out as a UTC instant, so
// clerks can type the dates they use while storage stays unambiguous.
type Instant struct{ time.Time }

// Moment is what ParseMoment read: the instant, and whether the input named a whole day
// (a Jalali date without a time), so a range can take the day in full.
type Moment struct {
	time.Time
	WholeDay bool
}

// End is the first instant after the moment as given: the next day's start in Tehran for a
// whole day, else the instant itself. "As of 1405/03/15" means as the day closed.
func (m Moment) End() time.Time {
	if !m.WholeDay {
		return m.Time
	}
	return ToTime(FromTime(m.Time).Next())
}

// ParseMoment is the one reader of moments people type: RFC 3339, a Jalali day, or a Jalali day
// with a Tehran time "HH:MM" or "HH:MM:SS" after a space or "T", in any digits. Errors are
// invalid-field errors naming field.
func ParseMoment(field, s string) (Moment, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Moment{Time: t.UTC()}, nil
	}
	norm := strings.TrimSpace(ident.NormalizeDigits(s))
	day, clock, timed := strings.Cut(strings.Replace(norm, "T", " ", 1), " ")
	d, err := Parse(day)
	if err == nil && timed {
		var at time.Duration
		at, err = clockOf(clock)
		if err == nil {
			return Moment{Time: atClock(d, at)}, nil
		}
	}
	var de *domain.Error
	if errors.As(err, &de) && len(de.Fields) == 1 {
		de.Fields[0].Field = field
		de.Fields[0].Message = `"` + s + `": ` + de.Fields[0].Message + ` (a time of day may follow: "1403/12/30 14:30") or an RFC 3339 timestamp`
		return Moment{}, de
	}
	if err != nil {
		return Moment{}, err
	}
	return Moment{Time: ToTime(d), WholeDay: true}, nil
}

// atClock is the instant of Tehran's clock showing at on day d; built from the civil date, not
// by adding to the day's start, so the summers Tehran kept daylight time come out right.
func atClock(d Date, at time.Duration) time.Time {
	y, m, day := ToTime(d).In(Tehran()).Date()
	h, mi, sec := int(at/time.Hour), int(at%time.Hour/time.Minute), int(at%time.Minute/time.Second)
	return time.Date(y, m, day, h, mi, sec, 0, Tehran()).UTC()
}

// clockOf reads a time of day "HH:MM" or "HH:MM:SS" as the time since midnight.
func clockOf(s string) (time.Duration, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	limits := []int{24, 60, 60}
	if len(parts) < 2 || len(parts) > 3 {
		return 0, invalid(CodeDateFormat, `a time of day reads "14:30"`)
	}
	var total time.Duration
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second}[:len(parts)] {
		n, err := strconv.Atoi(parts[i])
		if err != nil || len(parts[i]) != 2 || n < 0 || n >= limits[i] {
			return 0, invalid(CodeDateFormat, `a time of day reads "14:30"`)
		}
		total += time.Duration(n) * unit
	}
	return total, nil
}

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
	m, err := ParseMoment("date", s)
	if err != nil {
		return err
	}
	i.Time = m.Time
	return nil
}

// MarshalJSON writes the UTC instant in RFC 3339.
func (i Instant) MarshalJSON() ([]byte, error) { return json.Marshal(i.Time.UTC()) }
