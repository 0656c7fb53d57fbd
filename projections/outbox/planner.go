package outbox

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"io/fs"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/projector"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Planner is the read model that queues deliveries: see the package comment.
type Planner struct {
	dec      *caseevent.Decoder
	linkBase string
	now      func() time.Time
}

// smsHorizon is how old an event may be when planned and still be texted about. The planner
// catches up from the start of the log when it is first deployed on a city with a history (or
// after a long stall): the applicants of years past must not all get a text about it.
const smsHorizon = 24 * time.Hour

// WithClock sets the clock smsHorizon is measured on; time.Now by default.
func (p *Planner) WithClock(now func() time.Time) *Planner { p.now = now; return p }

var _ projector.Projection = (*Planner)(nil)

// NewPlanner queues messages whose links start with linkBase (the public site's address).
func NewPlanner(linkBase string) (*Planner, error) {
	dec, err := caseevent.NewDecoder()
	return &Planner{dec: dec, linkBase: strings.TrimSuffix(linkBase, "/"), now: time.Now}, err
}

// Name is the planner's identity in the projector runtime.
func (*Planner) Name() string { return "outbox" }

// Migrations create schema notify.
func (*Planner) Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}

// Filter: only cases send messages.
func (*Planner) Filter() eventstore.Filter { return caseevent.CaseFilter() }

// Handle remembers a new case and queues the SMS and webhook deliveries its event causes; an
// event that sends no SMS costs one statement (the webhooks').
func (p *Planner) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	ev, err := p.dec.Decode(rec)
	if err != nil {
		return err
	}
	if s, ok := ev.Event.(*cases.Submitted); ok {
		var mobile *string
		if m, err := ident.NormalizeMobile("phone", s.Personal.Phone); err == nil {
			mobile = &m // a case without a number a text can reach gets no SMS
		}
		// A rebuild refreshes the reference of a case remembered before it quoted tracking numbers.
		if _, err := tx.Exec(ctx, `INSERT INTO notify.cases (case_id, ref, service, mobile) VALUES ($1, $2, $3, $4)
			ON CONFLICT (case_id) DO UPDATE SET ref = EXCLUDED.ref WHERE notify.cases.ref <> EXCLUDED.ref`,
			ev.CaseID, reference(ev.CaseID, s.TrackingNumber), s.Service, mobile); err != nil {
			return err
		}
	}
	if err := p.planSMS(ctx, tx, rec, ev); err != nil {
		return err
	}
	return planWebhooks(ctx, tx, rec, ev)
}

// queue inserts one delivery unless its key is already in the log.
func queue(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent, caseID uuid.UUID, ch Channel, to, body string, legal bool) error {
	_, err := tx.Exec(ctx, `INSERT INTO notify.deliveries
		(event_id, channel, recipient, case_id, event_type, commit_pos, legal, body, next_attempt_at, queued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (event_id, channel, recipient) DO NOTHING`,
		rec.ID, ch, to, caseID, rec.Type, int64(rec.Position.Commit), legal, body, time.Now())
	return err
}

// planSMS queues the text the event's type sends to the case's applicant, if any.
func (p *Planner) planSMS(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent, ev caseevent.Event) error {
	n, ok := notices[rec.Type]
	if !ok || p.now().Sub(rec.RecordedAt) > smsHorizon {
		return nil
	}
	var ref string
	var mobile *string
	err := tx.QueryRow(ctx, "SELECT ref, mobile FROM notify.cases WHERE case_id = $1", ev.CaseID).Scan(&ref, &mobile)
	if errors.Is(err, pgx.ErrNoRows) || mobile == nil {
		return nil
	}
	if err != nil {
		return err
	}
	body, err := p.render(n, ref, ev)
	if err != nil {
		return err
	}
	return queue(ctx, tx, rec, ev.CaseID, ChannelSMS, *mobile, body, n.legal)
}

func (p *Planner) render(n notice, ref string, ev caseevent.Event) (string, error) {
	v := view{Ref: ref, Link: p.linkBase + "/c/" + shortID(ev.CaseID)}
	switch e := ev.Event.(type) {
	case *cases.Submitted:
		v.Due = persianDate(e.DueAt)
	case *cases.DocumentsRequested:
		for _, r := range e.Requests {
			v.Documents = append(v.Documents, r.Document)
		}
		if !e.RespondBy.IsZero() { // requests stored before the applicant's deadline have none
			v.Due = persianDate(e.RespondBy)
		}
	case *cases.NoticeServed:
		v.Due = persianDate(e.DefenceEndsAt)
	}
	var b bytes.Buffer
	err := n.text.Execute(&b, v)
	return b.String(), err
}

// reference is the reference a message quotes for a case: its tracking number, or for a case older
// than numbers the short form of its id.
func reference(caseID uuid.UUID, trackingNumber string) string {
	if trackingNumber != "" {
		return trackingNumber
	}
	return shortID(caseID)
}

// shortID is the short form of a case id; the public site's links name a case by it, numbered
// or not.
func shortID(caseID uuid.UUID) string { return strings.ToUpper(caseID.String()[:8]) }
