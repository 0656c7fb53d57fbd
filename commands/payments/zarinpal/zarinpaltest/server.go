// Package zarinpaltest is Zarinpal's payment gateway (API v4) in process: request.json,
// verify.json and unVerified.json with the documented shapes and error codes, and a StartPay
// page where a person clicks "pay" or "cancel" and is sent back to the callback. Tests drive it
// through the same HTTP a browser would; `shafaf dev` serves it as the sandbox of `make run`.
package zarinpaltest

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
)

// Gateway is the fake gateway for one merchant.
type Gateway struct {
	Merchant string
	mu       sync.Mutex
	sessions map[string]*session
	next     int64 // the last authority's number
	refs     int64 // the last ref_id given
	verifies int
}

// session is one opened payment.
type session struct {
	Amount      int64
	Description string
	Callback    string
	Paid        bool
	Verified    bool
	RefID       int64
	At          time.Time
}

// New is a gateway for merchant.
func New(merchant string) *Gateway {
	return &Gateway{Merchant: merchant, sessions: map[string]*session{}, next: 217885159, refs: 20250000}
}

// Handler serves the gateway's API and StartPay pages.
func (g *Gateway) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /pg/v4/payment/request.json", g.request)
	mux.HandleFunc("POST /pg/v4/payment/verify.json", g.verify)
	mux.HandleFunc("POST /pg/v4/payment/unVerified.json", g.unverified)
	mux.HandleFunc("GET /pg/StartPay/{authority}", g.startPay)
	mux.HandleFunc("POST /pg/StartPay/{authority}", g.finish)
	return mux
}

// Pay is the payer paying at the StartPay page: the callback URL their browser is sent to.
func (g *Gateway) Pay(authority string) (string, error) { return g.settle(authority, true) }

// Cancel is the payer cancelling at the StartPay page.
func (g *Gateway) Cancel(authority string) (string, error) { return g.settle(authority, false) }

// Tamper changes the amount of an open session, as a payment request altered on its way would:
// verifying it with the bill's amount then fails with -50.
func (g *Gateway) Tamper(authority string, amount int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if s, ok := g.sessions[authority]; ok {
		s.Amount = amount
	}
}

// Verifications is how many verify.json calls the gateway answered.
func (g *Gateway) Verifications() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.verifies
}

func (g *Gateway) settle(authority string, pay bool) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	s, ok := g.sessions[authority]
	if !ok {
		return "", fmt.Errorf("zarinpaltest: no session %s", authority)
	}
	status := "NOK"
	if pay {
		s.Paid, status = true, "OK"
	}
	u, err := url.Parse(s.Callback)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("Authority", authority)
	q.Set("Status", status)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func (g *Gateway) request(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MerchantID  string `json:"merchant_id"`
		Amount      int64  `json:"amount"`
		Currency    string `json:"currency"`
		Description string `json:"description"`
		CallbackURL string `json:"callback_url"`
	}
	if !decode(w, r, &in) || !g.merchant(w, in.MerchantID) {
		return
	}
	if in.Amount < 1000 || in.CallbackURL == "" || in.Description == "" || len(in.Description) > 500 || (in.Currency != "" && in.Currency != "IRR" && in.Currency != "IRT") {
		fail(w, -9, "The input params invalid, validation error.")
		return
	}
	g.mu.Lock()
	g.next++
	authority := fmt.Sprintf("A%035d", g.next)
	g.sessions[authority] = &session{Amount: in.Amount, Description: in.Description, Callback: in.CallbackURL, At: time.Now()}
	g.mu.Unlock()
	ok(w, map[string]any{"code": 100, "message": "Success", "authority": authority, "fee_type": "Merchant", "fee": 0})
}

