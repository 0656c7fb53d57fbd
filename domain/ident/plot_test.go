package ident_test

import (
	"reflect"
	"testing"

	"github.com/shafaf-city/shafaf/domain/ident"
)

func TestParsePlot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		section int
		in      string
		want    ident.Plot
		code    string
	}{
		{"reads sub before main", 3, "1617/72", ident.Plot{Section: 3, Main: []int{72}, Sub: []int{1617}}, ""},
		{"reads lists on both sides", 11, "211-253-254/6932-6933",
			ident.Plot{Section: 11, Main: []int{6932, 6933}, Sub: []int{211, 253, 254}}, ""},
		{"reads a bare main number", 1, "72", ident.Plot{Section: 1, Main: []int{72}}, ""},
		{"reads Persian digits and spaces", 2, " ۱۶۱۷ / ۷۲ ", ident.Plot{Section: 2, Main: []int{72}, Sub: []int{1617}}, ""},
		{"rejects an empty main", 1, "1617/", ident.Plot{}, ident.CodePlotFormat},
		{"rejects an empty list item", 1, "1617--1/72", ident.Plot{}, ident.CodePlotFormat},
		{"rejects two slashes", 1, "1/2/3", ident.Plot{}, ident.CodePlotFormat},
		{"rejects a zero main", 1, "5/0", ident.Plot{}, ident.CodePlotMain},
		{"rejects a zero sub", 1, "0/5", ident.Plot{}, ident.CodePlotSub},
		{"rejects a missing section", 0, "1617/72", ident.Plot{}, ident.CodePlotSection},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ident.ParsePlot(tt.section, tt.in)
			if code := codeOf(t, err); code != tt.code || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParsePlot(%d, %q) = %+v, code %q; want %+v, code %q", tt.section, tt.in, got, code, tt.want, tt.code)
			}
		})
	}
}

func TestNewPlotCopiesItsLists(t *testing.T) {
	t.Parallel()
	main := []int{72}
	p, err := ident.NewPlot(1, main, nil)
	if err != nil {
		t.Fatal(err)
	}
	main[0] = 99
	if p.Main[0] != 72 {
		t.Fatalf("plot shares its caller's slice: %v", p.Main)
	}
}

func FuzzParsePlot(f *testing.F) {
	for _, seed := range []string{"1617/72", "211-253-254/6932-6933", "72", "۱/۲", "/", "-"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := ident.ParsePlot(4, in)
		if err != nil {
			codeOf(t, err)
			return
		}
		again, err := ident.ParsePlot(4, p.String())
		if err != nil || !reflect.DeepEqual(again, p) {
			t.Fatalf("%q parsed as %+v but its text %q re-parses as %+v, %v", in, p, p.String(), again, err)
		}
	})
}
