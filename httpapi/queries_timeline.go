package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/eventstore"
)

// timeline is a case's history for people, under the numbers they quote for it.
type timeline struct {
	CaseID         uuid.UUID    `json:"case_id"`
	TrackingNumber string       `json:"tracking_number,omitempty"` // none on cases older than numbers
	Events         []trailEntry `json:"events"`
}

// trackingNumber is the number a Submitted event gives its case, or the one known so far.
func trackingNumber(ev domain.Event, known string) string {
	if s, ok := ev.(*cases.Submitted); ok {
		return s.TrackingNumber
	}
	return known
}

// caseTimeline replays the case's stream through cases.Evolve, so status and every field
// before and after are what the domain says, not what a read model remembers; the holds the
// case placed on its plot come in at the time they were recorded. Whoever may read the case's
// history reads its personal facts too, as in /history.
func (s *Server) caseTimeline(c *gin.Context) {
	t, ok := s.trail(c, access.ViewHistory)
	if ok {
		JSON(c, http.StatusOK, t)
	}
}

// trail is the timeline of the case in the path, if the caller may take action on its history;
// else it answers the error.
func (s *Server) trail(c *gin.Context, action access.Action) (timeline, bool) {
	id, recs, ok := s.replayable(c, action)
	if !ok {
		return timeline{}, false
	}
	plot, err := s.cfg.Cases.PlotEvents(c, recs)
	var t timeline
	if err == nil {
		t, err = trailOf(id, recs, plot)
	}
	if err != nil {
		s.writeError(c, err)
		return timeline{}, false
	}
	return t, true
}

// trailOf replays recs into the timeline of case id, with the case's plot-stream events plot
// placed before the first case event recorded after them, but never before the case's opening.
func trailOf(id uuid.UUID, recs, plot []eventstore.RecordedEvent) (timeline, error) {
	reg, err := cases.Registry()
	if err != nil {
		return timeline{}, err
	}
	plotEvents := make([]domain.Event, len(plot))
	for i, r := range plot {
		if plotEvents[i], err = reg.Decode(r.Type, r.Data); err != nil {
			return timeline{}, err
		}
	}
	t := timeline{CaseID: id, Events: make([]trailEntry, 0, len(recs)+len(plot))}
	var holds cases.PlotHolds
	var st cases.State
	next := 0
	plotUntil := func(until time.Time) {
		for ; next < len(plot) && (until.IsZero() || recordedAt(plot[next]).Before(until)); next++ {
			after := cases.EvolveHolds(holds, plotEvents[next])
			e := trailEntryOf(plot[next], plotEvents[next], st, st)
			e.Changes = append(e.Changes, changeViews(cases.HoldChanges(id, holds, after))...)
			t.Events, holds = append(t.Events, e), after
		}
	}
	err = replay(recs, func(r eventstore.RecordedEvent, ev domain.Event, before, after cases.State) {
		if before.Exists() { // a hold the opening placed, written just before it, follows it
			plotUntil(recordedAt(r))
		}
		t.TrackingNumber = trackingNumber(ev, t.TrackingNumber)
		t.Events, st = append(t.Events, trailEntryOf(r, ev, before, after)), after
	})
	plotUntil(time.Time{})
	return t, err
}

// caseState is the case at a past instant (?as_of=, default now: RFC 3339, or a Jalali day,
// meaning as it closed, or a Jalali day and Tehran time), folded from the events recorded up
// to then.
type caseState struct {
	CaseID         uuid.UUID    `json:"case_id"`
	TrackingNumber string       `json:"tracking_number,omitempty"` // none on cases older than numbers
	AsOf           time.Time    `json:"as_of"`
	Revision       uint64       `json:"revision"`
	Status         cases.Status `json:"status"`
	Service        string       `json:"service"`
	Flow           string       `json:"flow"`
	District       string       `json:"district"`
	SubmittedAt    time.Time    `json:"submitted_at"`
	DueAt          time.Time    `json:"due_at"`
	Assignee       string       `json:"assignee,omitempty"`
	Department     string       `json:"department,omitempty"`
	Outcome        string       `json:"outcome,omitempty"`
	FeeTotal       int64        `json:"fee_total"`
	FeePaid        int64        `json:"fee_paid"`
	Paused         bool         `json:"paused"`
}

