package httpapi

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/commands/payments"
	"github.com/shafaf-city/shafaf/domain"
)

// Payments starts online payments and receives the gateway's callbacks (commands/payments).
type Payments interface {
	Start(ctx context.Context, id uuid.UUID, actor commands.Actor) (payments.Payment, error)
	Callback(ctx context.Context, authority, status string) (payments.Outcome, error)
}

// callbackPath is where the gateway sends the payer back; public, since a browser returning
// from the gateway carries no token: the gateway's verification is what is trusted.
const callbackPath = "/v1/payments/callback"

// registerPayments adds the payment routes.
func (s *Server) registerPayments(r gin.IRoutes) {
	r.POST("/v1/cases/:id/payments", s.startPayment) // the applicant pays the outstanding bill online
	r.GET(callbackPath, s.paymentCallback)           // the payer back from the gateway: verified, then recorded
}

func (s *Server) startPayment(c *gin.Context) {
	id, err := caseID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	actor, err := s.actor(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	p, err := s.cfg.Payments.Start(c, id, actor)
	if err != nil {
		s.writeError(c, err)
		return
	}
	JSON(c, http.StatusCreated, p)
}

// paymentCallback answers the payer's browser with a page in Persian, and API clients
// (Accept: application/json) with the outcome or a problem.
func (s *Server) paymentCallback(c *gin.Context) {
	authority, status := c.Query("Authority"), c.Query("Status")
	if authority == "" || (status != "OK" && status != "NOK") {
		s.writeError(c, domain.Invalid(domain.FieldError{Field: "Authority", Code: "required",
			Message: "a gateway callback carries Authority and Status (OK or NOK)"}))
		return
	}
	out, err := s.cfg.Payments.Callback(c, authority, status)
	if !strings.Contains(c.GetHeader("Accept"), "text/html") {
		if err != nil {
			s.writeError(c, err)
			return
		}
		JSON(c, http.StatusOK, out)
		return
	}
	page := paymentPage{Outcome: out}
	var de *domain.Error
	if err != nil {
		if !errors.As(err, &de) || persianProblems[de.Code] == "" {
			s.writeError(c, err)
			return
		}
		page.Problem = persianProblems[de.Code]
		if de.Rule != "" && persianProblems[domain.ErrorCode(de.Rule)] != "" {
			page.Problem = persianProblems[domain.ErrorCode(de.Rule)]
		}
	}
	code := http.StatusOK
	if de != nil {
		code = statusOf[de.Code]
	}
	c.Status(code)
	c.Header("Content-Type", "text/html; charset=utf-8")
	_ = paymentResult.Execute(c.Writer, page)
}

// persianProblems are what the payer reads when a callback records nothing, by error code or rule.
var persianProblems = map[domain.ErrorCode]string{
	domain.CodeNotFound:                           "این تراکنش در سامانه شهرداری شناخته نیست.",
	domain.CodeInvalid:                            "پاسخ درگاه ناقص است.",
	domain.CodeUnavailable:                        "درگاه پرداخت پاسخ نداد؛ چند دقیقه دیگر همین صفحه را دوباره باز کنید.",
	domain.CodeRuleViolated:                       "پرداخت ثبت نشد.",
	domain.ErrorCode(payments.RuleNotPaid):        "پرداخت انجام نشد یا لغو شد.",
	domain.ErrorCode(payments.RuleAmountMismatch): "مبلغ پرداخت‌شده با مبلغ قبض یکسان نیست.",
}

// paymentPage is what the payer reads on return.
type paymentPage struct {
	payments.Outcome
	Problem string
}

// RialsText is the amount with thousands separated, as people read it.
func (p paymentPage) RialsText() string {
	d := strconv.FormatInt(p.Rials, 10)
	for i := len(d) - 3; i > 0; i -= 3 {
		d = d[:i] + "٬" + d[i:]
	}
	return d
}

var paymentResult = template.Must(template.New("payment").Parse(`<!doctype html>
<html lang="fa" dir="rtl"><meta charset="utf-8"><title>نتیجه پرداخت</title>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
{{if .Problem}}<h1>پرداخت ثبت نشد</h1><p>{{.Problem}}</p>
<p>اگر مبلغی از حساب شما کم شده است، درگاه آن را ظرف ۷۲ ساعت بازمی‌گرداند.</p>
{{else if eq .Outcome.Outcome "refund_due"}}<h1>پرداخت انجام شد، ولی پرونده آن را نمی‌پذیرد</h1>
<p>مبلغ <bdi>{{.RialsText}}</bdi> ریال با کد پیگیری <bdi>{{.RefID}}</bdi> دریافت شد؛ پرونده دیگر بدهی‌ای برای این قبض ندارد و مبلغ به شما بازگردانده می‌شود.</p>
{{else}}<h1>پرداخت با موفقیت ثبت شد</h1>
<p>مبلغ <bdi>{{.RialsText}}</bdi> ریال — کد پیگیری <bdi>{{.RefID}}</bdi></p>
<p>شناسه قبض <bdi>{{.Bill.BillID}}</bdi> — شناسه پرداخت <bdi>{{.Bill.PaymentID}}</bdi></p>{{end}}
</body></html>`))
