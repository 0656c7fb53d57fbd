package documents

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFileNameBytes keeps names within what file systems and headers handle everywhere.
const maxFileNameBytes = 200

// CleanFileName keeps what a client's file name says for people (Persian included) and drops
// what could mislead a browser or a file system: directories, control characters, bidi
// overrides (which make "gpj.exe" read as "exe.jpg"), invalid UTF-8, excess length; the
// zero-width non-joiner of Persian words stays. An empty result becomes "document".
func CleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || bidiControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	name = strings.TrimSpace(name)
	for len(name) > maxFileNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == "/" || name == ".." {
		return "document"
	}
	return name
}

// bidiControl reports the embedding, override and isolate controls of Unicode's bidi algorithm.
func bidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}
