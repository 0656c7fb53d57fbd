package cases_test

import (
	"encoding/json"
	"testing"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// A request for documents gives the applicant the service's working days to answer, counted
// like the legal clock (the request's own day does not count; Nowruz and Fridays do not
// either); answering clears it.
func TestARequestForDocumentsGivesTheApplicantADueDay(t *testing.T) {
	t.Parallel()
	d := depsOf(t, "2026.1", "permit.new")
	sub := validSubmit()
	sub.At = tehran(t, "1403/12/20")
	s := cases.State{}
	step := func(c cases.Command) *cases.DocumentsRequested {
		t.Helper()
		evs, err := cases.Decide(s, c, d)
		if err != nil {
			t.Fatal(err)
		}
		s = cases.Evolve(s, evs[0])
		e, _ := evs[0].(*cases.DocumentsRequested)
		return e
	}
	step(sub)
	asked := tehran(t, "1403/12/25")
	e := step(cases.RequestDocuments{Requests: []cases.DocumentRequest{{Document: "deed", Kind: "missing"}}, At: asked})
	want := d.Calendar.AddWorkingDays(asked, catalogue.DefaultDocumentsDueDays)
	if !e.RespondBy.Equal(want) || s.ApplicantDueAt == nil || !s.ApplicantDueAt.Equal(want) {
		t.Fatalf("respond by %s (state %v), want %s", e.RespondBy, s.ApplicantDueAt, want)
	}
	// 10 working days after 1403/12/25: 12/26–28, 12/30 (4), then Farvardin 5–7, 9–10, 14 (10).
	if got := jalali.FromTime(e.RespondBy).String(); got != "1404/01/14" {
		t.Fatalf("respond by %s, want 1404/01/14", got)
	}
	step(cases.ProvideDocuments{Documents: []string{"deed"}, At: tehran(t, "1404/01/16")})
	if s.ApplicantDueAt != nil {
		t.Fatalf("the answered request still has a due day %s", s.ApplicantDueAt)
	}
}

// A service may give its own time to answer in the catalogue.
func TestAServiceMayGiveItsOwnTimeToAnswer(t *testing.T) {
	t.Parallel()
	d := depsOf(t, "2026.1", "permit.new")
	d.Service.DocumentsDueDays = 3
	s := cases.Evolve(cases.State{}, mustDecide(t, cases.State{}, validSubmit(), d)[0])
	at := tehran(t, "1404/02/01")
	evs := mustDecide(t, s, cases.RequestDocuments{Requests: []cases.DocumentRequest{{Document: "deed", Kind: "missing"}}, At: at}, d)
	if got, want := evs[0].(*cases.DocumentsRequested).RespondBy, d.Calendar.AddWorkingDays(at, 3); !got.Equal(want) {
		t.Fatalf("respond by %s, want %s", got, want)
	}
}

// A request stored before the due day existed still reads, and shows no due day.
func TestARequestWithoutADueDayStillReads(t *testing.T) {
	t.Parallel()
	var e cases.DocumentsRequested
	if err := json.Unmarshal([]byte(`{"requests":[{"document":"deed","kind":"missing"}],"staff_working_days":2,"at":"2025-03-15T06:00:00Z"}`), &e); err != nil {
		t.Fatal(err)
	}
	s := cases.Evolve(cases.State{}, &e)
	if !e.RespondBy.IsZero() || s.ApplicantDueAt != nil || s.Status != cases.StatusReturnedForDocuments {
		t.Fatalf("old request read as %+v, state due %v status %s", e, s.ApplicantDueAt, s.Status)
	}
	if b, _ := json.Marshal(&e); string(b) != `{"requests":[{"document":"deed","kind":"missing"}],"staff_working_days":2,"at":"2025-03-15T06:00:00Z"}` {
		t.Fatalf("old request written back as %s", b)
	}
}
