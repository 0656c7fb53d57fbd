package payments

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/billing"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Cases is what payments needs of the case commands.
type Cases interface {
	OutstandingBill(ctx context.Context, id uuid.UUID, actor commands.Actor) (commands.Payable, error)
	ConfirmOnlinePayment(ctx context.Context, id uuid.UUID, cmd cases.ConfirmOnlinePayment, actor commands.Actor) (commands.Result, error)
}

// Config wires a Service.
type Config struct {
	Gateway Gateway
	// CallbackURL is where the gateway sends the payer back: the public address of
	// POST/GET /v1/payments/callback.
	CallbackURL string
	Now         func() time.Time
	Logger      *zap.Logger
}

// Service starts, verifies and reconciles online payments.
type Service struct {
	cases   Cases
	cfg     Config
	records records
}

// Open applies the payments table's migrations and returns the service.
func Open(ctx context.Context, pool *pgxpool.Pool, c Cases, cfg Config) (*Service, error) {
	if cfg.Gateway == nil || c == nil || cfg.CallbackURL == "" {
		return nil, errors.New("payments: Open needs a gateway, the case commands and a callback URL")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	recs, err := openRecords(ctx, pool)
	if err != nil {
		return nil, err
	}
	return &Service{cases: c, cfg: cfg, records: recs}, nil
}

// Payment is an opened online payment: where to send the payer, for which bill.
type Payment struct {
	Authority   string       `json:"authority"`
	RedirectURL string       `json:"redirect_url"`
	Gateway     string       `json:"gateway"`
	Bill        billing.Bill `json:"bill"`
	Rials       int64        `json:"rials"`
}

// Start opens a payment of case id's outstanding bill for actor, its applicant.
func (s *Service) Start(ctx context.Context, id uuid.UUID, actor commands.Actor) (Payment, error) {
	p, err := s.cases.OutstandingBill(ctx, id, actor)
	if err != nil {
		return Payment{}, err
	}
	order := p.TrackingNumber
	if order == "" {
		order = id.String()
	}
	started, err := s.cfg.Gateway.Request(ctx, Request{Rials: p.Rials, CallbackURL: s.cfg.CallbackURL, OrderID: order,
		Description: "پرداخت عوارض پرونده " + order + " (شناسه قبض " + p.Bill.BillID + ")"})
	if err != nil {
		return Payment{}, gatewayError("open the payment", err)
	}
	rec := Record{Authority: started.Authority, Gateway: s.cfg.Gateway.Name(), CaseID: id, Bill: p.Bill, Rials: p.Rials, StartedAt: s.cfg.Now()}
	if err := s.records.insert(ctx, rec); err != nil {
		return Payment{}, err
	}
	return Payment{Authority: started.Authority, RedirectURL: started.RedirectURL, Gateway: rec.Gateway, Bill: p.Bill, Rials: p.Rials}, nil
}

// The outcomes of a payment on its case.
const (
	OutcomePaid      = "paid"       // the bill is settled
	OutcomeRefundDue = "refund_due" // the money was taken but the case did not owe it (cases.PaymentRefundDue)
)

// Rules of a callback that records nothing.
const (
	RuleNotPaid        = "payment.not_paid"
	RuleAmountMismatch = cases.RulePaymentAmountMismatch
)

// Outcome is what a callback made of a payment.
type Outcome struct {
	CaseID    uuid.UUID    `json:"case_id"`
	Outcome   string       `json:"outcome"` // OutcomePaid or OutcomeRefundDue
	RefID     string       `json:"ref_id"`
	Rials     int64        `json:"rials"`
	Bill      billing.Bill `json:"bill"`
	Authority string       `json:"authority"`
	// Position is the read-your-writes token (?after=) of the event the callback appended;
	// absent when it appended none (a callback come again).
	Position string `json:"position,omitempty"`
}

// Callback handles the payer's return with the gateway's authority and status. Nothing is
// believed from the request itself: the authority must be one this city opened, and the
// payment is recorded only once the gateway verifies it for the bill's exact amount. A callback
// that comes again, or replayed, appends nothing: the gateway answers "verified before" and the
// case already holds the reference.
func (s *Service) Callback(ctx context.Context, authority, status string) (Outcome, error) {
	rec, found, err := s.records.get(ctx, authority)
	if err != nil {
		return Outcome{}, err
	}
	if !found {
		return Outcome{}, domain.NotFound("no payment " + authority + " was opened here")
	}
	out := Outcome{CaseID: rec.CaseID, Rials: rec.Rials, Bill: rec.Bill, Authority: authority}
	if status != "OK" {
		return out, notPaid("the payment was cancelled or failed at the gateway; nothing was taken")
	}
	v, err := s.cfg.Gateway.Verify(ctx, authority, rec.Rials)
	switch {
	case errors.Is(err, ErrNotPaid):
		return out, notPaid("the gateway has no successful payment for this authority; nothing was recorded")
	case errors.Is(err, ErrAmountMismatch):
		s.cfg.Logger.Warn("gateway amount differs from the bill's; nothing recorded", zap.String("authority", authority), zap.Int64("rials", rec.Rials))
		return out, &domain.Error{Code: domain.CodeRuleViolated, Rule: RuleAmountMismatch, Message: "the gateway's amount is not the bill's; nothing was recorded"}
	case err != nil:
		return out, gatewayError("verify the payment", err)
	}
	out.RefID = v.RefID
	if err := s.records.verified(ctx, authority, v, s.cfg.Now()); err != nil {
		return out, err
	}
	out.Outcome, out.Position, err = s.confirm(ctx, rec, v)
	if err != nil {
		return out, err
	}
	return out, s.records.settled(ctx, authority, out.Outcome)
}

// confirm tells the case, retrying a lost race with another command; a payment the case holds
// already (a callback come twice) answers as the first did.
func (s *Service) confirm(ctx context.Context, rec Record, v Verified) (outcome, position string, err error) {
	cmd := cases.ConfirmOnlinePayment{Rials: rec.Rials, Reference: v.RefID, Bill: rec.Bill}
	actor := commands.Actor{ID: "gateway:" + rec.Gateway, Role: "gateway", RequestID: "payment-" + rec.Authority, CorrelationID: rec.Authority}
	// Event ids derived from the authority: two callbacks racing write the very same event,
	// which the store recognises instead of storing twice.
	ctx = commands.WithRetrySeed(ctx, []byte("gateway-payment:"+rec.Authority))
	for attempt := 0; ; attempt++ {
		res, err := s.cases.ConfirmOnlinePayment(ctx, rec.CaseID, cmd, actor)
		var de *domain.Error
		switch {
		case err == nil && slices.Contains(res.Events, cases.TypePaymentRefundDue):
			return OutcomeRefundDue, res.Position.String(), nil
		case err == nil:
			return OutcomePaid, res.Position.String(), nil
		case errors.As(err, &de) && de.Rule == cases.RulePaymentDuplicateRef:
			return cmp.Or(rec.Outcome, OutcomePaid), "", nil
		case errors.As(err, &de) && de.Code == domain.CodeConflict && attempt < 3:
			continue
		}
		return "", "", err
	}
}

func notPaid(msg string) error {
	return &domain.Error{Code: domain.CodeRuleViolated, Rule: RuleNotPaid, Message: msg}
}

// gatewayError is a gateway that failed or refused: the caller may retry later.
func gatewayError(what string, err error) error {
	return &domain.Error{Code: domain.CodeUnavailable, Message: fmt.Sprintf("the payment gateway could not %s; try again later", what), Err: err}
}
