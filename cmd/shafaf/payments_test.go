package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/payments/zarinpal"
	"github.com/shafaf-city/shafaf/commands/payments/zarinpal/zarinpaltest"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/billing"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

const testMerchant = "1344b5d4-0048-11e8-94db-005056a205be"

// payingCity is an App whose applicants pay through an in-process Zarinpal.
type payingCity struct {
	t   *testing.T
	app *App
	gw  *zarinpaltest.Gateway
	url string // the gateway's address
	dsn string
}

func openPayingCity(t *testing.T) *payingCity {
	gw := zarinpaltest.New(testMerchant)
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	dsn := pgtest.NewDatabase(t)
	app := openTestApp(t, dsn, func(cfg *appConfig) {
		// The App's port is known only once it listens: the tests bring the payer back to it.
		cfg.Payments = paymentsConfig{Gateway: zarinpal.New(srv.URL, testMerchant), CallbackBase: "http://city.invalid", BillCompany: 41}
	})
	return &payingCity{t: t, app: app, gw: gw, url: srv.URL, dsn: dsn}
}

// assessedCase is a permit case taken to its fee, as the lifecycle tests take it.
func (c *payingCity) assessedCase(sub int) *lifecycle {
	svc, _ := catalogue.Default().Service("permit.new")
	l := newLifecycle(c.t, c.app, svc)
	l.submit(sub)
	l.do("accept", nil)
	l.do("schedule-inspection", map[string]any{"inspector": "insp-1", "on": time.Now()})
	l.do("record-inspection", map[string]any{"findings": "as built", "measured_area_dm2": 30000})
	if l.uses(catalogue.StepEngineeringReview) {
		l.do("record-review", map[string]any{"summary": "sound"})
	}
	l.do("assess-fee", map[string]any{"inputs": feeInputs("residential")})
	return l
}

type onlinePayment struct {
	Authority   string       `json:"authority"`
	RedirectURL string       `json:"redirect_url"`
	Bill        billing.Bill `json:"bill"`
	Rials       int64        `json:"rials"`
}

type paymentOutcome struct {
	Outcome  string `json:"outcome"`
	RefID    string `json:"ref_id"`
	Rials    int64  `json:"rials"`
	Position string `json:"position"`
}

// start opens a payment of l's bill as its applicant.
func (c *payingCity) start(l *lifecycle) onlinePayment {
	c.t.Helper()
	r := l.applicant.post("/v1/cases/"+l.id+"/payments", map[string]any{})
	wantStatus(c.t, r, http.StatusCreated)
	var p onlinePayment
	r.json(c.t, &p)
	return p
}

