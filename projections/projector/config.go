package projector

import (
	"fmt"
	"go.uber.org/zap"
	"os"
	"time"
)

// Config tunes the runtime; the zero value of every field picks the default in its comment.
type Config struct {
	// BatchSize caps the events written in one transaction (2000): large enough that a read
	// model catching up writes few, large statements; live batches stay small anyway (BatchWait).
	BatchSize int
	// CatchUpBatchSize caps the events that one transaction writes, as several batches, while
	// a projection catches up on the events that were in the log when it started (200000; at
	// most BatchSize turns it off). A Stager folds them into one write per row, which is what
	// makes a catch-up or rebuild over a log that interleaves many cases fast; the working set
	// of rows it holds grows with it.
	CatchUpBatchSize int
	// BatchWait is how long a batch waits to fill up before it is written anyway (25ms); it
	// bounds how long a live event waits before it shows in the read model.
	BatchWait time.Duration
	// StandbyRetry is how often an instance that does not hold a projection's lock tries to take
	// it (2s).
	StandbyRetry time.Duration
	// LockCheck is how often the holder checks that its lock connection is alive (5s).
	LockCheck time.Duration
	// BackoffMin and BackoffMax bound the wait between attempts after a transient error
	// (100ms, 30s).
	BackoffMin, BackoffMax time.Duration
	// InstanceID names this process in status output ("<hostname>-<pid>").
	InstanceID string
	// Observer receives metrics events (none).
	Observer Observer
	// Logger receives state changes and errors (a no-op logger).
	Logger *zap.Logger
}

func (c Config) withDefaults() Config {
	setDefault(&c.BatchSize, 2000)
	setDefault(&c.CatchUpBatchSize, 200_000)
	setDefault(&c.BatchWait, 25*time.Millisecond)
	setDefault(&c.StandbyRetry, 2*time.Second)
	setDefault(&c.LockCheck, 5*time.Second)
	setDefault(&c.BackoffMin, 100*time.Millisecond)
	setDefault(&c.BackoffMax, 30*time.Second)
	if c.InstanceID == "" {
		host, _ := os.Hostname()
		c.InstanceID = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if c.Observer == nil {
		c.Observer = noObserver{}
	}
	if c.Logger == nil {
		c.Logger = zap.NewNop()
	}
	return c
}

func setDefault[T comparable](field *T, def T) {
	var zero T
	if *field == zero {
		*field = def
	}
}
