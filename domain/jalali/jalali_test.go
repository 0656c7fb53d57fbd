package jalali_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     jalali.Date
		code     string
	}{
		{"accepts Esfand 30 of leap year 1403", "1403/12/30", jalali.Date{Year: 1403, Month: 12, Day: 30}, ""},
		{"rejects Esfand 30 of common year 1404 instead of rolling over", "1404/12/30", jalali.Date{}, jalali.CodeDateRange},
		{"accepts Esfand 29 of common year 1404", "1404/12/29", jalali.Date{Year: 1404, Month: 12, Day: 29}, ""},
		{"accepts Esfand 30 of leap year 1399", "1399/12/30", jalali.Date{Year: 1399, Month: 12, Day: 30}, ""},
		{"accepts Esfand 30 of leap year 1408", "1408/12/30", jalali.Date{Year: 1408, Month: 12, Day: 30}, ""},
		{"rejects Mehr 31", "1403/07/31", jalali.Date{}, jalali.CodeDateRange},
		{"accepts Shahrivar 31", "1403/06/31", jalali.Date{Year: 1403, Month: 6, Day: 31}, ""},
		{"accepts dashes", "1403-01-01", jalali.Date{Year: 1403, Month: 1, Day: 1}, ""},
		{"accepts Persian digits", "۱۴۰۳/۱/۵", jalali.Date{Year: 1403, Month: 1, Day: 5}, ""},
		{"accepts Arabic-Indic digits", "١٤٠٣/٠١/٠٥", jalali.Date{Year: 1403, Month: 1, Day: 5}, ""},
		{"rejects month 13", "1403/13/01", jalali.Date{}, jalali.CodeDateRange},
		{"rejects day 0", "1403/01/00", jalali.Date{}, jalali.CodeDateRange},
		{"rejects a two-digit year", "03/01/01", jalali.Date{}, jalali.CodeDateFormat},
		{"rejects mixed separators", "1403/01-01", jalali.Date{}, jalali.CodeDateFormat},
		{"rejects a year out of range", "0900/01/01", jalali.Date{}, jalali.CodeDateRange},
		{"rejects a sign", "1403/+1/01", jalali.Date{}, jalali.CodeDateFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := jalali.Parse(tt.in)
			if code := fieldCode(t, err); code != tt.code || got != tt.want {
				t.Fatalf("Parse(%q) = %v, code %q; want %v, code %q", tt.in, got, code, tt.want, tt.code)
			}
		})
	}
}

func TestLeapYears(t *testing.T) {
	t.Parallel()
	for year, leap := range map[int]bool{1399: true, 1400: false, 1402: false, 1403: true, 1404: false, 1405: false, 1408: true} {
		if jalali.IsLeap(year) != leap {
			t.Errorf("IsLeap(%d) = %v, want %v", year, !leap, leap)
		}
	}
}

func TestNowruz(t *testing.T) {
	t.Parallel()
	tehran := jalali.Tehran()
	for year, gregorian := range map[int]string{
		1402: "2023-03-21", 1403: "2024-03-20", 1404: "2025-03-21", 1405: "2026-03-21", 1406: "2027-03-21",
	} {
		want, _ := time.ParseInLocation(time.DateOnly, gregorian, tehran)
		nowruz := jalali.Date{Year: year, Month: 1, Day: 1}
		if got := jalali.ToTime(nowruz); !got.Equal(want) {
			t.Errorf("ToTime(%v) = %v, want %v", nowruz, got.In(tehran), want)
		}
		if got := jalali.FromTime(want.Add(23 * time.Hour)); got != nowruz {
			t.Errorf("FromTime(late on %s) = %v, want %v", gregorian, got, nowruz)
		}
	}
}

func TestToTimeIsTehranMidnightInUTC(t *testing.T) {
	t.Parallel()
	got := jalali.ToTime(jalali.Date{Year: 1404, Month: 1, Day: 1})
	if want := time.Date(2025, 3, 20, 20, 30, 0, 0, time.UTC); got != want {
		t.Fatalf("ToTime(1404/01/01) = %v, want %v", got, want)
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	instant := time.Date(2025, 3, 20, 20, 29, 0, 0, time.UTC) // 23:59 in Tehran, last day of 1403
	if got := jalali.Format(instant, jalali.Latin); got != "1403/12/30" {
		t.Errorf("Format(Latin) = %q", got)
	}
	if got := jalali.Format(instant.Add(time.Minute), jalali.Persian); got != "۱۴۰۴/۰۱/۰۱" {
		t.Errorf("Format(Persian) = %q", got)
	}
}

func TestAddDaysCrossesTheYear(t *testing.T) {
	t.Parallel()
	d := jalali.Date{Year: 1403, Month: 12, Day: 29}
	if got := d.AddDays(2); got != (jalali.Date{Year: 1404, Month: 1, Day: 1}) {
		t.Fatalf("1403/12/29 + 2 days = %v", got)
	}
	if got := d.AddDays(-29); got != (jalali.Date{Year: 1403, Month: 11, Day: 30}) {
		t.Fatalf("1403/12/29 - 29 days = %v", got)
	}
	if got := d.Weekday(); got != time.Wednesday {
		t.Fatalf("1403/12/29 is a %v, want Wednesday (2025-03-19)", got)
	}
}

func TestNextFollowsMonthLengths(t *testing.T) {
	t.Parallel()
	for from, want := range map[jalali.Date]jalali.Date{
		{Year: 1403, Month: 12, Day: 29}: {Year: 1403, Month: 12, Day: 30},
		{Year: 1403, Month: 12, Day: 30}: {Year: 1404, Month: 1, Day: 1},
		{Year: 1404, Month: 12, Day: 29}: {Year: 1405, Month: 1, Day: 1},
		{Year: 1404, Month: 6, Day: 30}:  {Year: 1404, Month: 6, Day: 31},
		{Year: 1404, Month: 6, Day: 31}:  {Year: 1404, Month: 7, Day: 1},
		{Year: 1404, Month: 7, Day: 30}:  {Year: 1404, Month: 8, Day: 1},
	} {
		if got := from.Next(); got != want {
			t.Errorf("%v.Next() = %v, want %v", from, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{"1403/12/30", "1404/12/30", "۱۴۰۳-۰۱-۰۱", "1/1/1", "", "9999/99/99"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := jalali.Parse(in)
		if err != nil {
			fieldCode(t, err)
			return
		}
		again, err := jalali.Parse(d.String())
		if err != nil || again != d || jalali.FromTime(jalali.ToTime(d)) != d || (d.Year < jalali.MaxYear && d.Next() != d.AddDays(1)) {
			t.Fatalf("%q parsed as %v but does not round-trip: %v, %v", in, d, again, err)
		}
	})
}

// fieldCode returns the code of err's one field error, or "" for nil.
func fieldCode(tb testing.TB, err error) string {
	tb.Helper()
	if err == nil {
		return ""
	}
	var de *domain.Error
	if !errors.As(err, &de) || len(de.Fields) != 1 {
		tb.Fatalf("error %v is not one invalid field", err)
	}
	return de.Fields[0].Code
}
