package actoractivity

import (
	"time"
	"unicode/utf8"

	"github.com/shafaf-city/shafaf/domain/cases"
)

// appendFacts writes the public facts of an event as the JSON array the facts column holds,
// the shape encoding/json gives []cases.Fact. Written by hand: a rebuild writes it for every
// event of the log, and reflection cost more than the rest of this read model's row.
func appendFacts(dst []byte, facts []cases.Fact) []byte {
	dst = append(dst, '[')
	n := 0
	for _, f := range facts {
		if f.Personal {
			continue // this table holds no personal data
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(dst, `{"key":`...)
		dst = appendString(dst, f.Key)
		if f.Text != "" {
			dst = append(dst, `,"text":`...)
			dst = appendString(dst, f.Text)
		}
		if !f.At.IsZero() {
			dst = append(dst, `,"at":"`...)
			dst = f.At.UTC().AppendFormat(dst, time.RFC3339Nano)
			dst = append(dst, '"')
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendString writes s as a JSON string: quotes, backslashes and control characters escaped,
// invalid UTF-8 as U+FFFD, everything else as it is.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r < 0x20:
			dst = append(dst, `\u00`...)
			dst = append(dst, "0123456789abcdef"[r>>4], "0123456789abcdef"[r&0xf])
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
