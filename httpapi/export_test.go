package httpapi

import "testing"

// A cell a spreadsheet would run as a formula is made inert; Persian text and plain values are
// left as they are.
func TestInertCellDisarmsFormulas(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x")`: `'=HYPERLINK("http://x")`,
		"+98 914":                "'+98 914",
		"-2+3":                   "'-2+3",
		"@SUM(A1)":               "'@SUM(A1)",
		"\tcmd":                  "'\tcmd",
		"\rcmd":                  "'\rcmd",
		"اضافه‌بنا":              "اضافه‌بنا",
		"fine_rials=5":           "fine_rials=5",
		"":                       "",
	} {
		if got := inertCell(in); got != want {
			t.Errorf("inertCell(%q) = %q, want %q", in, got, want)
		}
	}
}
