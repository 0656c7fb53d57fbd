package billing_test

import (
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/billing"
)

// Published examples: an electricity bill in github.com/vivaams/IranianBillsValidation's
// README: file 99852354, company 041, service 2 (electricity), 8 800 000 rials, year 1400,
// period 05, as printed and as a barcode pads it.
func TestPublishedBillsCheck(t *testing.T) {
	t.Parallel()
	for _, b := range []billing.Bill{
		{BillID: "9985235404124", PaymentID: "0000880000568"},
		{BillID: "9985235404124", PaymentID: "880000568"},
	} {
		if err := billing.Check(b); err != nil {
			t.Errorf("Check(%+v) = %v, want nil", b, err)
		}
		if got := billing.Rials(b.PaymentID); got != 8_800_000 {
			t.Errorf("Rials(%s) = %d, want 8800000", b.PaymentID, got)
		}
	}
}

func TestIssueRebuildsThePublishedBill(t *testing.T) {
	t.Parallel()
	got, err := billing.NewBillID(99852354, 41, 2)
	if err != nil || got != "9985235404124" {
		t.Fatalf("NewBillID = %q, %v; want 9985235404124", got, err)
	}
	pay, err := billing.NewPaymentID(got, 8_800_000, 1400, 5)
	if err != nil || pay != "880000568" {
		t.Fatalf("NewPaymentID = %q, %v; want 880000568", pay, err)
	}
}

func TestCheckRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		bill  billing.Bill
		field string
	}{
		{"a mistyped bill ID", billing.Bill{BillID: "9985235404125", PaymentID: "880000568"}, "bill_id"},
		{"a mistyped amount", billing.Bill{BillID: "9985235404124", PaymentID: "890000568"}, "payment_id"},
		{"another bill's payment ID", billing.Bill{BillID: "9985235404140", PaymentID: "880000568"}, "payment_id"},
		{"letters", billing.Bill{BillID: "99852354O4124", PaymentID: "880000568"}, "bill_id"},
		{"a short payment ID", billing.Bill{BillID: "9985235404124", PaymentID: "12"}, "payment_id"},
		{"a long bill ID", billing.Bill{BillID: "99852354041240", PaymentID: "880000568"}, "bill_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fieldOf(billing.Check(tc.bill)); got != tc.field {
				t.Errorf("Check(%+v) names %q, want %q", tc.bill, got, tc.field)
			}
		})
	}
}

func TestIssueRefusesWhatTheSchemeCannotCarry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		file         uint64
		company      int
		rials        int64
		year, period int
	}{
		{"a file number of 9 digits", 123456789, 1, 1000, 1405, 1},
		{"a company code of 4 digits", 1, 1000, 1000, 1405, 1},
		{"part of a thousand rials", 1, 1, 1500, 1405, 1},
		{"nothing to pay", 1, 1, 0, 1405, 1},
		{"more than the payment ID holds", 1, 1, 100_000_000_000, 1405, 1},
		{"a 3-digit period", 1, 1, 1000, 1405, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if b, err := billing.Issue(tc.file, tc.company, tc.rials, tc.year, tc.period); err == nil {
				t.Errorf("Issue = %+v, want an error", b)
			}
		})
	}
}

// fieldOf is the first field a Check error names, "" for none.
func fieldOf(err error) string {
	var de *domain.Error
	if !errors.As(err, &de) || len(de.Fields) == 0 {
		return ""
	}
	return de.Fields[0].Field
}

func TestReissueKeepsBillYearAndPeriod(t *testing.T) {
	t.Parallel()
	b, err := billing.Reissue(billing.Bill{BillID: "9985235404124", PaymentID: "0000880000568"}, 4_400_000)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := billing.NewPaymentID("9985235404124", 4_400_000, 1400, 5)
	if b.BillID != "9985235404124" || b.PaymentID != want || billing.Check(b) != nil {
		t.Errorf("Reissue = %+v, want payment ID %s", b, want)
	}
}
