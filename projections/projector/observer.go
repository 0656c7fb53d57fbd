package projector

import (
	"time"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Observer lets the process export metrics (Prometheus counters and gauges) without this
// package depending on a metrics library. Calls come from the projector goroutines and must not
// block. Lag in events is not pushed: it costs a query, so exporters read it from Status at
// scrape time.
type Observer interface {
	// BatchCommitted reports a batch written to a projection's live or building generation.
	BatchCommitted(projection string, b BatchStats)
	// Parked reports an event moved to the dead-letter table; its case (stream) now waits.
	Parked(projection string, p ParkedEvent)
	// StateChanged reports this instance's view of a projection changing state.
	StateChanged(projection string, s State)
}

// BatchStats describes one committed batch.
type BatchStats struct {
	Events   int                 // events handled, unknown ones included
	Unknown  int                 // events the handler answered ErrUnknownEvent for
	Position eventstore.Position // checkpoint after the batch
	Building bool                // written to a generation being rebuilt, not to the live one
	// Lag is now minus the recording time of the batch's last event (0 for a batch without
	// events): how far behind the writers the read model was when the batch landed.
	Lag time.Duration
}

type noObserver struct{}

func (noObserver) BatchCommitted(string, BatchStats) {}
func (noObserver) Parked(string, ParkedEvent)        {}
func (noObserver) StateChanged(string, State)        {}