// payAtGateway clicks "pay" (or "cancel") on the gateway's page and returns where the
// gateway sends the browser back, brought to the App.
func (c *payingCity) payAtGateway(p onlinePayment, action string) string {
	c.t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page, err := http.Get(p.RedirectURL)
	if err != nil || page.StatusCode != http.StatusOK {
		c.t.Fatalf("StartPay page: %v %v", page, err)
	}
	page.Body.Close()
	res, err := noFollow.PostForm(p.RedirectURL, url.Values{"action": {action}})
	if err != nil {
		c.t.Fatal(err)
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil || back.Path != "/v1/payments/callback" {
		c.t.Fatalf("the gateway sends the payer to %q", res.Header.Get("Location"))
	}
	return back.Path + "?" + back.RawQuery
}

// events counts the events on l's case.
func (c *payingCity) events(l *lifecycle) []string {
	c.t.Helper()
	var h struct {
		Events []struct {
			Type string `json:"type"`
		} `json:"events"`
	}
	r := client{tb: c.t, base: c.app.URL(), actor: "auditor:audit-1"}.get("/v1/cases/" + l.id + "/history")
	wantStatus(c.t, r, http.StatusOK)
	r.json(c.t, &h)
	types := make([]string, len(h.Events))
	for i, e := range h.Events {
		types[i] = e.Type
	}
	return types
}

// refused wants the callback at back refused with status and rule, and l's case untouched.
func (c *payingCity) refused(t *testing.T, l *lifecycle, back string, status int, rule string) {
	t.Helper()
	before := c.events(l)
	wantProblem(t, c.anyone().get(back), status, rule)
	if got := c.events(l); len(got) != len(before) {
		t.Errorf("events %v, want %v", got, before)
	}
}

// anyone is the payer's browser: no token.
func (c *payingCity) anyone() client { return client{tb: c.t, base: c.app.URL()} }

func TestAnApplicantPaysOnline(t *testing.T) {
	city := openPayingCity(t)
	l := city.assessedCase(1)

	var shown struct {
		Bill      *billing.Bill `json:"bill"`
		FeeTotal  int64         `json:"fee_total"`
		Status    string        `json:"status"`
		RefundDue int64         `json:"refund_due"`
	}
	l.applicant.get("/v1/cases/"+l.id+"?after="+l.last.Position).json(t, &shown)
	if shown.Bill == nil || billing.Check(*shown.Bill) != nil || billing.Rials(shown.Bill.PaymentID) != shown.FeeTotal {
		t.Fatalf("the applicant is shown bill %+v for a fee of %d", shown.Bill, shown.FeeTotal)
	}
	var mine struct {
		Items []struct {
			Bill *billing.Bill `json:"bill"`
		} `json:"items"`
	}
	l.applicant.get("/v1/me/cases").json(t, &mine)
	if len(mine.Items) != 1 || mine.Items[0].Bill == nil || *mine.Items[0].Bill != *shown.Bill {
		t.Fatalf("/v1/me/cases shows %+v", mine.Items)
	}

	t.Run("only the applicant starts a payment", func(t *testing.T) {
		wantProblem(t, client{tb: t, base: city.app.URL(), actor: "applicant:0010350829"}.post("/v1/cases/"+l.id+"/payments", map[string]any{}), http.StatusNotFound, "not_found")
		wantStatus(t, l.staff.post("/v1/cases/"+l.id+"/payments", map[string]any{}), http.StatusForbidden)
	})

	p := city.start(l)
	if p.Bill != *shown.Bill || p.Rials != shown.FeeTotal || !strings.HasPrefix(p.RedirectURL, city.url+"/pg/StartPay/"+p.Authority) {
		t.Fatalf("payment %+v", p)
	}
	before := city.events(l)

	t.Run("a forged callback changes nothing", func(t *testing.T) {
		city.refused(t, l, "/v1/payments/callback?Authority=A00000000000000000000000000999999999&Status=OK", http.StatusNotFound, "not_found")
		city.refused(t, l, "/v1/payments/callback?Authority="+p.Authority+"&Status=OK", http.StatusUnprocessableEntity, "payment.not_paid")
	})

	back := city.payAtGateway(p, "pay")
	var paid paymentOutcome
	r := city.anyone().get(back)
	wantStatus(t, r, http.StatusOK)
	r.json(t, &paid)
	after := city.events(l)
	if paid.Outcome != "paid" || paid.RefID == "" || len(after) != len(before)+1 || after[len(after)-1] != "case.PaymentRecorded.v1" {
		t.Fatalf("outcome %+v, events %v", paid, after)
	}

	t.Run("a callback that comes again appends nothing", func(t *testing.T) {
		verified := city.gw.Verifications()
		var again paymentOutcome
		r := city.anyone().get(back)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &again)
		if again.Outcome != paid.Outcome || again.RefID != paid.RefID || again.Position != "" || city.gw.Verifications() != verified+1 {
			t.Errorf("second answer %+v, want %+v verified with the gateway", again, paid)
		}
		if got := city.events(l); len(got) != len(after) {
			t.Errorf("events %v, want %v", got, after)
		}
	})

	t.Run("a bank's report of the same bill settles nothing more", func(t *testing.T) {
		bank := map[string]any{"rials": p.Rials, "channel": "bill_payment", "reference": "BANK-77",
			"bill_id": p.Bill.BillID, "payment_id": "0000" + p.Bill.PaymentID}
		wantProblem(t, client{tb: t, base: city.app.URL(), actor: "clerk:clerk-7"}.post("/v1/cases/"+l.id+"/record-payment", bank),
			http.StatusUnprocessableEntity, "payment.bill_settled")
		if got := city.events(l); len(got) != len(after) {
			t.Errorf("events %v, want %v", got, after)
		}
	})

	t.Run("the browser reads the outcome in Persian", func(t *testing.T) {
		r := city.anyone().do(http.MethodGet, back, "", nil, "Accept", "text/html")
		if r.status != http.StatusOK || !bytes.Contains(r.body, []byte("پرداخت با موفقیت ثبت شد")) || !bytes.Contains(r.body, []byte(paid.RefID)) {
			t.Errorf("page %d: %s", r.status, r.body)
		}
	})

	t.Run("the case moves on", func(t *testing.T) {
		l.do("decision", approval)
		l.do("issue", nil)
		if s := l.summary(); s.Status != "issued" || s.FeePaid != shown.FeeTotal {
			t.Errorf("after paying online: %+v", s)
		}
		wantProblem(t, l.applicant.post("/v1/cases/"+l.id+"/payments", map[string]any{}), http.StatusUnprocessableEntity, "payment.nothing_due")
	})
}

