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
		if !strings.HasPrefix(rec.Body.String(), "\uFEFF") {
			t.Error("no UTF-8 byte order mark: spreadsheets would garble the Persian")
		}
		if rec.Header().Get("Last-Modified") != "Thu, 26 Nov 2026 12:00:00 GMT" || !strings.Contains(rec.Header().Get("Link"), "creativecommons.org/licenses/by/4.0") {
			t.Errorf("Last-Modified %q, Link %q", rec.Header().Get("Last-Modified"), rec.Header().Get("Link"))
		}
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
		src.permits[0].Issued, src.permits[0].ValidUntil = Date{tehranMidnight.AddDate(-2, 0, 0)}, &Date{tehranMidnight}
		rows := mustCSV(t, get(t, MustRouter(t, src, Config{}), "GET", "/open-data/permits.csv", "", nil).Body.String())
		if issued, until := rows[1][5], rows[1][6]; issued != "2026-12-06" || until != "2028-12-06" {
			t.Fatalf("issued %s, valid until %s; want the Tehran days 2026-12-06 and 2028-12-06", issued, until)
		}
	})
	t.Run("serves the permit register as JSON with its date, licence and days as dates", func(t *testing.T) {
		var f struct {
			AsOf    time.Time `json:"as_of"`
			Licence string    `json:"licence"`
			Permits []map[string]any
		}
		if err := json.Unmarshal(get(t, r, "GET", "/open-data/permits.json", "", nil).Body.Bytes(), &f); err != nil || len(f.Permits) != 1 ||
			f.Permits[0]["fee_total_rials"] != 350_000_000.0 || f.Licence != "CC BY 4.0" || f.AsOf.IsZero() {
			t.Fatalf("permits %+v: %v", f, err)
		}
		if p := f.Permits[0]; p["issued_date"] != "2026-10-01" || p["valid_until"] != "2027-10-01" {
			t.Errorf("dates %v and %v, want the days 2026-10-01 and 2027-10-01", p["issued_date"], p["valid_until"])
		}
	})
	t.Run("serves the aggregates as CSV, marking hidden and not-applicable cells apart", func(t *testing.T) {
		rows := mustCSV(t, get(t, r, "GET", "/open-data/aggregates.csv", "", nil).Body.String())
		if !slices.Equal(rows[0], columnsOf("aggregates")) || len(rows) != 1+1+2+2+3 {
			t.Fatalf("aggregates %v", rows)
		}
		want := map[int][]string{
			1: {"city", "na", "na", "2026-10-28", "2026-11-26", "1240", "260", "9.5", "0.9", "na", "48", "19", "na", "na", "na"},
			3: {"service", "odd", "na", "2026-10-28", "2026-11-26", "suppressed", "10", "11", "0.4", "10", "8", "suppressed", "na", "na", "na"},
			5: {"district", "5", "na", "2026-10-28", "2026-11-26", "suppressed", "60", "10", "0.85", "na", "na", "na", "na", "na", "na"},
			7: {"month", "na", "1405-08", "na", "na", "110", "95", "9", "0.88", "na", "na", "na", "suppressed", "9", "2000000000"},
			8: {"month_to_date", "na", "1405-09", "na", "na", "60", "suppressed", "suppressed", "suppressed", "na", "na", "na", "7", "5", "640000000"},
		}
		for i, w := range want {
			if !slices.Equal(rows[i], w) {
				t.Errorf("row %d:\n got %v\nwant %v", i, rows[i], w)
			}
		}
	})
	t.Run("serves the aggregates as JSON, counts as {n, suppressed} and days as dates", func(t *testing.T) {
		body := get(t, r, "GET", "/open-data/aggregates.json", "", nil).Body.Bytes()
		var d Dashboard
		if err := json.Unmarshal(body, &d); err != nil || len(d.Trend) != 3 || !d.Trend[2].Decided.Suppressed || d.City.Submitted.N != 1240 {
			t.Fatalf("aggregates %+v: %v", d, err)
		}
		for _, w := range []string{`"recent":{"from":"2026-10-28","to":"2026-11-26","days":30}`, `"submitted":{"n":0,"suppressed":true}`, `"licence":"CC BY 4.0"`, `"as_of":"2026-11-26T12:00:00Z"`} {
			if !strings.Contains(string(body), w) {
				t.Errorf("aggregates.json lacks %s", w)
			}
		}
	})
	t.Run("documents every column", func(t *testing.T) {
		rec := get(t, r, "GET", "/open-data?lang=en", "", nil)
		for _, e := range dictionary {
			wantBody(t, rec, "<code>"+e.Field+"</code>")
		}
		wantBody(t, rec, `href="/open-data/permits.csv"`, `href="/open-data/aggregates.json"`, "CC BY 4.0", `{"n": 12}`, `{"n": 0, "suppressed": true}`,
			`<code dir="ltr">suppressed</code>`, `<code dir="ltr">na</code>`)
		wantNoBody(t, rec, "⟦")
	})
}

func mustCSV(tb testing.TB, body string) [][]string {
	tb.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil || len(rows) == 0 {
		tb.Fatalf("CSV %q: %v", body, err)
	}
	return rows
}
