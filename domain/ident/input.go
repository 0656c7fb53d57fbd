package ident

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says how the text of one input field is normalised. Every string a client sends goes
// through Field.Normalize once at the edge, because a stored event is forever: a NUL or a stray
// control character in one would break every read model that copies it.
type Kind uint8

const (
	// Code is an identifier, key or enum value ("permit.new", "clerk-7", a national ID): one
	// line, Persian and Arabic-Indic digits become ASCII, Arabic yeh/kaf become Persian, joiners
	// are dropped and runs of spaces become one.
	Code Kind = iota
	// Line is one line of Persian text (a name, an address): Arabic yeh/kaf become Persian,
	// joiners are tidied and runs of spaces become one; digits stay as typed.
	Line
	// Text is free text (a note, a description, a reason): like Line, but newlines and tabs are
	// kept and CRLF becomes LF.
	Text
)

// Field is the rule for one input field: its kind and its maximum length in characters
// (Unicode code points, as OpenAPI's maxLength counts them).
type Field struct {
	Kind   Kind
	MaxLen int
}

// The field codes of this file's rules.
const (
	CodeEncoding  = "encoding"          // not valid UTF-8
	CodeControl   = "control_character" // NUL or another control character the field does not allow
	CodeMaxLength = "max_length"        // longer than the field's MaxLen
)

// Normalize returns s in the field's canonical form, or an Invalid error naming field (the
// path the client sees, e.g. "applicant.name") when s is not valid UTF-8, holds a control
// character the kind does not allow, or is longer than MaxLen once normalised.
func (f Field) Normalize(field, s string) (string, error) {
	if err := f.refuse(field, s); err != nil {
		return "", err
	}
	if f.Kind == Text {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	s = arabicLetters.Replace(s)
	if f.Kind == Code {
		s = NormalizeDigits(dropJoiners.Replace(s))
	}
	s = tidyJoiners(s)
	if f.Kind == Text {
		s = strings.TrimSpace(s)
	} else {
		s = strings.Join(strings.Fields(s), " ")
	}
	if err := f.Check(field, s); err != nil {
		return "", err
	}
	return s, nil
}

// Check refuses s without changing it: the domain's own guard, so no path that skips the edge
// (a seeder, a CLI) can store what Normalize would refuse.
func (f Field) Check(field, s string) error {
	if err := f.refuse(field, s); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(s); n > f.MaxLen {
		return invalid(field, CodeMaxLength, field+" has "+strconv.Itoa(n)+" characters; at most "+strconv.Itoa(f.MaxLen)+" are allowed")
	}
	return nil
}

// refuse reports invalid UTF-8 and control characters; Text allows newlines, tabs and the CR
// of a CRLF, which Normalize turns into a newline.
func (f Field) refuse(field, s string) error {
	if !utf8.ValidString(s) {
		return invalid(field, CodeEncoding, field+" is not valid UTF-8")
	}
	for _, r := range s {
		if !unicode.IsControl(r) && r != '\u2028' && r != '\u2029' {
			continue
		}
		if f.Kind == Text && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		return invalid(field, CodeControl, field+" holds the control character "+strconv.QuoteRune(r)+", which it does not allow")
	}
	return nil
}

// tidyJoiners drops the zero-width non-joiners (نیم‌فاصله) that join nothing: at either end of a
// word, doubled, or beside a space. Inside a word one stays, because it changes how the word is
// written.
func tidyJoiners(s string) string {
	if !strings.ContainsRune(s, '\u200c') {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i, r := range rs {
		if r == '\u200c' {
			prevOK := len(out) > 0 && !unicode.IsSpace(out[len(out)-1]) && out[len(out)-1] != '\u200c'
			nextOK := i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) && rs[i+1] != '\u200c'
			if !prevOK || !nextOK {
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}
