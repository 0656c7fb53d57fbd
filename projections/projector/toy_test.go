package projector_test

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"sync/atomic"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/projector"
)

//go:embed testdata/toy/*.sql
var toyFiles embed.FS

// Event types of the toy projection's world.
const (
	typeCounted = "toy.Counted.v1" // handled
	typeUnknown = "toy.Renamed.v1" // not known to the handler
	typePoison  = "toy.Poison.v1"  // fails while the toy is poisoned
)

// errPoison is the toy handler's non-transient failure.
var errPoison = errors.New("toy: cannot handle this event")

// toy is a read model that records each event it handles (how often, by which instance), so
// tests can check exactly-once and single-writer behaviour against the event log.
type toy struct {
	name     string
	instance string
	poisoned atomic.Bool
	handled  atomic.Int64 // calls of Handle that wrote a row
	onHandle func()       // called after each handled event, inside the batch
}

var _ projector.Projection = (*toy)(nil)

func newToy(name, instance string) *toy { return &toy{name: name, instance: instance} }

func (t *toy) Name() string { return t.name }

func (t *toy) Migrations() fs.FS {
	sub, err := fs.Sub(toyFiles, "testdata/toy")
	if err != nil {
		panic(err)
	}
	return sub
}

func (t *toy) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{"case-"}}
}

func (t *toy) Handle(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	switch {
	case ev.Type == typeUnknown:
		return projector.ErrUnknownEvent
	case ev.Type == typePoison && t.poisoned.Load():
		return errPoison
	}
	_, err := tx.Exec(ctx, `INSERT INTO handled (event_id, stream, commit_pos, prepare_pos, instance)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO UPDATE SET times = handled.times + 1`,
		ev.ID, ev.Stream, int64(ev.Position.Commit), int64(ev.Position.Prepare), t.instance)
	if err != nil {
		return err
	}
	t.handled.Add(1)
	if t.onHandle != nil {
		t.onHandle()
	}
	return nil
}
