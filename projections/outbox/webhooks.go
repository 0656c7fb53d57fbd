package outbox

import (
	"context"
	"encoding/json"
	"maps"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
)

// ChannelWebhook reaches another system's endpoint; the recipient is the subscription's id.
const ChannelWebhook Channel = "webhook"

// Payload is a webhook's body, in the Standard Webhooks shape: type, timestamp, data.
type Payload struct {
	Type      string      `json:"type"`
	Timestamp time.Time   `json:"timestamp"`
	Data      PayloadData `json:"data"`
}

// PayloadData is the event as the public API's history shows it: the event's own fields, with
// the personal part only for trusted subscriptions, and the actor's id likewise.
type PayloadData struct {
	CaseID    string          `json:"case_id"`
	Revision  uint64          `json:"revision"`
	Position  string          `json:"position"` // where `webhooks replay --from` starts again
	ActorRole string          `json:"actor_role,omitempty"`
	ActorID   string          `json:"actor_id,omitempty"`
	Event     json.RawMessage `json:"event"`
}

// payloads are an event's webhook bodies for subscriptions that are not trusted and that are.
func payloads(rec eventstore.RecordedEvent, ev caseevent.Event) (public, trusted []byte, err error) {
	p := Payload{Type: rec.Type, Timestamp: rec.RecordedAt.UTC(), Data: PayloadData{CaseID: ev.CaseID.String(),
		Revision: rec.Revision, Position: rec.Position.String(), ActorRole: rec.Metadata.ActorRole, Event: rec.Data}}
	trustedP := p
	trustedP.Data.ActorID = rec.Metadata.ActorID
	if trusted, err = json.Marshal(trustedP); err != nil {
		return nil, nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(rec.Data, &fields); err != nil {
		return nil, nil, err
	}
	if _, ok := fields["personal"]; ok {
		fields = maps.Clone(fields)
		delete(fields, "personal")
		if p.Data.Event, err = json.Marshal(fields); err != nil {
			return nil, nil, err
		}
	}
	public, err = json.Marshal(p)
	return public, trusted, err
}

// planWebhooks queues the event for every subscription that wants it. Internal notes are the
// office's and go to no one.
func planWebhooks(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent, ev caseevent.Event) error {
	if n, ok := ev.Event.(*cases.NoteAdded); ok && n.Visibility != cases.NoteApplicant {
		return nil
	}
	public, trusted, err := payloads(rec, ev)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO notify.deliveries
		(event_id, channel, recipient, case_id, event_type, commit_pos, legal, body, next_attempt_at, queued_at)
		SELECT $1, $2, w.id::text, $3, $4, $5, false, CASE WHEN w.trusted THEN $7 ELSE $6 END, now(), now()
		FROM notify.webhooks w JOIN notify.cases c ON c.case_id = $3
		WHERE (cardinality(w.event_types) = 0 OR $4 = ANY (w.event_types))
		AND (cardinality(w.services) = 0 OR c.service = ANY (w.services))
		ON CONFLICT (event_id, channel, recipient) DO NOTHING`,
		rec.ID, ChannelWebhook, ev.CaseID, rec.Type, int64(rec.Position.Commit), string(public), string(trusted))
	return err
}
