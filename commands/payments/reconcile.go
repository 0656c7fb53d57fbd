package payments

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/eventstore"
)

// Events is the part of the event store reconciliation reads.
type Events interface {
	ReadAll(ctx context.Context, after eventstore.Position, filter eventstore.Filter, limit int) ([]eventstore.RecordedEvent, error)
}

// The kinds of difference reconciliation reports.
const (
	PaidNotVerified   = "paid_not_verified"    // the gateway took it, nobody verified it (the payer never came back)
	VerifiedNotOnCase = "verified_not_on_case" // verified at the gateway, no payment event on the case
	OnCaseNoRecord    = "on_case_no_record"    // a gateway payment event with no gateway record here
	AmountMismatch    = "amount_mismatch"      // record and event disagree on the amount
)

// Difference is one payment the gateway and the case events do not agree on.
type Difference struct {
	Kind        string `json:"kind"`
	Authority   string `json:"authority,omitempty"`
	RefID       string `json:"ref_id,omitempty"`
	CaseID      string `json:"case_id,omitempty"`
	GatewayRial int64  `json:"gateway_rials"`
	CaseRials   int64  `json:"case_rials"`
}

// Report is one Tehran day's reconciliation.
type Report struct {
	Day         jalali.Date  `json:"day"`
	Matched     int          `json:"matched"`
	Differences []Difference `json:"differences"`
}

// gatewayEvent is a case event of a payment through the gateway.
type gatewayEvent struct {
	caseID string
	rials  int64
	at     time.Time
}

// Reconcile compares, for the Tehran day, the payments the gateway confirmed (this city's
// records and the gateway's unverified list) with the payment events on the cases
// (case.PaymentRecorded.v1, the "FeePaid" of the issue, and case.PaymentRefundDue.v1, through
// the gateway channel).
func Reconcile(ctx context.Context, pool *pgxpool.Pool, gw Gateway, events Events, day jalali.Date) (Report, error) {
	recs, err := openRecords(ctx, pool)
	if err != nil {
		return Report{}, err
	}
	c := reconciliation{records: recs, gateway: gw}
	from := jalali.ToTime(day)
	to := jalali.ToTime(day.Next())
	rep := Report{Day: day, Differences: []Difference{}}
	onCase, err := gatewayEvents(ctx, events)
	if err != nil {
		return rep, err
	}
	verified, err := c.records.verifiedBetween(ctx, from, to)
	if err != nil {
		return rep, err
	}
	for _, r := range verified {
		ev, ok := onCase[r.RefID]
		switch {
		case !ok:
			rep.add(Difference{Kind: VerifiedNotOnCase, Authority: r.Authority, RefID: r.RefID, CaseID: r.CaseID.String(), GatewayRial: r.Rials})
		case ev.rials != r.Rials:
			rep.add(Difference{Kind: AmountMismatch, Authority: r.Authority, RefID: r.RefID, CaseID: ev.caseID, GatewayRial: r.Rials, CaseRials: ev.rials})
		default:
			rep.Matched++
		}
	}
	if err := c.eventsWithoutRecord(ctx, &rep, onCase, from, to); err != nil {
		return rep, err
	}
	return rep, c.unverified(ctx, &rep, from, to)
}

// reconciliation is what one Reconcile reads besides the events.
type reconciliation struct {
	records records
	gateway Gateway
}

// eventsWithoutRecord adds the day's gateway payment events no record here confirms.
func (c reconciliation) eventsWithoutRecord(ctx context.Context, rep *Report, onCase map[string]gatewayEvent, from, to time.Time) error {
	var refs []string
	for ref, ev := range onCase {
		if !ev.at.Before(from) && ev.at.Before(to) {
			refs = append(refs, ref)
		}
	}
	known, err := c.records.byRefs(ctx, refs)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, r := range known {
		have[r.RefID] = r.VerifiedAt != nil
	}
	for _, ref := range refs {
		if !have[ref] {
			ev := onCase[ref]
			rep.add(Difference{Kind: OnCaseNoRecord, RefID: ref, CaseID: ev.caseID, CaseRials: ev.rials})
		}
	}
	return nil
}

// unverified adds the payments the gateway took on the day that were never verified.
func (c reconciliation) unverified(ctx context.Context, rep *Report, from, to time.Time) error {
	list, err := c.gateway.Unverified(ctx)
	if err != nil {
		return gatewayError("list unverified payments", err)
	}
	var day []Unverified
	var authorities []string
	for _, u := range list {
		if !u.At.Before(from) && u.At.Before(to) {
			day = append(day, u)
			authorities = append(authorities, u.Authority)
		}
	}
	recs, err := c.records.byAuthorities(ctx, authorities)
	if err != nil {
		return err
	}
	caseOf := map[string]string{}
	for _, r := range recs {
		caseOf[r.Authority] = r.CaseID.String()
	}
	for _, u := range day {
		rep.add(Difference{Kind: PaidNotVerified, Authority: u.Authority, CaseID: caseOf[u.Authority], GatewayRial: u.Rials})
	}
	return nil
}

func (r *Report) add(d Difference) { r.Differences = append(r.Differences, d) }

// gatewayEvents reads every gateway payment event on the cases, by the gateway's reference.
func gatewayEvents(ctx context.Context, events Events) (map[string]gatewayEvent, error) {
	filter := eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}, EventTypePrefixes: []string{cases.TypePaymentRecorded, cases.TypePaymentRefundDue}}
	out := map[string]gatewayEvent{}
	var after eventstore.Position
	for {
		page, err := events.ReadAll(ctx, after, filter, 1000)
		if err != nil {
			return nil, err
		}
		for _, r := range page {
			var e struct {
				Rials     int64     `json:"rials"`
				Channel   string    `json:"channel"`
				Reference string    `json:"reference"`
				At        time.Time `json:"at"`
			}
			if err := json.Unmarshal(r.Data, &e); err != nil {
				return nil, fmt.Errorf("%s revision %d: %w", r.Stream, r.Revision, err)
			}
			if e.Channel == cases.ChannelGateway {
				out[e.Reference] = gatewayEvent{caseID: strings.TrimPrefix(r.Stream, cases.StreamPrefix), rials: e.Rials, at: e.At}
			}
			after = r.Position
		}
		if len(page) < 1000 {
			return out, nil
		}
	}
}
