package billing

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shafaf-city/shafaf/domain"
)

// ServiceMunicipality is the scheme's service-type digit for municipal charges (عوارض شهرداری).
const ServiceMunicipality = 6

// Limits of the scheme.
const (
	maxFileDigits   = 8
	maxAmountDigits = 8 // 13 digits less year, period and two check digits
	minIDLen        = 6
	maxIDLen        = 13
	// RialsPerUnit is the unit of the payment ID's amount: a bill is for whole thousands of rials.
	RialsPerUnit = 1000
)

// Bill is what an applicant types at a bank to pay one charge: the two numbers together name
// the payer, the issuer, the amount and the period, and each carries its own check digits.
type Bill struct {
	BillID    string `json:"bill_id"`
	PaymentID string `json:"payment_id"`
}

// Issue is the bill for rials on file, issued by company for the period of year (only its last
// digit is kept), under service type ServiceMunicipality.
func Issue(file uint64, company int, rials int64, year, period int) (Bill, error) {
	bill, err := NewBillID(file, company, ServiceMunicipality)
	if err != nil {
		return Bill{}, err
	}
	pay, err := NewPaymentID(bill, rials, year, period)
	if err != nil {
		return Bill{}, err
	}
	return Bill{BillID: bill, PaymentID: pay}, nil
}

// NewBillID is the bill ID of file at company for service type service.
func NewBillID(file uint64, company, service int) (string, error) {
	f := strconv.FormatUint(file, 10)
	switch {
	case file == 0 || len(f) > maxFileDigits:
		return "", fmt.Errorf("billing: file number %d is not 1 to %d digits", file, maxFileDigits)
	case company < 0 || company > 999:
		return "", fmt.Errorf("billing: company code %d is not 3 digits", company)
	case service < 1 || service > 9:
		return "", fmt.Errorf("billing: service type %d is not one digit", service)
	}
	body := fmt.Sprintf("%s%03d%d", f, company, service)
	return body + strconv.Itoa(checkDigit(body)), nil
}

// NewPaymentID is the payment ID for rials (whole thousands) on billID in period of year.
func NewPaymentID(billID string, rials int64, year, period int) (string, error) {
	amount := strconv.FormatInt(rials/RialsPerUnit, 10)
	switch {
	case rials <= 0 || rials%RialsPerUnit != 0 || len(amount) > maxAmountDigits:
		return "", fmt.Errorf("billing: %d rials is not a positive whole number of thousands below 10^%d", rials, maxAmountDigits+3)
	case period < 0 || period > 99:
		return "", fmt.Errorf("billing: period %d is not 2 digits", period)
	case year < 0:
		return "", fmt.Errorf("billing: year %d is negative", year)
	}
	body := fmt.Sprintf("%s%d%02d", amount, year%10, period)
	body += strconv.Itoa(checkDigit(body))
	return body + strconv.Itoa(checkDigit(billID+body)), nil
}

// Check refuses a bill ID or payment ID that is not well formed or whose check digits do not
// add up, naming the field (bill_id, payment_id) as the API's problems do.
func Check(b Bill) error {
	var errs []domain.FieldError
	bill, pay := canonical(b.BillID), canonical(b.PaymentID)
	if msg := shape(bill); msg != "" {
		errs = append(errs, domain.FieldError{Field: "bill_id", Code: "format", Message: "the bill ID " + msg})
	} else if !checks(bill) {
		errs = append(errs, domain.FieldError{Field: "bill_id", Code: "check_digit", Message: "the bill ID's check digit is wrong: is it mistyped?"})
	}
	if msg := shape(pay); msg != "" {
		errs = append(errs, domain.FieldError{Field: "payment_id", Code: "format", Message: "the payment ID " + msg})
	} else if !checks(pay[:len(pay)-1]) || (len(errs) == 0 && !checks(bill+pay)) {
		errs = append(errs, domain.FieldError{Field: "payment_id", Code: "check_digit", Message: "the payment ID's check digits are wrong for this bill ID: is it mistyped?"})
	}
	if len(errs) > 0 {
		return domain.Invalid(errs...)
	}
	return nil
}

// Canonical is b as this package writes it: leading zeros, which banks' barcodes pad with,
// dropped, so the same bill always compares equal.
func Canonical(b Bill) Bill {
	return Bill{BillID: canonical(b.BillID), PaymentID: canonical(b.PaymentID)}
}

// Rials is the amount a well-formed payment ID asks for.
func Rials(paymentID string) int64 {
	p := canonical(paymentID)
	if len(p) < minIDLen {
		return 0
	}
	n, _ := strconv.ParseInt(p[:len(p)-5], 10, 64)
	return n * RialsPerUnit
}

func canonical(id string) string {
	if t := strings.TrimLeft(strings.TrimSpace(id), "0"); t != "" {
		return t
	}
	return strings.TrimSpace(id)
}

// shape says what is wrong with id's length or characters, or "" when nothing is.
func shape(id string) string {
	switch {
	case strings.Trim(id, "0123456789") != "":
		return "has characters other than digits"
	case len(id) < minIDLen || len(id) > maxIDLen:
		return fmt.Sprintf("is not %d to %d digits long", minIDLen, maxIDLen)
	}
	return ""
}

// checks reports whether the last digit of digits is the check digit of the rest.
func checks(digits string) bool {
	return len(digits) >= 2 && int(digits[len(digits)-1]-'0') == checkDigit(digits[:len(digits)-1])
}

// checkDigit is the scheme's mod-11 check digit of digits (weights 2…7 from the right).
func checkDigit(digits string) int {
	sum, weight := 0, 2
	for i := len(digits) - 1; i >= 0; i-- {
		sum += int(digits[i]-'0') * weight
		if weight++; weight > 7 {
			weight = 2
		}
	}
	if r := sum % 11; r >= 2 {
		return 11 - r
	}
	return 0
}

// Reissue is b for another amount: the same bill ID, year and period, a new payment ID, as a
// bill is re-sent when part of it was paid or waived.
func Reissue(b Bill, rials int64) (Bill, error) {
	p := canonical(b.PaymentID)
	if len(p) < minIDLen {
		return Bill{}, fmt.Errorf("billing: payment ID %q is too short to reissue", b.PaymentID)
	}
	year, period := int(p[len(p)-5]-'0'), int(p[len(p)-4]-'0')*10+int(p[len(p)-3]-'0')
	pay, err := NewPaymentID(canonical(b.BillID), rials, year, period)
	return Bill{BillID: canonical(b.BillID), PaymentID: pay}, err
}