func (g *Gateway) verify(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MerchantID string `json:"merchant_id"`
		Amount     int64  `json:"amount"`
		Authority  string `json:"authority"`
	}
	if !decode(w, r, &in) || !g.merchant(w, in.MerchantID) {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.verifies++
	s, found := g.sessions[in.Authority]
	switch {
	case !found:
		fail(w, -54, "Invalid authority.")
	case in.Amount != s.Amount:
		fail(w, -50, "Session is not valid, amounts values is not the same.")
	case !s.Paid:
		fail(w, -51, "Session is not valid, session is not active paid try.")
	case s.Verified:
		ok(w, map[string]any{"code": 101, "message": "Verified", "ref_id": s.RefID, "card_pan": "502229******5995", "card_hash": "1EBE3EBEBE35C7EC0F8D6EE4F2F859107A87822CA179BC9528767EA7B5489B69", "fee_type": "Merchant", "fee": 0})
	default:
		g.refs++
		s.Verified, s.RefID = true, g.refs
		ok(w, map[string]any{"code": 100, "message": "Paid", "ref_id": s.RefID, "card_pan": "502229******5995", "card_hash": "1EBE3EBEBE35C7EC0F8D6EE4F2F859107A87822CA179BC9528767EA7B5489B69", "fee_type": "Merchant", "fee": 0})
	}
}

func (g *Gateway) unverified(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MerchantID string `json:"merchant_id"`
	}
	if !decode(w, r, &in) || !g.merchant(w, in.MerchantID) {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	list := []map[string]any{}
	for a, s := range g.sessions {
		if s.Paid && !s.Verified {
			list = append(list, map[string]any{"authority": a, "amount": s.Amount, "callback_url": s.Callback, "referer": "", "date": s.At.In(jalali.Tehran()).Format(time.DateTime)})
		}
	}
	ok(w, map[string]any{"code": 100, "message": "Success", "authorities": list})
}

func (g *Gateway) merchant(w http.ResponseWriter, id string) bool {
	if id != g.Merchant {
		fail(w, -10, "Terminal is not valid, please check merchant_id or ip address.")
		return false
	}
	return true
}

// startPay is the page the payer lands on.
func (g *Gateway) startPay(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	s, found := g.sessions[r.PathValue("authority")]
	var view session
	if found {
		view = *s
	}
	g.mu.Unlock()
	if !found {
		http.Error(w, "تراکنش یافت نشد", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = page.Execute(w, map[string]any{"Authority": r.PathValue("authority"), "Description": view.Description,
		"Amount": strconv.FormatInt(view.Amount, 10)})
}

// finish is the page's pay or cancel button: back to the callback.
func (g *Gateway) finish(w http.ResponseWriter, r *http.Request) {
	to, err := g.settle(r.PathValue("authority"), r.FormValue("action") == "pay")
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

var page = template.Must(template.New("startpay").Parse(`<!doctype html>
<html lang="fa" dir="rtl"><meta charset="utf-8"><title>درگاه آزمایشی زرین‌پال</title>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
<h1>درگاه پرداخت آزمایشی</h1>
<p>این صفحه جای درگاه زرین‌پال را در محیط توسعه می‌گیرد؛ پولی جابه‌جا نمی‌شود.</p>
<p>{{.Description}}</p>
<p>مبلغ: <bdi>{{.Amount}}</bdi> ریال</p>
<form method="post"><input type="hidden" name="action" value="pay"><button>پرداخت</button></form>
<form method="post"><input type="hidden" name="action" value="cancel"><button>انصراف</button></form>
<p><small>شناسه تراکنش: <bdi>{{.Authority}}</bdi></small></p>
</body></html>`))

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(v); err != nil {
		fail(w, -9, "The input params invalid, validation error.")
		return false
	}
	return true
}

// ok and fail write the documented envelope: data on success, errors on failure.
func ok(w http.ResponseWriter, data any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"data": data, "errors": []any{}})
}

func fail(w http.ResponseWriter, code int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnprocessableEntity)
	_ = json.NewEncoder(w).Encode(map[string]any{"data": []any{}, "errors": map[string]any{"code": code, "message": message, "validations": []any{}}})
}
