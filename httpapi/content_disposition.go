package httpapi

import (
	"fmt"
	"strings"
)

// contentDisposition names a download for saving: an ASCII filename for old clients and the
// exact UTF-8 name as RFC 6266's filename* (RFC 8187 encoding), so Persian names survive.
func contentDisposition(name string) string {
	return `attachment; filename="` + asciiFallback(name) + `"; filename*=UTF-8''` + encodeExtValue(name)
}

// asciiFallback replaces every byte outside printable ASCII, and the quote and backslash that
// would end or escape the quoted string, with "_".
func asciiFallback(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x20 || r > 0x7E || r == '"' || r == '\\' {
			r = '_'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// encodeExtValue percent-encodes every byte that is not an RFC 8187 attr-char.
func encodeExtValue(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAttrChar(c) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func isAttrChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// etagMatches is If-None-Match's weak comparison: "*" or any listed tag, W/ or not, equal to tag.
func etagMatches(header, tag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}
