package cases_test

import (
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/billing"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// billed is a permit case with a tracking number, assessed: it has a bill.
func billed(t *testing.T) cases.State {
	t.Helper()
	sub := submitOf("permit.new")
	sub.TrackingNumber = "1405-1-00042-1"
	s := MustRun(t, "permit.new", append([]cases.Command{sub}, with(permitReady()[1:], assess(t, "residential"))...)...)
	if s.Money.Bill == nil {
		t.Fatal("an assessed case with a tracking number has no bill")
	}
	return s
}

func onlinePay(s cases.State, ref string) cases.ConfirmOnlinePayment {
	return cases.ConfirmOnlinePayment{Rials: billing.Rials(s.Money.Bill.PaymentID), Reference: ref, Bill: *s.Money.Bill, At: t0}
}

func TestTheAssessmentIssuesABill(t *testing.T) {
	t.Parallel()
	s := billed(t)
	b := *s.Money.Bill
	if err := billing.Check(b); err != nil {
		t.Fatalf("bill %+v: %v", b, err)
	}
	if got := billing.Rials(b.PaymentID); got != s.Money.Outstanding() {
		t.Errorf("the bill asks %d rials, the case owes %d", got, s.Money.Outstanding())
	}
	if b.BillID[:8] != "51000042" { // year 1405's 5, group 1, sequence 000042
		t.Errorf("bill ID %s does not carry the tracking number", b.BillID)
	}
	t.Run("a partial payment re-issues it for the rest", func(t *testing.T) {
		after := evolve(t, s, cases.RecordPayment{Rials: 10_000, Channel: "cash", Reference: "r1", At: t0})
		if after.Money.Bill == nil || after.Money.Bill.BillID != b.BillID || billing.Rials(after.Money.Bill.PaymentID) != s.Money.Outstanding()-10_000 {
			t.Errorf("bill after a partial payment = %+v", after.Money.Bill)
		}
	})
	t.Run("a case without a tracking number gets none", func(t *testing.T) {
		if s := MustRun(t, "permit.new", with(permitReady(), assess(t, "residential"))...); s.Money.Bill != nil {
			t.Errorf("bill = %+v", s.Money.Bill)
		}
	})
}

func TestABillSettlesOnce(t *testing.T) {
	t.Parallel()
	s := billed(t)
	bank := cases.RecordPayment{Rials: billing.Rials(s.Money.Bill.PaymentID), Channel: cases.ChannelBillPayment,
		Reference: "bank-1", BillID: s.Money.Bill.BillID, PaymentID: "000" + s.Money.Bill.PaymentID, At: t0}
	paid := evolve(t, s, bank)
	if paid.Money.Outstanding() != 0 || paid.Money.Bill != nil {
		t.Fatalf("after the bank's payment: owed %d, bill %+v", paid.Money.Outstanding(), paid.Money.Bill)
	}
	t.Run("the same bill reported again is refused as paid", func(t *testing.T) {
		again := bank
		again.Reference = "bank-2"
		if _, err := cases.Decide(paid, again, depsOf(t, "2026.2", "permit.new")); ruleOf(err) != cases.RulePaymentBillSettled {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("the same bill through the gateway is owed back", func(t *testing.T) {
		evs, err := cases.Decide(paid, onlinePay(s, "zp-1"), depsOf(t, "2026.2", "permit.new"))
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := evs[0].(*cases.PaymentRefundDue); !ok || r.Reason != cases.RefundBillSettled {
			t.Errorf("events = %#v", evs)
		}
	})
	t.Run("a mistyped bill is refused before anything", func(t *testing.T) {
		bad := bank
		bad.PaymentID = s.Money.Bill.PaymentID[:3] + "9" + s.Money.Bill.PaymentID[4:]
		if err := cases.Validate(bad); err == nil {
			t.Error("a payment ID with a wrong digit was accepted")
		}
	})
}

func TestAnOnlinePayment(t *testing.T) {
	t.Parallel()
	s := billed(t)
	d := depsOf(t, "2026.2", "permit.new")
	t.Run("settles the bill", func(t *testing.T) {
		evs, err := cases.Decide(s, onlinePay(s, "zp-1"), d)
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := evs[0].(*cases.PaymentRecorded); !ok || !p.PaidInFull || p.Channel != cases.ChannelGateway {
			t.Errorf("events = %#v", evs)
		}
	})
	t.Run("recorded twice is refused", func(t *testing.T) {
		paid := evolve(t, s, onlinePay(s, "zp-1"))
		if _, err := cases.Decide(paid, onlinePay(s, "zp-1"), d); ruleOf(err) != cases.RulePaymentDuplicateRef {
			t.Errorf("err = %v", err)
		}
	})
	for _, tc := range []struct {
		name   string
		before cases.Command
		pay    func(cases.ConfirmOnlinePayment) cases.ConfirmOnlinePayment
		want   cases.RefundReason
	}{
		{"on a cancelled case is owed back", cases.Cancel{Reason: "duplicate file", At: t0}, nil, cases.RefundCaseClosed},
		{"of a replaced bill is owed back", cases.RecordPayment{Rials: 10_000, Channel: "cash", Reference: "c1", At: t0}, nil, cases.RefundBillNotCurrent},
		{"of another amount is owed back", nil, func(c cases.ConfirmOnlinePayment) cases.ConfirmOnlinePayment { c.Rials -= 1000; return c }, cases.RefundAmountMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := s
			if tc.before != nil {
				before = evolve(t, s, tc.before)
			}
			pay := onlinePay(s, "zp-9")
			if tc.pay != nil {
				pay = tc.pay(pay)
			}
			evs, err := cases.Decide(before, pay, d)
			if err != nil {
				t.Fatal(err)
			}
			r, ok := evs[0].(*cases.PaymentRefundDue)
			if !ok || r.Reason != tc.want {
				t.Fatalf("events = %#v, want a refund for %s", evs, tc.want)
			}
			if after := cases.Evolve(before, r); after.Money.RefundDue != pay.Rials || after.Money.Paid != before.Money.Paid || after.Status != before.Status {
				t.Errorf("after the refund: %+v", after.Progress)
			}
		})
	}
}

// evolve decides c on s and applies its events.
func evolve(t *testing.T, s cases.State, c cases.Command) cases.State {
	t.Helper()
	evs, err := cases.Decide(s, c, depsOf(t, "2026.2", "permit.new"))
	if err != nil {
		t.Fatalf("%T: %v", c, err)
	}
	for _, e := range evs {
		s = cases.Evolve(s, e)
	}
	return s
}

func ruleOf(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Rule
	}
	return ""
}
