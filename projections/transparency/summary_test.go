package transparency

import (
	"context"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	rmt "github.com/shafaf-city/shafaf/projections/readmodeltest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// MustReader runs the dashboard and transparency read models over a generated city and
// answers once both have caught up.
func MustReader(tb testing.TB, opts demo.Options) Reader {
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
	pub, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	rt := rmt.MustRuntime(tb, pool, store, dash, pub)
	rmt.Start(tb, rt)
	rmt.WaitCaughtUp(tb, rt, dashboard.Name, Name)
	return Reader{Reads: rt}
}

// TestSummaryIsHonestAndCannotBeSubtracted reads a small city whose services and districts
// have many cells under MinCell: the published totals are the true totals over every case
// (not sums of what is published), and the reader's every subtraction between a total and
// its published parts (by service, by district, open cases) recovers no hidden cell.
func TestSummaryIsHonestAndCannotBeSubtracted(t *testing.T) {
	ctx := context.Background()
	end := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	r := MustReader(t, demo.Options{Cases: 400, End: end, Span: 120 * 24 * time.Hour,
		Services: []string{"permit.new", "inq.bank", "cert.noviolation", "viol.art100", "permit.duplicate", "cert.completion"}})
	s, err := r.Summary(ctx, end, 30)
	if err != nil {
		t.Fatal(err)
	}
	truth, err := dashboard.Reader{Reads: r.Reads}.Range(ctx, dashboard.ByDistrict, s.From, s.To)
	if err != nil {
		t.Fatal(err)
	}
	trueSubmitted, trueDecided := 0, 0
	for _, d := range truth[1:] {
		trueSubmitted, trueDecided = trueSubmitted+d.Submitted, trueDecided+d.Decided
	}
	if s.City.Submitted == nil || *s.City.Submitted != trueSubmitted || s.City.Decided == nil || *s.City.Decided != trueDecided {
		t.Errorf("city totals %v/%v, every case says %d/%d", show(s.City.Submitted), show(s.City.Decided), trueSubmitted, trueDecided)
	}
	hidden := 0
	column := func(name string, total *int, rows []Figures, pick func(Figures) *int) {
		sp := split{name: name, total: total}
		for _, f := range rows {
			n := pick(f)
			if n == nil {
				hidden++
			} else if small(*n) {
				t.Errorf("%s %s publishes %d", name, f.Key, *n)
			}
			sp.parts = append(sp.parts, n)
		}
		subtract(t, sp)
	}
	submitted, decided := func(f Figures) *int { return f.Submitted }, func(f Figures) *int { return f.Decided }
	column("submitted by service", s.City.Submitted, s.Services, submitted)
	column("decided by service", s.City.Decided, s.Services, decided)
	column("submitted by district", s.City.Submitted, s.Districts, submitted)
	column("decided by district", s.City.Decided, s.Districts, decided)
	staff, applicant := split{name: "open, waiting on staff", total: s.Open.WaitingStaff}, split{name: "open, waiting on the applicant", total: s.Open.WaitingApplicant}
	for _, b := range s.Backlogs {
		staff.parts, applicant.parts = append(staff.parts, b.WaitingStaff), append(applicant.parts, b.WaitingApplicant)
	}
	subtract(t, staff)
	subtract(t, applicant)
	for _, f := range append(append([]Figures{s.City}, s.Services...), s.Districts...) {
		if (f.MedianDays != nil) != (f.Decided != nil && *f.Decided >= MinCell) {
			t.Errorf("%q: median %v beside %v decisions", f.Key, f.MedianDays, show(f.Decided))
		}
	}
	if hidden == 0 {
		t.Error("the city has no hidden cell: the test proves nothing")
	}
	if len(s.Months) < 4 {
		t.Fatalf("%d months", len(s.Months))
	}
	for _, m := range s.Months {
		for _, n := range []*int{m.Submitted, m.Decided, m.ViolationsReported, m.ViolationsRuled} {
			if n != nil && small(*n) {
				t.Errorf("%s publishes %d", m.Month, *n)
			}
		}
	}
}

func show(n *int) any {
	if n == nil {
		return "hidden"
	}
	return *n
}
