package web

import (
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestOpenData(t *testing.T) {
	t.Parallel()
	r := MustRouter(t, newFakeSource(), Config{})
	t.Run("serves the permit register as CSV with the dictionary's columns", func(t *testing.T) {
		rec := get(t, r, "GET", "/open-data/permits.csv", "", nil)
		rows := mustCSV(t, rec.Body.String())
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") || !slices.Equal(rows[0], columnsOf("permits")) {
			t.Fatalf("type %q header %v", rec.Header().Get("Content-Type"), rows[0])
		}
		want := []string{"1405-AB12CD34", "building_permit", "پروانه ساختمانی", "Building permit", "valid", "2026-10-01", "2027-10-01", "3", "residential", "4", "420.5", "350000000"}
		if len(rows) != 2 || !slices.Equal(rows[1], want) {
			t.Fatalf("rows %v", rows)
		}
	})
	t.Run("writes dates as Tehran civil dates, not UTC days", func(t *testing.T) {
		src := newFakeSource()
		// 00:00 on 2028-12-06 in Tehran (۱۴۰۷/۰۹/۱۶ on /verify) is still 2028-12-05 in UTC.
		tehranMidnight := time.Date(2028, 12, 5, 20, 30, 0, 0, time.UTC)
		src.permits[0].Issued, src.permits[0].ValidUntil = tehranMidnight.AddDate(-2, 0, 0), &tehranMidnight
		rows := mustCSV(t, get(t, MustRouter(t, src, Config{}), "GET", "/open-data/permits.csv", "", nil).Body.String())
		if issued, until := rows[1][5], rows[1][6]; issued != "2026-12-06" || until != "2028-12-06" {
			t.Fatalf("issued %s, valid until %s; want the Tehran days 2026-12-06 and 2028-12-06", issued, until)
		}
	})
	t.Run("serves the permit register as JSON", func(t *testing.T) {
		var ps []Permit
		if err := json.Unmarshal(get(t, r, "GET", "/open-data/permits.json", "", nil).Body.Bytes(), &ps); err != nil || len(ps) != 1 || ps[0].FeeTotal != 350_000_000 {
			t.Fatalf("permits %v: %v", ps, err)
		}
	})
	t.Run("serves the aggregates as CSV, leaving suppressed cells empty", func(t *testing.T) {
		rows := mustCSV(t, get(t, r, "GET", "/open-data/aggregates.csv", "", nil).Body.String())
		if !slices.Equal(rows[0], columnsOf("aggregates")) || len(rows) != 1+2+3 {
			t.Fatalf("aggregates %v", rows)
		}
		if permit := rows[1]; !slices.Equal(permit[14:], []string{"2026-10-28", "2026-11-26", "310", "250", "9.5", "0.9"}) {
			t.Errorf("rolling figures of %v", permit)
		}
		odd := rows[2] // the second service: cases this month suppressed
		if odd[0] != "service" || odd[1] != "odd" || odd[3] != "" || odd[7] != "6" || odd[16] != "" {
			t.Errorf("service row %v", odd)
		}
		if m := rows[4]; m[0] != "month" || m[2] != "1405-08" || m[9] != "110" || m[11] != "" || m[13] != "2000000000" {
			t.Errorf("month row %v", m)
		}
	})
	t.Run("serves the aggregates as JSON", func(t *testing.T) {
		var d Dashboard
		if err := json.Unmarshal(get(t, r, "GET", "/open-data/aggregates.json", "", nil).Body.Bytes(), &d); err != nil || len(d.Trend) != 3 {
			t.Fatalf("aggregates %+v: %v", d, err)
		}
	})
	t.Run("documents every column", func(t *testing.T) {
		rec := get(t, r, "GET", "/open-data?lang=en", "", nil)
		for _, e := range dictionary {
			wantBody(t, rec, "<code>"+e.Field+"</code>")
		}
		wantBody(t, rec, `href="/open-data/permits.csv"`, `href="/open-data/aggregates.json"`)
		wantNoBody(t, rec, "⟦")
	})
}

func mustCSV(tb testing.TB, body string) [][]string {
	tb.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) == 0 {
		tb.Fatalf("CSV %q: %v", body, err)
	}
	return rows
}
