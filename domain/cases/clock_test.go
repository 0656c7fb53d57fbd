package cases_test

import (
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

func tehran(tb testing.TB, day string) time.Time {
	tb.Helper()
	d, err := jalali.Parse(day)
	if err != nil {
		tb.Fatal(err)
	}
	return jalali.ToTime(d).Add(9 * time.Hour) // mid-morning, office hours
}

// A permit.new case (2026.1: 15 working days) is returned for documents just before Nowruz
// and answered after it. The due date moves by the working days paused, which skip the
// Nowruz holidays, Fridays and 12–13 Farvardin.
func TestPauseAcrossNowruzMovesTheDueDate(t *testing.T) {
	t.Parallel()
	d := depsOf(t, "2026.1", "permit.new")
	sub := validSubmit()
	sub.At = tehran(t, "1403/12/20")
	s := cases.State{}
	for _, c := range []cases.Command{sub,
		cases.RequestDocuments{Requests: []cases.DocumentRequest{{Document: "deed", Kind: "missing"}}, At: tehran(t, "1403/12/25")},
		cases.ProvideDocuments{Documents: []string{"deed"}, At: tehran(t, "1404/01/16")},
	} {
		evs, err := cases.Decide(s, c, d)
		if err != nil {
			t.Fatal(err)
		}
		s = cases.Evolve(s, evs[0])
	}
	// 1403/12/25 (Sat) → 1404/01/16 (Sat): Esfand 26–30 minus Oil Nationalisation Day 12/29
	// gives 4; Farvardin 1–16 minus Nowruz 1–4, Eid al-Fitr 11–12, Nature Day 13 and Fridays
	// 1/08 and 1/15 gives 7: 11 working days paused.
	if s.Clock.ApplicantDays != 11 || s.Clock.Paused {
		t.Fatalf("clock %+v, want 11 applicant days and running", s.Clock)
	}
	// 1403/12/20 (Mon) to 12/25: 12/21–12/25 minus Friday 12/24 = 4 staff days.
	if s.Clock.StaffDays != 4 {
		t.Fatalf("staff days %d, want 4", s.Clock.StaffDays)
	}
	want := d.Calendar.AddWorkingDays(sub.At, 15+11)
	if !s.DueAt.Equal(want) || !s.DueAt.After(d.Calendar.Due(sub.At, s.Deadline, 0)) {
		t.Fatalf("due %s, want %s", jalali.FromTime(s.DueAt), jalali.FromTime(want))
	}
	if got := jalali.FromTime(s.DueAt).String(); got != wantNowruzDue {
		t.Fatalf("due %s, want %s", got, wantNowruzDue)
	}
}

// wantNowruzDue is counted by hand: 26 working days after 1403/12/20 are 12/21–23, 12/25–28,
// 12/30 (8), Farvardin 5–7, 9–10, 14, 16 (15), 17–21 (20), 23–28 (26).
const wantNowruzDue = "1404/01/28"
