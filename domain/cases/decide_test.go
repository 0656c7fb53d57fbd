package cases_test

import (
	"errors"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

var t0 = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)

func validSubmit() cases.Submit {
	return cases.Submit{
		CaseID: uuid.MustParse("6f1c7a1e-8a8e-4f3e-9d0b-1c2d3e4f5a6b"), Service: "permit.new",
		CatalogueVersion: "2026.1", Channel: "online", District: "3",
		Applicant: cases.Applicant{Name: "Sara Ahmadi", NationalID: "3974017844"}, At: t0,
	}
}

// depsOf is what the application layer passes Decide: the service of the case's catalogue
// version and the embedded calendar.
func depsOf(tb testing.TB, version, service string) cases.Deps {
	tb.Helper()
	cat, ok := catalogue.ByVersion(version)
	if !ok {
		tb.Fatalf("no catalogue %s", version)
	}
	svc, ok := cat.Service(service)
	if !ok {
		tb.Fatalf("no service %s in %s", service, version)
	}
	return cases.Deps{Service: svc, Calendar: workdays.Default()}
}

func historyOf(t *testing.T, cmds ...cases.Command) cases.State {
	t.Helper()
	var s cases.State
	d := depsOf(t, "2026.1", "permit.new")
	for _, c := range cmds {
		evs, err := cases.Decide(s, c, d)
		if err != nil {
			t.Fatalf("setting up with %T: %v", c, err)
		}
		for _, e := range evs {
			s = cases.Evolve(s, e)
		}
	}
	return s
}

// reviewed is a permit.new case ready for its decision: intake, inspection and review done.
func reviewed() []cases.Command {
	return []cases.Command{validSubmit(), cases.AcceptIntake{At: t0},
		cases.ScheduleInspection{Inspector: "insp-1", On: jalali.Instant{Time: t0}, At: t0},
		cases.RecordInspection{Findings: "as drawn", MeasuredAreaDM2: 30000, At: t0},
		cases.RecordReview{Summary: "drawings comply", At: t0}}
}

func TestDecide(t *testing.T) {
	approve := cases.RecordDecision{Outcome: cases.OutcomeApprove, Reasons: []string{"complies with the detailed plan"}, At: t0}
	tests := []struct {
		name     string
		history  []cases.Command
		cmd      cases.Command
		wantType string
		wantRule string
		wantCode domain.ErrorCode
	}{
		{name: "submits a new case", cmd: validSubmit(), wantType: cases.TypeSubmitted},
		{name: "refuses a second submission", history: []cases.Command{validSubmit()}, cmd: validSubmit(), wantRule: cases.RuleAlreadySubmitted},
		{name: "refuses a submission without a district", cmd: func() cases.Command { c := validSubmit(); c.District = ""; return c }(), wantCode: domain.CodeInvalid},
		{name: "accepts intake of a submitted case", history: []cases.Command{validSubmit()}, cmd: cases.AcceptIntake{At: t0}, wantType: cases.TypeIntakeAccepted},
		{name: "refuses intake of an unknown case", cmd: cases.AcceptIntake{At: t0}, wantRule: cases.RuleNotSubmitted},
		{name: "refuses intake twice", history: []cases.Command{validSubmit(), cases.AcceptIntake{}}, cmd: cases.AcceptIntake{}, wantRule: cases.RuleIntakeNotPending},
		{name: "decides a case in review", history: reviewed(), cmd: approve, wantType: cases.TypeDecided},
		{name: "refuses a decision before intake", history: []cases.Command{validSubmit()}, cmd: approve, wantRule: cases.RuleNotInReview},
		{name: "refuses a second decision", history: append(reviewed(), approve), cmd: approve, wantRule: cases.RuleNotInReview},
		{name: "refuses a decision without reasons", history: []cases.Command{validSubmit(), cases.AcceptIntake{}}, cmd: cases.RecordDecision{Outcome: cases.OutcomeReject}, wantCode: domain.CodeInvalid},
		{name: "refuses an unknown outcome", history: []cases.Command{validSubmit(), cases.AcceptIntake{}}, cmd: cases.RecordDecision{Outcome: "maybe", Reasons: []string{"x"}}, wantCode: domain.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := historyOf(t, tt.history...)
			evs, err := cases.Decide(s, tt.cmd, depsOf(t, "2026.1", "permit.new"))
			if tt.wantType != "" {
				if err != nil || len(evs) != 1 || evs[0].EventType() != tt.wantType {
					t.Fatalf("got %v, %v; want one %s", evs, err, tt.wantType)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) {
				t.Fatalf("got %v, %v; want a domain error", evs, err)
			}
			if tt.wantRule != "" && (de.Code != domain.CodeRuleViolated || de.Rule != tt.wantRule) {
				t.Fatalf("got %s/%s, want rule %s", de.Code, de.Rule, tt.wantRule)
			}
			if tt.wantCode != "" && de.Code != tt.wantCode {
				t.Fatalf("got code %s, want %s", de.Code, tt.wantCode)
			}
		})
	}
}

func TestEvolveRecordsTheDecision(t *testing.T) {
	reject := cases.RecordDecision{Outcome: cases.OutcomeReject, Reasons: []string{"exceeds permitted density"}, At: t0.Add(time.Hour)}
	s := historyOf(t, append(reviewed(), reject)...)
	if s.Status != cases.StatusRejected || !s.DecidedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("state after rejection: %+v", s)
	}
}

func TestRegistryDecodesEveryEvent(t *testing.T) {
	reg, err := cases.Registry()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := reg.Decode(cases.TypeDecided, []byte(`{"outcome":"approve","reasons":["ok"]}`))
	if err != nil || ev.(*cases.Decided).Outcome != cases.OutcomeApprove {
		t.Fatalf("decode: %v %v", ev, err)
	}
	decided := func() domain.Event { return &cases.Decided{} }
	if _, err := domain.NewRegistry(decided, decided); err == nil {
		t.Fatal("registering a duplicate event type succeeded")
	}
}
