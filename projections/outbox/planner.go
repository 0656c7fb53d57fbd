package outbox

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue/notices"
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
		// A rebuild refreshes the reference of a case remembered before it quoted tracking
		// numbers and fills in what older planners did not keep; a link once made is kept.
		if _, err := tx.Exec(ctx, `INSERT INTO notify.cases (case_id, ref, service, mobile, catalogue, link)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (case_id) DO UPDATE SET ref = EXCLUDED.ref, catalogue = EXCLUDED.catalogue,
				link = coalesce(notify.cases.link, EXCLUDED.link)
			WHERE notify.cases.ref <> EXCLUDED.ref OR notify.cases.catalogue <> EXCLUDED.catalogue OR notify.cases.link IS NULL`,
			ev.CaseID, reference(ev.CaseID, s.TrackingNumber), s.Service, mobile, s.CatalogueVersion, newLink()); err != nil {
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

// planSMS queues the text the notice catalogue says the event's type sends to the case's
// applicant, if any.
func (p *Planner) planSMS(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent, ev caseevent.Event) error {
	n, ok := notices.Default().For(rec.Type)
	if !ok || p.now().Sub(rec.RecordedAt) > smsHorizon {
		return nil
	}
	var c smsCase
	var mobile, link *string
	err := tx.QueryRow(ctx, "SELECT ref, service, catalogue, link, mobile FROM notify.cases WHERE case_id = $1", ev.CaseID).
		Scan(&c.ref, &c.service, &c.version, &link, &mobile)
	if errors.Is(err, pgx.ErrNoRows) || mobile == nil {
		return nil
	}
	if err != nil {
		return err
	}
	if link == nil { // a case remembered before links: it gets one with its next text
		c.link = newLink()
		if _, err := tx.Exec(ctx, "UPDATE notify.cases SET link = $2 WHERE case_id = $1", ev.CaseID, c.link); err != nil {
			return err
		}
	} else {
		c.link = *link
	}
	body, err := p.render(n, c, ev)
	if err != nil {
		return err
	}
	return queue(ctx, tx, rec, ev.CaseID, ChannelSMS, *mobile, body, n.Legal)
}

// reference is the reference a message quotes for a case: its tracking number, or for a case older
// than numbers the short form of its id.
func reference(caseID uuid.UUID, trackingNumber string) string {
	if trackingNumber != "" {
		return trackingNumber
	}
	return shortID(caseID)
}

// shortID is the short form of a case id, the reference of a case older than tracking numbers.
func shortID(caseID uuid.UUID) string { return strings.ToUpper(caseID.String()[:8]) }
