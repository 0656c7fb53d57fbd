package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/delegation"
	"github.com/shafaf-city/shafaf/domain/workdays"
	"github.com/shafaf-city/shafaf/eventstore"
)

// Store is the part of the event store the commands need.
type Store interface {
	Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error)
	ReadStream(ctx context.Context, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error)
}

// Actor is who issues a command and within which request; it becomes every event's metadata.
// With authorization on, ID and Role are overwritten by the Principal's subject and the role
// that permitted the command.
type Actor struct {
	ID            string
	Role          string
	RequestID     string
	CorrelationID string
	// Principal is the caller as the verified token describes them, for the access policy.
	Principal access.Actor
}

// Result says where a command's events landed, so callers can hand out read-your-writes tokens
// and ETags.
type Result struct {
	CaseID   uuid.UUID
	Revision uint64              // the case stream's revision after the command
	Position eventstore.Position // global position of the last event written
	Events   []string            // types of the events written
}

// Cases runs every command on case aggregates.
type Cases struct {
	store    Store
	registry *domain.Registry
	// delegations decodes the officials' delegation streams (delegations.go).
	delegations *domain.Registry
	now         func() time.Time
	newID       func() uuid.UUID
	catalog     Catalogue
	versions    func(version string) (*catalogue.Catalogue, bool)
	calendar    *workdays.Calendar
	numbers     *numbers // tracking numbers of new cases
	// authorizing makes every command ask the access policy first (WithAuthorization).
	authorizing bool
	billCompany int // the municipality's code in the banks' bill scheme (WithBillCompany)
}

// NewCases wires the case commands; every dependency is required.
func NewCases(store Store, catalog Catalogue, now func() time.Time, newID func() uuid.UUID, opts ...Option) (*Cases, error) {
	if store == nil || catalog == nil || now == nil || newID == nil {
		return nil, errors.New("commands: NewCases needs a store, a catalogue, a clock and an id source")
	}
	reg, err := cases.Registry()
	if err != nil {
		return nil, err
	}
	dreg, err := delegation.NewRegistry()
	if err != nil {
		return nil, err
	}
	h := &Cases{store: store, registry: reg, delegations: dreg, now: now, newID: newID, catalog: catalog,
		versions: catalogue.ByVersion, calendar: workdays.Default(), numbers: newNumbers(store)}
	for _, opt := range opts {
		opt(h)
	}
	return h, nil
}

// Registry decodes stored case events.
func (h *Cases) Registry() *domain.Registry { return h.registry }

// History returns the case's stored events, oldest first; a case never submitted is NotFound.
func (h *Cases) History(ctx context.Context, id uuid.UUID) ([]eventstore.RecordedEvent, error) {
	recs, err := h.read(ctx, cases.StreamName(id))
	if err == nil && len(recs) == 0 {
		return nil, access.CaseNotFound()
	}
	return recs, err
}

// Load folds the case's history into its state and returns the stream revision (-1: no case).
func (h *Cases) Load(ctx context.Context, id uuid.UUID) (cases.State, int64, error) {
	c, err := h.load(ctx, id)
	return c.state, c.rev, err
}

// loaded is a case as its stored history makes it, with the applicant for authorization.
type loaded struct {
	recs  []eventstore.RecordedEvent
	state cases.State
	rev   int64 // -1: no case
	who   owner
}

func (h *Cases) load(ctx context.Context, id uuid.UUID) (loaded, error) {
	recs, err := h.read(ctx, cases.StreamName(id))
	if err != nil || len(recs) == 0 {
		return loaded{rev: -1}, err
	}
	s, o, err := h.fold(recs)
	if err != nil {
		return loaded{}, err
	}
	return loaded{recs: recs, state: s, rev: int64(recs[len(recs)-1].Revision), who: o}, nil
}

// read returns a stream's events, none for a stream never written.
func (h *Cases) read(ctx context.Context, stream string) ([]eventstore.RecordedEvent, error) {
	recs, err := h.store.ReadStream(ctx, stream, 0, 0)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, storeError(err)
	}
	return recs, nil
}

// fold replays a case's stored events into its state and applicant.
func (h *Cases) fold(recs []eventstore.RecordedEvent) (cases.State, owner, error) {
	var s cases.State
	var o owner
	for i, r := range recs {
		ev, err := h.registry.Decode(r.Type, r.Data)
		if err != nil {
			return cases.State{}, owner{}, fmt.Errorf("%s revision %d: %w", r.Stream, r.Revision, err)
		}
		if i == 0 {
			o = ownerOf(r, ev)
		}
		s = cases.Evolve(s, ev)
	}
	return s, o, nil
}

// TargetOf is the access target of the case whose history recs is (History's answer), so
// queries over the store authorize exactly as commands do.
func (h *Cases) TargetOf(recs []eventstore.RecordedEvent) (access.Target, error) {
	s, o, err := h.fold(recs)
	if err != nil {
		return access.Target{}, err
	}
	return h.target(s, o)
}

// build makes the command once the case's state is known, for commands that need data read
// alongside it (plot holds, the fee schedule in force).
type build func(ctx context.Context, s cases.State) (cases.Command, error)

// fixed is the build of a command that needs nothing beyond its own fields.
func fixed(cmd cases.Command) build {
	return func(context.Context, cases.State) (cases.Command, error) { return cmd, nil }
}