func (s *Server) caseAsOf(c *gin.Context) {
	asOf := time.Now().UTC()
	if v := c.Query("as_of"); v != "" {
		m, err := jalali.ParseMoment("as_of", v)
		if err != nil {
			s.writeError(c, err)
			return
		}
		// A whole day means the case as that day closed; the answer's as_of says so.
		asOf = m.End()
		if m.WholeDay {
			asOf = asOf.Add(-time.Nanosecond)
		}
	}
	id, recs, ok := s.replayable(c, access.ViewAsOf)
	if !ok {
		return
	}
	n := 0
	for n < len(recs) && !recordedAt(recs[n]).After(asOf) {
		n++
	}
	if n == 0 {
		s.writeError(c, domain.NotFound("case "+id.String()+" did not exist at "+asOf.Format(time.RFC3339)))
		return
	}
	var st cases.State
	number := ""
	if err := replay(recs[:n], func(_ eventstore.RecordedEvent, ev domain.Event, _, after cases.State) {
		number, st = trackingNumber(ev, number), after
	}); err != nil {
		s.writeError(c, err)
		return
	}
	JSON(c, http.StatusOK, caseState{CaseID: id, TrackingNumber: number, AsOf: asOf, Revision: recs[n-1].Revision, Status: st.Status,
		Service: st.Service, Flow: string(st.Flow), District: st.District, SubmittedAt: st.SubmittedAt, DueAt: st.DueAt,
		Assignee: st.Assignee, Department: st.Department, Outcome: string(st.Outcome), FeeTotal: st.Money.FeeTotal + st.Money.Fine,
		FeePaid: st.Money.Paid, Paused: st.Clock.Paused})
}

// replayable reads the case's stream for a query about its past, or answers the error.
func (s *Server) replayable(c *gin.Context, action access.Action) (uuid.UUID, []eventstore.RecordedEvent, bool) {
	id, err := caseID(c)
	var recs []eventstore.RecordedEvent
	if err == nil {
		recs, err = s.cfg.Cases.History(c, id)
	}
	if err == nil {
		recs, err = s.readableHistory(c, action, recs)
	}
	if err != nil {
		s.writeError(c, err)
		return id, nil, false
	}
	return id, recs, true
}

// replay folds recs through cases.Evolve, calling step with each decoded event and the state
// before and after it.
func replay(recs []eventstore.RecordedEvent, step func(r eventstore.RecordedEvent, ev domain.Event, before, after cases.State)) error {
	reg, err := cases.Registry()
	if err != nil {
		return err
	}
	var st cases.State
	for _, r := range recs {
		ev, err := reg.Decode(r.Type, r.Data)
		if err != nil {
			return err
		}
		next := cases.Evolve(st, ev)
		step(r, ev, st, next)
		st = next
	}
	return nil
}

// recordedAt is when the event was first recorded, surviving a copy between stores.
func recordedAt(r eventstore.RecordedEvent) time.Time {
	if r.Metadata.FirstRecordedAt != nil {
		return r.Metadata.FirstRecordedAt.UTC()
	}
	return r.RecordedAt.UTC()
}

// reasonOf pulls the human reason an event carries, whichever of the two shapes it uses.
func reasonOf(data json.RawMessage) string {
	var r struct {
		Reason  string   `json:"reason"`
		Reasons []string `json:"reasons"`
	}
	if json.Unmarshal(data, &r) != nil || r.Reason != "" {
		return r.Reason
	}
	return strings.Join(r.Reasons, "; ")
}
