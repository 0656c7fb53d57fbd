package readmodels_test

import (
	"context"

	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/projections/actoractivity"
	"github.com/shafaf-city/shafaf/projections/certificates"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/transparency"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

// figures are what the read models must show, folded from the history with cases.Evolve.
type figures struct {
	openByDept                             map[string]int
	open                                   int
	submitted, decided, approved, rejected map[string]int // per service
	withdrawn                              map[string]int
	permits                                int
	feesCollected                          int64
	violationsReported, violationsRuled    int64
	byActor                                map[string]int
	certificates                           map[string]certificate // by number
	trackingNumbers                        map[uuid.UUID]string   // by case; empty for cases older than numbers
}

// certificate is what the registers must say of one issued certificate or permit.
type certificate struct {
	status     string
	validUntil *time.Time
	feeTotal   int64  // assessed before issue
	areaDM2    *int64 // the floor area assessed before issue, which the printed certificate states
	permit     bool
}

func fold(tb testing.TB, h *demo.History) figures {
	tb.Helper()
	reg, err := cases.Registry()
	if err != nil {
		tb.Fatal(err)
	}
	f := figures{openByDept: map[string]int{}, submitted: map[string]int{}, decided: map[string]int{},
		approved: map[string]int{}, rejected: map[string]int{}, withdrawn: map[string]int{}, byActor: map[string]int{},
		certificates: map[string]certificate{}, trackingNumbers: map[uuid.UUID]string{}}
	for _, stream := range h.Streams() {
		if strings.HasPrefix(stream, commands.TrackingStreamPrefix) {
			continue // a counter of tracking numbers, no case
		}
		var s cases.State
		decided := false
		var cert string
		var validUntil *time.Time
		var fee int64
		var area *int64
		for _, rec := range h.Stream(stream) {
			f.byActor[rec.Metadata.ActorID]++
			ev, err := reg.Decode(rec.Type, rec.Data)
			if err != nil {
				tb.Fatal(err)
			}
			switch e := ev.(type) {
			case *cases.Submitted:
				f.trackingNumbers[e.CaseID] = e.TrackingNumber
			case *cases.Decided:
				decided = true
				f.decided[s.Service]++
				if e.Outcome == cases.OutcomeApprove {
					f.approved[s.Service]++
				} else {
					f.rejected[s.Service]++
				}
			case *cases.FirstInstanceRuled:
				decided = true
				f.decided[s.Service]++
				f.violationsRuled++
			case *cases.Issued:
				if !decided {
					f.decided[s.Service]++
					f.approved[s.Service]++
				}
				if strings.HasPrefix(s.Service, "permit.") {
					f.permits++
				}
				cert, validUntil = e.Number, e.ValidUntil
			case *cases.Renewed:
				validUntil = &e.ValidUntil
			case *cases.PaymentRecorded:
				f.feesCollected += e.Rials
			case *cases.FeeAssessed:
				if cert == "" {
					a := int64(e.Assessment.Inputs.RequestedArea)
					fee, area = e.Assessment.Total, &a
				}
			case *cases.Withdrawn:
				f.withdrawn[s.Service]++
			}
			if strings.HasPrefix(stream, cases.StreamPrefix) {
				s = cases.Evolve(s, ev)
			}
		}
		if !strings.HasPrefix(stream, cases.StreamPrefix) {
			continue
		}
		if cert != "" {
			status := map[cases.Status]string{cases.StatusIssued: "valid", cases.StatusRevoked: "revoked",
				cases.StatusExpired: "expired"}[s.Status]
			f.certificates[cert] = certificate{status: status, validUntil: validUntil, feeTotal: fee, areaDM2: area,
				permit: strings.HasPrefix(s.Service, "permit.")}
		}
		f.submitted[s.Service]++
		if s.Flow == "violation" {
			f.violationsReported++
		}
		switch s.Status {
		case cases.StatusRejected, cases.StatusWithdrawn, cases.StatusCancelled, cases.StatusClosed,
			cases.StatusRevoked, cases.StatusIssued, cases.StatusExpired:
		default:
			f.open++
			f.openByDept[s.Department]++
		}
	}
	return f
}

func checkWorkQueue(t *testing.T, rt *projector.Runtime, want figures) {
	t.Helper()
	r := workqueue.Reader{Reads: rt, Now: func() time.Time { return end }}
	all, err := r.Queue(context.Background(), workqueue.Query{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != want.open || len(all.Items) != min(want.open, 500) {
		t.Errorf("work queue: %d open (%d listed), history says %d", all.Total, len(all.Items), want.open)
	}
	if all.Overdue == 0 || all.AtRisk+all.Overdue > all.Total {
		t.Errorf("work queue flags: %d overdue, %d at risk of %d", all.Overdue, all.AtRisk, all.Total)
	}
	for i := 1; i < len(all.Items); i++ {
		if all.Items[i].DueAt.Before(all.Items[i-1].DueAt) {
			t.Fatalf("work queue not by due date at %d", i)
		}
	}
	numbered := 0
	for _, it := range all.Items {
		if it.TrackingNumber != want.trackingNumbers[it.CaseID] {
			t.Fatalf("work queue: case %s numbered %q, history says %q", it.CaseID, it.TrackingNumber, want.trackingNumbers[it.CaseID])
		}
		if it.TrackingNumber != "" {
			numbered++
		}
	}
	if numbered == 0 {
		t.Error("work queue: no case shows a tracking number beside its id")
	}
	for dept, n := range want.openByDept {
		q := workqueue.Query{Department: dept, Unassigned: dept == ""}
		page, err := r.Queue(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != n {
			t.Errorf("work queue of %q: %d open, history says %d", dept, page.Total, n)
		}
	}
}

func checkDashboard(t *testing.T, rt *projector.Runtime, want figures) {
	t.Helper()
	cells, err := dashboard.Reader{Reads: rt}.Aggregate(context.Background(), dashboard.ByService, dashboard.Month, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]int{"submitted": {}, "decided": {}, "approved": {}, "rejected": {}, "withdrawn": {}}
	for _, c := range cells {
		got["submitted"][c.Key] += c.Submitted
		got["decided"][c.Key] += c.Decided
		got["approved"][c.Key] += c.Approved
		got["rejected"][c.Key] += c.Rejected
		got["withdrawn"][c.Key] += c.Withdrawn
		if c.Decided > 0 && (c.MedianDays == nil || c.P90Days == nil || *c.P90Days < *c.MedianDays || c.WithinDeadline == nil) {
			t.Errorf("dashboard cell %s %s: timing figures %v %v %v", c.Key, c.Bucket, c.MedianDays, c.P90Days, c.WithinDeadline)
		}
	}
	for what, w := range map[string]map[string]int{"submitted": want.submitted, "decided": want.decided,
		"approved": want.approved, "rejected": want.rejected, "withdrawn": want.withdrawn} {
		for svc, n := range w {
			if got[what][svc] != n {
				t.Errorf("dashboard %s %s: %d, history says %d", svc, what, got[what][svc], n)
			}
		}
	}
}

func checkTransparency(t *testing.T, rt *projector.Runtime, want figures) {
	t.Helper()
	r := transparency.Reader{Reads: rt}
	permits, err := r.Permits(context.Background(), 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(permits) != want.permits {
		t.Errorf("permit register: %d permits, history says %d", len(permits), want.permits)
	}
	for _, p := range permits {
		w := want.certificates[p.PermitNumber]
		status := map[string]string{"valid": "issued"}[w.status]
		if status == "" {
			status = w.status
		}
		if !w.permit || p.Status != status || p.FeeTotal != w.feeTotal || (p.ValidUntil == nil) != (w.validUntil == nil) ||
			p.ValidUntil != nil && !p.ValidUntil.Equal(*w.validUntil) {
			t.Errorf("permit %s: register says %s, fee %d, valid until %v; history %+v", p.PermitNumber, p.Status,
				p.FeeTotal, p.ValidUntil, w)
		}
	}
	months, err := r.Months(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var fees, reported, ruled int64
	for _, m := range months {
		fees, reported, ruled = fees+m.FeesCollected, reported+m.ViolationsReported, ruled+m.ViolationsRuled
	}
	if fees != want.feesCollected || reported != want.violationsReported || ruled != want.violationsRuled {
		t.Errorf("monthly: fees %d, reported %d, ruled %d; history says %d, %d, %d",
			fees, reported, ruled, want.feesCollected, want.violationsReported, want.violationsRuled)
	}
	s, err := r.Summary(context.Background(), end, 30)
	if err != nil {
		t.Fatal(err)
	}
	counts := []*int{s.City.Submitted, s.City.Decided, s.Open.WaitingStaff, s.Open.WaitingApplicant}
	for _, f := range append(s.Services, s.Districts...) {
		counts = append(counts, f.Submitted, f.Decided)
	}
	for _, b := range s.Backlogs {
		counts = append(counts, b.WaitingStaff, b.WaitingApplicant)
	}
	for _, m := range s.Months {
		counts = append(counts, m.Submitted, m.Decided, m.ViolationsReported, m.ViolationsRuled)
	}
	for _, n := range counts {
		if n != nil && *n > 0 && *n < transparency.MinCell {
			t.Fatalf("the public summary publishes a count of %d: %+v", *n, s)
		}
	}
}

func checkCertificates(t *testing.T, rt *projector.Runtime, sum demo.Summary) {
	t.Helper()
	r := certificates.Reader{Reads: rt, Now: func() time.Time { return end }}
	for _, tc := range []struct {
		name         string
		number, code string
		want         certificates.Status
	}{
		{"a valid certificate", sum.Valid.Number, sum.Valid.Code, certificates.StatusValid},
		{"a revoked one", sum.Revoked.Number, sum.Revoked.Code, certificates.StatusRevoked},
		{"an expired one", sum.Expired.Number, sum.Expired.Code, certificates.StatusExpired},
		{"a wrong code", sum.Valid.Number, "000000000000", certificates.StatusUnknown},
		{"an unknown number", "1405-00000000", sum.Valid.Code, certificates.StatusUnknown},
	} {
		v, err := r.Verify(context.Background(), tc.number, tc.code)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != tc.want || (tc.want != certificates.StatusUnknown && (v.Service == "" || v.District == "" || v.IssuedAt == nil)) {
			t.Errorf("%s: %+v, want %s", tc.name, v, tc.want)
		}
	}
}

// checkRegister compares every certificate in the register with the history: its status and
// its validity, which renewals extend.
func checkRegister(t *testing.T, rt *projector.Runtime, want figures) {
	t.Helper()
	got := map[string]certificate{}
	err := rt.Read(context.Background(), certificates.Name, func(tx pgx.Tx) error {
		rows, err := tx.Query(context.Background(), `SELECT number, status, valid_until, area_dm2 FROM certificate`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var number string
			var c certificate
			if err := rows.Scan(&number, &c.status, &c.validUntil, &c.areaDM2); err != nil {
				return err
			}
			got[number] = c
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want.certificates) {
		t.Errorf("register holds %d certificates, history issued %d", len(got), len(want.certificates))
	}
	for number, w := range want.certificates {
		g, ok := got[number]
		g.feeTotal, g.permit = w.feeTotal, w.permit // the certificate register keeps neither
		if !ok || g.status != w.status || (g.validUntil == nil) != (w.validUntil == nil) ||
			g.validUntil != nil && !g.validUntil.Equal(*w.validUntil) || (g.areaDM2 == nil) != (w.areaDM2 == nil) ||
			g.areaDM2 != nil && *g.areaDM2 != *w.areaDM2 {
			t.Errorf("certificate %s: register says %+v, history %+v", number, g, w)
		}
	}
}

func checkActivity(t *testing.T, rt *projector.Runtime, want figures) {
	t.Helper()
	r := actoractivity.Reader{Reads: rt}
	for actor, n := range want.byActor {
		if !strings.HasPrefix(actor, "supervisor-") {
			continue
		}
		page, err := r.ByActor(context.Background(), actoractivity.Query{ActorID: actor, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != n || len(page.Actions) != min(n, 10) {
			t.Errorf("activity of %s: %d (%d listed), history says %d", actor, page.Total, len(page.Actions), n)
		}
	}
}
