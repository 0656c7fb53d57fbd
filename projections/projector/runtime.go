package projector

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"go.uber.org/zap"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/fanout"
)

// Advisory-lock namespaces (the first key of PostgreSQL's two-key advisory locks); the second
// key is the projection's id in projector.projections.
const (
	lockRun     int32 = 0x53500001 // session lock: the one instance running a projection
	lockRebuild int32 = 0x53500002 // session lock: the one process rebuilding a projection
	lockRead    int32 = 0x53500003 // xact lock: readers share it, dropping a schema takes it alone
	lockSetup   int32 = 0x53500004 // xact lock: registering a projection's first generation
)

// Runtime runs a fixed set of projections against one event store and one PostgreSQL
// database. Every replica of the service runs one; they agree through the database on which of
// them drives each projection.
type Runtime struct {
	pool        *pgxpool.Pool
	store       eventstore.Store
	reader      *fanout.Store // store's subscriptions, shared by the projections near one position
	cfg         Config
	projections map[string]Projection
	names       []string // registration order, for stable status output
	notifier    *notifier

	setupMu   sync.Mutex
	setupDone bool
	ids       map[string]int32 // projection name → id, filled by Setup

	stateMu sync.Mutex
	states  map[string]State // this instance's view, for the Observer

	// flipMu lets one rebuild at a time switch generations: a switch holds a pooled connection
	// while it reads the last events from a store that may share the pool, and the live
	// writer it holds back waits on another, so concurrent switches could take every
	// connection and wait for one more.
	flipMu sync.Mutex
}

// New checks the projections (valid, unique names) and returns a runtime that has not touched
// the database yet.
func New(pool *pgxpool.Pool, store eventstore.Store, cfg Config, projections ...Projection) (*Runtime, error) {
	if pool == nil || store == nil {
		return nil, errors.New("projector: New needs a pool and a store")
	}
	r := &Runtime{
		pool:        pool,
		store:       store,
		cfg:         cfg.withDefaults(),
		projections: make(map[string]Projection, len(projections)),
		ids:         make(map[string]int32, len(projections)),
		states:      make(map[string]State, len(projections)),
	}
	for _, p := range projections {
		if p == nil {
			return nil, errors.New("projector: nil projection")
		}
		name := p.Name()
		if err := checkName(name); err != nil {
			return nil, err
		}
		if _, dup := r.projections[name]; dup {
			return nil, fmt.Errorf("projector: projection %q registered twice", name)
		}
		r.projections[name] = p
		r.names = append(r.names, name)
	}
	r.reader = fanout.New(store, union(projections), fanout.Options{})
	r.notifier = newNotifier(pool, r.cfg)
	return r, nil
}

// Run drives every projection whose lock this instance wins and stands by for the others,
// until ctx ends; the batch in flight is then written or rolled back before Run returns.
func (r *Runtime) Run(ctx context.Context) error {
	if err := r.Setup(ctx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	for _, name := range r.names {
		wg.Go(func() { r.runProjection(ctx, r.projections[name]) })
	}
	wg.Wait()
	return nil
}

// Close stops the listener that WaitFor starts; the pool and the store belong to the caller.
func (r *Runtime) Close() { r.notifier.close() }

// projection returns the registered projection called name and its id.
func (r *Runtime) projection(ctx context.Context, name string) (Projection, int32, error) {
	if err := r.Setup(ctx); err != nil {
		return nil, 0, err
	}
	p, ok := r.projections[name]
	if !ok {
		return nil, 0, fmt.Errorf("%w: %q", ErrUnknownProjection, name)
	}
	return p, r.ids[name], nil
}

// setState records this instance's view of a projection and tells the observer about changes.
func (r *Runtime) setState(name string, s State) {
	r.stateMu.Lock()
	old := r.states[name]
	r.states[name] = s
	r.stateMu.Unlock()
	if old != s {
		r.cfg.Logger.Info("projection state", zap.String("projection", name), zap.String("state", string(s)), zap.String("instance", r.cfg.InstanceID))
		r.cfg.Observer.StateChanged(name, s)
	}
}

// union is a filter selecting every event some projection reads, for the shared read.
func union(projections []Projection) eventstore.Filter {
	var streams, types []string
	allStreams, allTypes := false, false
	for _, p := range projections {
		f := p.Filter()
		allStreams = allStreams || len(f.StreamPrefixes) == 0
		allTypes = allTypes || len(f.EventTypePrefixes) == 0
		streams, types = append(streams, f.StreamPrefixes...), append(types, f.EventTypePrefixes...)
	}
	if allStreams {
		streams = nil
	}
	if allTypes {
		types = nil
	}
	return eventstore.Filter{StreamPrefixes: slices.Compact(slices.Sorted(slices.Values(streams))),
		EventTypePrefixes: slices.Compact(slices.Sorted(slices.Values(types)))}
}
