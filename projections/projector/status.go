package projector

import (
	"context"
	"time"

	"github.com/shafaf-city/shafaf/eventstore"
)

// State is where a projection stands, as `shafaf projections status` shows it.
type State string

// The states of a projection.
const (
	StateRunning    State = "running"    // an instance drives it and it is behind the log
	StateCaughtUp   State = "caught-up"  // an instance drives it and it has read everything
	StateStandby    State = "standby"    // no instance drives it right now (this one waits for the lock)
	StateDegraded   State = "degraded"   // cases are parked, waiting for retry, skip or rebuild; the others flow
	StateRebuilding State = "rebuilding" // a new generation is being built beside the live one
)

// Counter is an optional capability of an eventstore.Store: counting the events after a
// position that match a filter without reading them. Status uses it for lag in events and
// Rebuild for its total; without it they report -1 and 0.
type Counter interface {
	CountAfter(ctx context.Context, after eventstore.Position, filter eventstore.Filter) (uint64, error)
}

// ProjectionStatus is one projection's line in the status output and its metrics source.
type ProjectionStatus struct {
	Name          string
	State         State
	Holder        string // instance driving it, "" when none
	Generation    int
	Schema        string
	Position      eventstore.Position
	LagEvents     int64         // matching events after Position; -1 when the store cannot count
	LagSeconds    float64       // age of the oldest event not yet processed; 0 when caught up
	Processed     uint64        // events handled by the live generation
	UnknownEvents uint64        // events its handler did not know
	Parked        []ParkedEvent // one per parked case, oldest first
	// DeferredIndexes counts the live generation's secondary indexes still to be built: it
	// has not caught up since it was created, and reads may be slow until it has.
	DeferredIndexes int
}

// Status reports every registered projection from the database alone, so a CLI process that
// runs no projector sees what the replicas are doing.
func (r *Runtime) Status(ctx context.Context) ([]ProjectionStatus, error) {
	if err := r.Setup(ctx); err != nil {
		return nil, err
	}
	out := make([]ProjectionStatus, 0, len(r.names))
	for _, name := range r.names {
		s, err := r.status(ctx, r.projections[name])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (r *Runtime) status(ctx context.Context, p Projection) (ProjectionStatus, error) {
	name, id := p.Name(), r.ids[p.Name()]
	s := ProjectionStatus{Name: name}
	var driven, rebuilding bool
	var processed, unknown int64
	var commit, prepare int64
	// Who drives or rebuilds it is whoever holds those advisory locks now, not who last did.
	err := r.pool.QueryRow(ctx, `WITH held AS (
			SELECT classid::int8 AS namespace FROM pg_locks
			WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND objid::int8 = $4
				AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
		SELECT g.generation, g.schema_name, g.commit_pos, g.prepare_pos, g.processed, g.unknown_events,
			p.holder, EXISTS (SELECT 1 FROM held WHERE namespace = $2), EXISTS (SELECT 1 FROM held WHERE namespace = $3),
			(SELECT count(*) FROM projector.deferred_indexes d WHERE d.schema_name = g.schema_name)
		FROM projector.generations g JOIN projector.projections p ON p.name = g.projection
		WHERE g.projection = $1 AND g.status = 'live'`, name, lockRun, lockRebuild, id).
		Scan(&s.Generation, &s.Schema, &commit, &prepare, &processed, &unknown, &s.Holder, &driven, &rebuilding, &s.DeferredIndexes)
	if err != nil {
		return s, err
	}
	s.Position = eventstore.Position{Commit: uint64(commit), Prepare: uint64(prepare)}
	s.Processed, s.UnknownEvents = uint64(processed), uint64(unknown)
	if s.Parked, err = openParked(ctx, r.pool, name, s.Generation); err != nil {
		return s, err
	}
	if s.LagEvents, s.LagSeconds, err = r.lag(ctx, p, s.Position); err != nil {
		return s, err
	}
	if !driven {
		s.Holder = ""
	}
	s.State = deriveState(len(s.Parked) > 0, rebuilding, driven, s.LagSeconds == 0)
	return s, nil
}

// deriveState picks the most pressing fact about a projection.
func deriveState(parked, rebuilding, driven, caughtUp bool) State {
	switch {
	case parked:
		return StateDegraded
	case rebuilding:
		return StateRebuilding
	case !driven:
		return StateStandby
	case caughtUp:
		return StateCaughtUp
	}
	return StateRunning
}

// lag measures how far p's checkpoint trails the log: the count of unread matching events
// (when the store can count) and the age of the oldest of them.
func (r *Runtime) lag(ctx context.Context, p Projection, pos eventstore.Position) (events int64, seconds float64, err error) {
	next, err := r.store.ReadAll(ctx, pos, p.Filter(), 1)
	if err != nil || len(next) == 0 {
		return 0, 0, err
	}
	seconds = max(time.Since(next[0].RecordedAt).Seconds(), 0)
	counter, ok := r.store.(Counter)
	if !ok {
		return -1, seconds, nil
	}
	n, err := counter.CountAfter(ctx, pos, p.Filter())
	return int64(n), seconds, err
}
