package httpapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/actoractivity"
)

// ActorActivity answers "what did this official do" from the actor_activity read model.
type ActorActivity interface {
	ByActor(ctx context.Context, q actoractivity.Query) (actoractivity.Page, error)
}

// activityItem is one action of the actor as an auditor reads it: the case under the number
// people quote, what the event states, and when in Jalali and UTC.
type activityItem struct {
	CaseID         uuid.UUID  `json:"case_id"`
	TrackingNumber string     `json:"tracking_number,omitempty"` // none on cases older than numbers
	Stream         string     `json:"stream"`
	Revision       int64      `json:"revision"`
	EventType      string     `json:"event_type"`
	Actor          staffRef   `json:"actor"`
	RequestID      string     `json:"request_id,omitempty"`
	CorrelationID  string     `json:"correlation_id,omitempty"`
	At             moment     `json:"at"`
	RecordedAt     time.Time  `json:"recorded_at"`
	Facts          []factView `json:"facts"`
}

// activityPage is a page of one actor's actions in the asked range, newest first.
type activityPage struct {
	ActorID string         `json:"actor_id"`
	From    *moment        `json:"from,omitempty"`
	To      *moment        `json:"to,omitempty"` // exclusive
	Total   int            `json:"total"`
	Limit   int            `json:"limit"`
	Offset  int            `json:"offset"`
	Actions []activityItem `json:"actions"`
}

// actorActivity lists what one actor did. Auditors see anyone's; a supervisor sees the staff of
// their own department, and an actor they may not look at (an applicant, someone unknown)
// is as an actor with no actions: an empty page, so the answer never tells who exists.
func (s *Server) actorActivity(c *gin.Context) {
	err := onlyParams(c, "the actor's activity", activityParams)
	var from, to time.Time
	if err == nil {
		from, to, err = timeRange(c, "from", "to")
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	_, limit, offset, ok := s.pagedQuery(c, access.ViewActorActivity, actoractivity.Name)
	if !ok {
		return
	}
	id := c.Param("actor")
	out := activityPage{ActorID: id, From: momentOrNil(from), To: momentOrNil(to), Limit: limit, Offset: offset, Actions: []activityItem{}}
	member, staff := catalogue.StaffMember(id)
	target := access.Target{Department: member.Department, OwnerSubject: id}
	if err := s.authorize(c, access.ViewActorActivity, target); err != nil {
		if staff {
			s.writeError(c, err)
		} else {
			JSON(c, http.StatusOK, out)
		}
		return
	}
	page, err := s.cfg.Activity.ByActor(c, actoractivity.Query{ActorID: id, From: from, To: to, Limit: limit, Offset: offset})
	if err != nil {
		s.writeError(c, err)
		return
	}
	out.Total = page.Total
	for _, a := range page.Actions {
		out.Actions = append(out.Actions, activityItem{CaseID: a.CaseID, TrackingNumber: a.TrackingNumber, Stream: a.Stream,
			Revision: a.Revision, EventType: a.EventType, Actor: staffRef{ID: a.ActorID, Role: a.ActorRole, Department: member.Department},
			RequestID: a.RequestID, CorrelationID: a.CorrelationID, At: momentOf(a.At), RecordedAt: a.RecordedAt.UTC(),
			Facts: factViews(a.Facts)})
	}
	JSON(c, http.StatusOK, out)
}

// activityParams are the parameters of an actor's activity; any other is refused, so a
// mistyped range is never silently ignored.
var activityParams = []string{"from", "to", "limit", "offset", "after"}

// onlyParams refuses the first query parameter not in known, naming what what does know.
func onlyParams(c *gin.Context, what string, known []string) error {
	for name := range c.Request.URL.Query() {
		if !slices.Contains(known, name) {
			return domain.Invalid(domain.FieldError{Field: name, Code: "unknown_filter",
				Message: what + " has no parameter " + strconv.Quote(name) + "; it knows " + strings.Join(known, ", ")})
		}
	}
	return nil
}

// timeRange reads a range [from, to) of two query parameters, each RFC 3339 or Jalali
// (jalali.ParseMoment); a Jalali day as to takes that day in full. Either may be absent.
func timeRange(c *gin.Context, fromName, toName string) (from, to time.Time, err error) {
	if v := c.Query(fromName); v != "" {
		m, err := jalali.ParseMoment(fromName, v)
		if err != nil {
			return from, to, err
		}
		from = m.Time
	}
	if v := c.Query(toName); v != "" {
		m, err := jalali.ParseMoment(toName, v)
		if err != nil {
			return from, to, err
		}
		to = m.End()
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, domain.Invalid(domain.FieldError{Field: toName, Code: "range",
			Message: toName + " must be after " + fromName})
	}
	return from, to, nil
}

func momentOrNil(t time.Time) *moment {
	if t.IsZero() {
		return nil
	}
	m := momentOf(t)
	return &m
}
