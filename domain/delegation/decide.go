package delegation

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// MaxPeriod bounds a delegation: longer absences are a reassignment, not a delegation.
const MaxPeriod = 366 * 24 * time.Hour

// Rules a delegation command can break.
const (
	RuleUnknownOfficial = "delegation.unknown_official"
	RuleToSelf          = "delegation.to_self"
	RuleOverlaps        = "delegation.overlaps"
	RuleAlreadyRevoked  = "delegation.already_revoked"
	RuleAlreadyOver     = "delegation.already_over"
)

// Record is the command to delegate From's cases to To for [Starts, Ends).
type Record struct {
	ID     uuid.UUID
	From   string
	To     string
	Starts time.Time
	Ends   time.Time
	Reason string
	At     time.Time
}

// Revoke is the command to end delegation ID of the stream's official.
type Revoke struct {
	ID     uuid.UUID
	Reason string
	At     time.Time
}

// Delegation is one recorded delegation as the stream's history makes it.
type Delegation struct {
	Recorded
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// InForce reports whether the delegation holds at t: begun, not ended, not revoked.
func (d Delegation) InForce(t time.Time) bool {
	return d.RevokedAt == nil && !t.Before(d.Starts) && t.Before(d.Ends)
}

// State is one official's delegations, oldest first.
type State struct {
	Delegations []Delegation
}

// Evolve applies one stored event.
func Evolve(s State, e domain.Event) State {
	switch e := e.(type) {
	case *Recorded:
		s.Delegations = append(s.Delegations, Delegation{Recorded: *e})
	case *Revoked:
		s.Delegations = slices.Clone(s.Delegations) // a state handed out earlier keeps its history
		for i := range s.Delegations {
			if s.Delegations[i].ID == e.ID {
				at := e.At
				s.Delegations[i].RevokedAt = &at
			}
		}
	}
	return s
}

// InForce is the delegation of s that holds at t, if any; Decide lets no two overlap.
func (s State) InForce(t time.Time) (Delegation, bool) {
	for _, d := range s.Delegations {
		if d.InForce(t) {
			return d, true
		}
	}
	return Delegation{}, false
}

// Validate checks a record's fields before any rule: both officials named, a reason, a
// period that ends after it starts, is not over already and lasts at most MaxPeriod.
func (c Record) Validate() error {
	var f domain.FieldErrors
	required := func(field, v, what string) {
		if v == "" {
			f.Add(field, "required", what+" is required")
		}
	}
	required("from", c.From, "the delegating official")
	required("to", c.To, "the delegate")
	required("reason", c.Reason, "the reason")
	switch {
	case c.Starts.IsZero() || c.Ends.IsZero():
		f.Add("ends", "required", "the period's start and end are required")
	case !c.Ends.After(c.Starts):
		f.Add("ends", "range", "the period must end after it starts")
	case !c.Ends.After(c.At):
		f.Add("ends", "range", "the period is over already")
	case c.Ends.Sub(c.Starts) > MaxPeriod:
		f.Add("ends", "range", fmt.Sprintf("a delegation lasts at most %d days; reassign the cases instead", int(MaxPeriod.Hours()/24)))
	}
	return f.Err()
}

// Validate checks a revocation names its delegation and says why.
func (c Revoke) Validate() error {
	var f domain.FieldErrors
	if c.ID == uuid.Nil {
		f.Add("id", "required", "the delegation's id is required")
	}
	if c.Reason == "" {
		f.Add("reason", "required", "the reason is required")
	}
	return f.Err()
}

// DecideRecord delegates only between officials on the roster, never to oneself, and never
// over a period another delegation of the same official still covers: a case has one
// delegate at a time.
func DecideRecord(s State, c Record) (domain.Event, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	for _, who := range []string{c.From, c.To} {
		if _, ok := catalogue.StaffMember(who); !ok {
			return nil, domain.RuleViolated(RuleUnknownOfficial, fmt.Sprintf("%q is not on the city's staff roster", who))
		}
	}
	if c.From == c.To {
		return nil, domain.RuleViolated(RuleToSelf, "an official cannot delegate to themselves")
	}
	for _, d := range s.Delegations {
		if d.RevokedAt == nil && c.Starts.Before(d.Ends) && d.Starts.Before(c.Ends) {
			return nil, domain.RuleViolated(RuleOverlaps, fmt.Sprintf("%s already delegates to %s from %s to %s; revoke that first",
				d.From, d.To, d.Starts.UTC().Format(time.RFC3339), d.Ends.UTC().Format(time.RFC3339)))
		}
	}
	e := Recorded(c)
	return &e, nil
}

// DecideRevoke ends a delegation that is neither revoked nor over.
func DecideRevoke(s State, c Revoke) (domain.Event, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	for _, d := range s.Delegations {
		if d.ID != c.ID {
			continue
		}
		switch {
		case d.RevokedAt != nil:
			return nil, domain.RuleViolated(RuleAlreadyRevoked, "the delegation was revoked already")
		case !c.At.Before(d.Ends):
			return nil, domain.RuleViolated(RuleAlreadyOver, "the delegation's period is over")
		}
		return &Revoked{ID: c.ID, Reason: c.Reason, At: c.At}, nil
	}
	return nil, domain.NotFound("delegation not found")
}