// execute loads, authorizes, decides and appends. ifMatch, when set, is the revision the caller
// last saw: a stale one is refused before deciding anything, but only after authorization, so
// revisions never leak to callers who may not see the case.
func (h *Cases) execute(ctx context.Context, id uuid.UUID, mk build, actor Actor, ifMatch *uint64) (Result, error) {
	c, err := h.load(ctx, id)
	if err != nil {
		return Result{}, err
	}
	// A rerun of a command whose events are already stored answers as the first attempt did,
	// however the case has moved on since.
	stream, ids := cases.StreamName(id), h.ids(ctx)
	if res, ok := ids.written(c.recs, id, stream); ok {
		return res, nil
	}
	state, rev := c.state, c.rev
	cmd, err := mk(ctx, state)
	if err != nil {
		return Result{}, err
	}
	deps, err := h.deps(state, cmd)
	if err != nil {
		return Result{}, err
	}
	// Bad input is refused before authorization: it says nothing about the case.
	if err := cases.Validate(cmd); err != nil {
		return Result{}, err
	}
	if !opens(cmd) && !state.Exists() {
		return Result{}, access.CaseNotFound() // answered where another's case is refused: the two look alike
	}
	action, target := commandAccess(cmd, state, c.who, deps.Service)
	if actor, err = h.permit(actor, action, target, rev < 0); err != nil {
		return Result{}, err
	}
	if ifMatch != nil && int64(*ifMatch) != rev {
		return Result{}, &domain.Error{Code: domain.CodePreconditionFailed,
			Message: fmt.Sprintf("the case is at revision %d, not %d", rev, *ifMatch)}
	}
	events, err := cases.Decide(state, cmd, deps)
	if err != nil {
		return Result{}, err
	}
	return h.writeCase(ctx, ids, id, rev, state, cmd, deps.Service, events, actor)
}

// opens reports whether cmd may open a case: a submission, or a violation found on patrol.
func opens(cmd cases.Command) bool {
	switch cmd.(type) {
	case cases.Submit, cases.RecordPatrolFinding:
		return true
	}
	return false
}

// deps finds the case's service in the catalogue version the case was opened under (a new
// case: the current version), so publishing a new catalogue never changes running cases.
func (h *Cases) deps(s cases.State, cmd cases.Command) (cases.Deps, error) {
	d := cases.Deps{Calendar: h.calendar, BillCompany: h.billCompany}
	if sub, ok := cmd.(cases.Submit); ok {
		d.Service, _ = h.catalog.Service(sub.Service)
		return d, nil
	}
	if !s.Exists() {
		if p, ok := cmd.(cases.RecordPatrolFinding); ok {
			d.Service, _ = h.catalog.Service(p.Service)
		}
		return d, nil
	}
	var err error
	d.Service, err = h.service(s)
	return d, err
}

// service is the case's service in the catalogue version it was opened under.
func (h *Cases) service(s cases.State) (catalogue.Service, error) {
	cat, ok := h.versions(s.CatalogueVersion)
	var svc catalogue.Service
	if ok {
		svc, ok = cat.Service(s.Service)
	}
	if !ok {
		return svc, domain.Errorf(domain.CodeInternal, "case %s: service %s of catalogue %s is not embedded", s.ID, s.Service, s.CatalogueVersion)
	}
	return svc, nil
}

// append writes events to stream at the exact revision rev (-1: a new stream), with ids from
// ids so that a rerun is recognised by the store.
func (h *Cases) append(ctx context.Context, ids ids, stream string, id uuid.UUID, rev int64, events []domain.Event, actor Actor) (Result, error) {
	expected := eventstore.NoStream
	if rev >= 0 {
		expected = eventstore.Exact(uint64(rev))
	}
	return h.appendExpecting(ctx, ids, stream, id, expected, events, actor)
}

// appendExpecting writes events to stream on the condition expected, with the actor in each
// event's metadata.
func (h *Cases) appendExpecting(ctx context.Context, ids ids, stream string, id uuid.UUID, expected eventstore.ExpectedRevision, events []domain.Event, actor Actor) (Result, error) {
	data := make([]eventstore.EventData, len(events))
	types := make([]string, len(events))
	meta := eventstore.Metadata{ActorID: actor.ID, ActorRole: actor.Role, RequestID: actor.RequestID,
		CorrelationID: actor.CorrelationID, CausationID: actor.RequestID}
	for i, ev := range events {
		payload, err := json.Marshal(ev)
		if err != nil {
			return Result{}, fmt.Errorf("encode %s: %w", ev.EventType(), err)
		}
		data[i] = eventstore.EventData{ID: ids.event(stream, i), Type: ev.EventType(), Data: payload, Metadata: meta}
		types[i] = ev.EventType()
	}
	res, err := h.store.Append(ctx, stream, expected, data...)
	if err != nil {
		return Result{}, storeError(err)
	}
	return Result{CaseID: id, Revision: res.LastRevision, Position: res.Position, Events: types}, nil
}

// storeError turns store failures into the domain's error codes; anything else stays internal.
func storeError(err error) error {
	switch {
	case errors.Is(err, eventstore.ErrConflict):
		return &domain.Error{Code: domain.CodeConflict, Message: "the case was changed by someone else; reload and retry", Err: err}
	case errors.Is(err, eventstore.ErrUnavailable):
		return &domain.Error{Code: domain.CodeUnavailable, Message: "the event store is unavailable", Err: err}
	}
	return err
}
