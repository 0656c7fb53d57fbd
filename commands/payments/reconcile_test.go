package payments_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/commands/payments"
	"github.com/shafaf-city/shafaf/commands/payments/zarinpal"
	"github.com/shafaf-city/shafaf/commands/payments/zarinpal/zarinpaltest"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/eventstore/postgres/pgstoretest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const merchant = "1344b5d4-0048-11e8-94db-005056a205be"

var clerk = commands.Actor{ID: "clerk-7", Role: "clerk"}

// assessed opens a permit case at the counter and takes it to its fee.
func assessed(t *testing.T, h *commands.Cases, sub int) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	res, err := h.Submit(ctx, commands.SubmitApplication{Service: "permit.new", Channel: "walk_in", District: "3",
		Plot:      &ident.Plot{Section: 3, Main: []int{72}, Sub: []int{sub}},
		Applicant: cases.Applicant{Name: "Sara Ahmadi", NationalID: "3974017844"}}, clerk)
	if err != nil {
		t.Fatal(err)
	}
	steps := []cases.Received{cases.AcceptIntake{}, cases.ScheduleInspection{Inspector: "insp-1", On: jalali.Instant{Time: time.Now()}},
		cases.RecordInspection{Findings: "as built", MeasuredAreaDM2: 30000}, cases.RecordReview{Summary: "sound"},
		cases.AssessFee{Inputs: fees.Inputs{Use: "residential", LandArea: fees.SquareMetres(200), RequestedArea: fees.SquareMetres(300),
			FloorAreas: []fees.Area{fees.SquareMetres(150), fees.SquareMetres(150)}, RegionalPrice: 5_000_000}}}
	for _, cmd := range steps {
		if _, err := h.Run(ctx, res.CaseID, cmd, clerk, nil); err != nil {
			t.Fatalf("%T: %v", cmd, err)
		}
	}
	return res.CaseID
}

// TestReconcileNamesEveryKindOfDifference plants one payment of each kind beside one that
// matches: paid and never brought back, verified with no event (a crash between the two), an
// event with no gateway record, and amounts that disagree.
func TestReconcileNamesEveryKindOfDifference(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := pgstoretest.Open(t, pool)
	h, err := commands.NewCases(store, catalogue.Default(), time.Now, uuid.New)
	if err != nil {
		t.Fatal(err)
	}
	gw := zarinpaltest.New(merchant)
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	client := zarinpal.New(srv.URL, merchant)
	svc, err := payments.Open(ctx, pool, h, payments.Config{Gateway: client, CallbackURL: "http://city.example/v1/payments/callback"})
	if err != nil {
		t.Fatal(err)
	}
	paid := func(sub int) payments.Payment {
		p, err := svc.Start(ctx, assessed(t, h, sub), clerk)
		if err == nil {
			_, err = gw.Pay(p.Authority)
		}
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	callback := func(p payments.Payment) {
		if _, err := svc.Callback(ctx, p.Authority, "OK"); err != nil {
			t.Fatal(err)
		}
	}

	callback(paid(1)) // matches
	paid(2)           // never brought back
	crashed := paid(3)
	v, err := client.Verify(ctx, crashed.Authority, crashed.Rials)
	if err != nil {
		t.Fatal(err)
	}
	// what the callback writes before it tells the case, as if it crashed in between
	if _, err := pool.Exec(ctx, `UPDATE gateway_payments SET verified_at = now(), ref_id = $2 WHERE authority = $1`, crashed.Authority, v.RefID); err != nil {
		t.Fatal(err)
	}
	other := assessed(t, h, 4)
	s, _, _ := h.Load(ctx, other)
	if _, err := h.ConfirmOnlinePayment(ctx, other, cases.ConfirmOnlinePayment{Rials: s.Money.Outstanding(), Reference: "55555", Bill: *s.Money.Bill}, clerk); err != nil {
		t.Fatal(err)
	}
	altered := paid(5)
	callback(altered)
	if _, err := pool.Exec(ctx, `UPDATE gateway_payments SET rials = rials + 1000 WHERE authority = $1`, altered.Authority); err != nil {
		t.Fatal(err)
	}

	rep, err := payments.Reconcile(ctx, pool, client, store, jalali.FromTime(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, d := range rep.Differences {
		kinds = append(kinds, d.Kind)
	}
	slices.Sort(kinds)
	want := []string{payments.AmountMismatch, payments.OnCaseNoRecord, payments.PaidNotVerified, payments.VerifiedNotOnCase}
	if rep.Matched != 1 || !slices.Equal(kinds, want) {
		t.Errorf("matched %d, differences %+v; want 1 and %v", rep.Matched, rep.Differences, want)
	}
}