func TestOnlinePaymentsThatSettleNothing(t *testing.T) {
	city := openPayingCity(t)
	l := city.assessedCase(2)

	for _, tc := range []struct {
		name, action, rule string
		tamper             bool
	}{
		{"another amount at the gateway changes nothing", "pay", "payment.amount_mismatch", true},
		{"a cancelled payment changes nothing", "cancel", "payment.not_paid", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := city.start(l)
			if tc.tamper {
				city.gw.Tamper(p.Authority, p.Rials/2)
			}
			city.refused(t, l, city.payAtGateway(p, tc.action), http.StatusUnprocessableEntity, tc.rule)
		})
	}

	t.Run("a payment verified after the case was cancelled is owed back", func(t *testing.T) {
		p := city.start(l)
		back := city.payAtGateway(p, "pay")
		l.do("cancel", map[string]any{"reason": "the applicant sold the plot"})
		var out paymentOutcome
		r := city.anyone().get(back)
		wantStatus(t, r, http.StatusOK)
		r.json(t, &out)
		got := city.events(l)
		if out.Outcome != "refund_due" || out.Position == "" || got[len(got)-1] != "case.PaymentRefundDue.v1" {
			t.Fatalf("outcome %+v, events %v", out, got)
		}
		var shown struct {
			Status    string `json:"status"`
			RefundDue int64  `json:"refund_due"`
			FeePaid   int64  `json:"fee_paid"`
		}
		l.staff.get("/v1/cases/"+l.id+"?after="+out.Position).json(t, &shown)
		if shown.Status != "cancelled" || shown.RefundDue != p.Rials || shown.FeePaid != 0 {
			t.Errorf("staff see %+v", shown)
		}
	})
}

// TestReconcileReportsADifference: a payer who paid and never came back leaves money at the
// gateway that no case event shows; reconcile names it and exits non-zero, with the day in
// either calendar.
func TestReconcileReportsADifference(t *testing.T) {
	city := openPayingCity(t)
	paid := city.assessedCase(3)
	city.payAtGateway(city.start(paid), "pay")         // paid, and the payer never comes back
	back := city.payAtGateway(city.start(paid), "pay") // a second try, paid too and brought back
	wantStatus(t, city.anyone().get(back), http.StatusOK)

	t.Setenv("DATABASE_URL", city.dsn)
	t.Setenv(paymentGatewayEnv, "zarinpal")
	t.Setenv(zarinpalMerchantEnv, testMerchant)
	t.Setenv(zarinpalURLEnv, city.url)
	today := jalali.FromTime(time.Now())
	for _, day := range []string{time.Now().In(jalali.Tehran()).Format(time.DateOnly), today.String()} {
		var out bytes.Buffer
		err := run(context.Background(), []string{"payments", "reconcile", "--day", day}, &out, &out)
		if !errors.Is(err, errDifferences) || !strings.Contains(out.String(), "1 matched, 1 differences") || !strings.Contains(out.String(), "paid_not_verified") {
			t.Errorf("reconcile --day %s: %v\n%s", day, err, out.String())
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"payments", "reconcile", "--day", today.AddDays(-1).String()}, &out, &out); err != nil {
		t.Errorf("yesterday: %v\n%s", err, out.String())
	}
}

// TestTwoCallbacksAtOnceRecordOnce: the browser's return and a refresh racing each other
// record the payment once.
func TestTwoCallbacksAtOnceRecordOnce(t *testing.T) {
	city := openPayingCity(t)
	l := city.assessedCase(4)
	back := city.payAtGateway(city.start(l), "pay")
	before := len(city.events(l))
	outcomes := make(chan string, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out paymentOutcome
			r := city.anyone().get(back)
			if r.status == http.StatusOK {
				r.json(t, &out)
			}
			outcomes <- strconv.Itoa(r.status) + " " + out.Outcome
		}()
	}
	wg.Wait()
	close(outcomes)
	for o := range outcomes {
		if o != "200 paid" {
			t.Errorf("a racing callback answered %q", o)
		}
	}
	if got := city.events(l); len(got) != before+1 {
		t.Errorf("events %v: want one payment more than %d", got, before)
	}
}
