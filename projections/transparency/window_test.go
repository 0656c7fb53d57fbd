package transparency_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
	"github.com/shafaf-city/shafaf/projections/transparency"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// MustReader runs the dashboard and transparency read models over a generated city and
// answers once both have caught up.
func MustReader(tb testing.TB, opts demo.Options) transparency.Reader {
	tb.Helper()
	ctx := context.Background()
	hist, _, err := demo.Generate(ctx, opts)
	if err != nil {
		tb.Fatal(err)
	}
	pool := pgtest.NewPool(tb)
	store := rmt.MustPostgres(tb, pool)
	if err := hist.AppendTo(ctx, store, 4); err != nil {
		tb.Fatal(err)
	}
	dash, err := dashboard.New()
	if err != nil {
		tb.Fatal(err)
	}
	pub, err := transparency.New()
	if err != nil {
		tb.Fatal(err)
	}
	rt := rmt.MustRuntime(tb, pool, store, dash, pub)
	rmt.Start(tb, rt)
	rmt.WaitCaughtUp(tb, rt, dashboard.Name, transparency.Name)
	return transparency.Reader{Reads: rt}
}

// TestWindowOfAWholeMonthIsTheMonth: a window laid exactly over a Jalali month sums the same
// cases as the month's cells, which are counted from other columns, so the window's day
// arithmetic, sums and suppression are checked against an independent answer.
func TestWindowOfAWholeMonthIsTheMonth(t *testing.T) {
	ctx := context.Background()
	r := MustReader(t, demo.Options{Cases: 500, End: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC),
		Services: []string{"permit.new", "inq.bank", "cert.noviolation", "viol.art100", "permit.duplicate"}})
	months, err := r.Aggregates(ctx, dashboard.ByService, dashboard.Month)
	if err != nil {
		t.Fatal(err)
	}
	for _, month := range []int{6, 7} { // 31 and 30 days
		bucket := monthBucket(1405, month)
		t.Run(bucket, func(t *testing.T) {
			days := jalali.DaysIn(1405, month)
			last := jalali.ToTime(jalali.Date{Year: 1405, Month: month, Day: days}).Add(20 * time.Hour)
			windows, err := r.Window(ctx, dashboard.ByService, last, days)
			if err != nil {
				t.Fatal(err)
			}
			first := tehranDay(jalali.Date{Year: 1405, Month: month, Day: 1})
			final := tehranDay(jalali.Date{Year: 1405, Month: month, Day: days})
			byKey := map[string]transparency.Window{}
			for _, w := range windows {
				byKey[w.Key] = w
				if w.From != first || w.To != final {
					t.Errorf("%s: window %s..%s, want %s..%s", w.Key, w.From, w.To, first, final)
				}
			}
			compared := 0
			for _, c := range months {
				if c.Bucket != bucket {
					continue
				}
				w, ok := byKey[c.Key]
				idle := isZero(c.Submitted) && isZero(c.Decided)
				if ok == idle {
					t.Errorf("%s: in the window %v, idle in the month %v", c.Key, ok, idle)
					continue
				}
				if idle {
					continue // a month with only withdrawals or closures: nothing for the window to sum
				}
				compared++
				if !sameCount(w.Submitted, c.Submitted) || !sameCount(w.Decided, c.Decided) {
					t.Errorf("%s: window submitted %v decided %v, month %v %v", c.Key, show(w.Submitted), show(w.Decided), show(c.Submitted), show(c.Decided))
				}
				if (w.MeanDays == nil) != (c.StaffDays == nil) || (w.WithinDeadline == nil) != (c.WithinDeadline == nil) {
					t.Fatalf("%s: window timing %v %v, month %v %v", c.Key, w.MeanDays, w.WithinDeadline, c.StaffDays, c.WithinDeadline)
				}
				if w.MeanDays != nil && (!near(*w.MeanDays, float64(*c.StaffDays)/float64(*c.Decided)) || !near(*w.WithinDeadline, *c.WithinDeadline)) {
					t.Errorf("%s: window mean %v within %v; month %d/%d days, within %v", c.Key, *w.MeanDays, *w.WithinDeadline,
						*c.StaffDays, *c.Decided, *c.WithinDeadline)
				}
			}
			if compared == 0 || len(byKey) != compared {
				t.Errorf("compared %d services, the window has %d", compared, len(byKey))
			}
		})
	}
}

// tehranDay is d in the Gregorian calendar, "2026-10-22".
func tehranDay(d jalali.Date) string {
	return jalali.ToTime(d).In(jalali.Tehran()).Format(time.DateOnly)
}

func monthBucket(year, month int) string {
	return jalali.Date{Year: year, Month: month, Day: 1}.String()[:7]
}

func isZero(n *int) bool { return n != nil && *n == 0 }

func sameCount(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func show(n *int) any {
	if n == nil {
		return "suppressed"
	}
	return *n
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
