package workdays_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// mustDay returns 10:00 Tehran time on a Jalali day given as "1403/12/25".
func mustDay(tb testing.TB, s string) time.Time {
	tb.Helper()
	return jalali.ToTime(mustDate(tb, s)).Add(10 * time.Hour)
}

func TestEmbeddedYearsHoldTheFixedHolidays(t *testing.T) {
	t.Parallel()
	c := workdays.Default()
	for year := 1403; year <= 1405; year++ {
		if !c.Covers(year) {
			t.Fatalf("no holiday data for %d", year)
		}
		for _, md := range []string{"01/01", "01/02", "01/03", "01/04", "01/12", "01/13", "03/14", "03/15", "11/22", "12/29"} {
			day := mustDay(t, fmt.Sprintf("%d/%s", year, md))
			if c.IsWorkingDay(day) {
				t.Errorf("%d/%s is a working day", year, md)
			}
		}
	}
	if c.Covers(1406) {
		t.Fatal("claims to cover 1406")
	}
}

func TestIsWorkingDay(t *testing.T) {
	t.Parallel()
	c := workdays.Default()
	for day, want := range map[string]bool{
		"1404/01/21": true,  // Thursday
		"1404/01/22": false, // Friday
		"1404/01/23": true,  // Saturday
		"1404/01/11": false, // Eid al-Fitr
		"1403/12/30": true,  // leap-year Esfand 30, a Thursday with no holiday
		"1406/01/05": true,  // uncovered year (a Thursday): only Friday is off
	} {
		if got := c.IsWorkingDay(mustDay(t, day)); got != want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", day, got, want)
		}
	}
}

func TestWorkingDaysBetweenInvertsAddWorkingDays(t *testing.T) {
	t.Parallel()
	c := workdays.Default()
	start := mustDay(t, "1403/12/20")
	for n := 0; n <= 40; n++ {
		due := c.AddWorkingDays(start, n)
		if got := c.WorkingDaysBetween(start, due); got != n {
			t.Fatalf("WorkingDaysBetween(start, AddWorkingDays(start, %d)) = %d", n, got)
		}
		if got := c.WorkingDaysBetween(due, start); got != -n {
			t.Fatalf("reversed count for %d = %d", n, got)
		}
	}
}

func TestNewRejectsBadFiles(t *testing.T) {
	t.Parallel()
	tests := map[string][]string{
		"a holiday outside its year": {`{"year":1403,"weekend":["Friday"],"holidays":[{"date":"1404/01/01","fa":"نوروز"}]}`},
		"an impossible date":         {`{"year":1404,"weekend":["Friday"],"holidays":[{"date":"1404/12/30","fa":"x"}]}`},
		"an unknown weekday":         {`{"year":1403,"weekend":["Jomeh"],"holidays":[]}`},
		"two files for one year":     {`{"year":1403,"weekend":["Friday"]}`, `{"year":1403,"weekend":["Friday"]}`},
	}
	for name, files := range tests {
		t.Run("rejects "+name, func(t *testing.T) {
			t.Parallel()
			data := make([][]byte, len(files))
			for i, f := range files {
				data[i] = []byte(f)
			}
			if _, err := workdays.New(data...); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestYearFilesCanMoveTheWeekend(t *testing.T) {
	t.Parallel()
	c, err := workdays.New([]byte(`{"year":1406,"weekend":["Thursday","Friday"],"holidays":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	thursday := mustDay(t, "1406/01/05") // 2027-03-25
	if thursday.In(jalali.Tehran()).Weekday() != time.Thursday || c.IsWorkingDay(thursday) {
		t.Fatalf("Thursday 1406/01/05 should be a day off")
	}
}
