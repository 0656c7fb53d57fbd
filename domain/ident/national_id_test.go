package ident_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/ident"
)

func TestParseNationalID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want, code string
	}{
		{"accepts a known valid ID", "3974017844", "3974017844", ""},
		{"accepts a second known valid ID", "7730942860", "7730942860", ""},
		{"accepts a leading-zero ID", "0499370899", "0499370899", ""},
		{"restores one dropped leading zero", "499370899", "0499370899", ""},
		{"accepts Persian digits", "۳۹۷۴۰۱۷۸۴۴", "3974017844", ""},
		{"accepts Arabic-Indic digits and dashes", "٣٩٧-٤٠١٧٨٤-٤", "3974017844", ""},
		{"rejects a wrong check digit", "3974017845", "", ident.CodeNationalIDChecksum},
		{"rejects all-identical digits that pass the checksum", "1111111111", "", ident.CodeNationalIDRepeated},
		{"rejects all zeros", "0000000000", "", ident.CodeNationalIDRepeated},
		{"rejects seven digits", "4993708", "", ident.CodeNationalIDFormat},
		{"rejects eleven digits", "39740178440", "", ident.CodeNationalIDFormat},
		{"rejects letters", "39740178a4", "", ident.CodeNationalIDFormat},
		{"rejects empty input", "", "", ident.CodeNationalIDFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ident.ParseNationalID(tt.in)
			if code := codeOf(t, err); code != tt.code || got.String() != tt.want {
				t.Fatalf("ParseNationalID(%q) = %q, code %q; want %q, code %q", tt.in, got, code, tt.want, tt.code)
			}
		})
	}
}

func FuzzParseNationalID(f *testing.F) {
	for _, seed := range []string{"3974017844", "499370899", "۷۷۳۰۹۴۲۸۶۰", "1111111111", "", "12-34"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		id, err := ident.ParseNationalID(in)
		if err != nil {
			codeOf(t, err)
			return
		}
		again, err := ident.ParseNationalID(id.String())
		if err != nil || again != id || len(id) != 10 {
			t.Fatalf("accepted %q as %q but it does not re-parse: %q, %v", in, id, again, err)
		}
	})
}
