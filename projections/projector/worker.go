package projector

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/eventstore"
)

// shutdownGrace bounds how long Run spends writing the batch in flight once its ctx has ended.
const shutdownGrace = 10 * time.Second

// runProjection stands by for p's lock and drives p whenever it holds it, until ctx ends.
func (r *Runtime) runProjection(ctx context.Context, p Projection) {
	name := p.Name()
	for ctx.Err() == nil {
		lock, err := r.tryLock(ctx, lockRun, r.ids[name])
		if err == nil && lock != nil {
			err = r.lead(ctx, p, lock)
			lock.release()
			if err == nil || errors.Is(err, errLostOwnership) {
				continue // ctx ended, or take the lock again and re-read the live generation
			}
		}
		if err != nil && ctx.Err() == nil {
			r.cfg.Logger.Error("projection stopped", zap.String("projection", name), zap.Error(err))
		}
		r.setState(name, StateStandby)
		sleep(ctx, r.cfg.StandbyRetry)
	}
}

// lead drives p while this instance holds its lock: it follows the live generation until
// ctx ends, the lock is lost or something that is not about one event stops it. An event its
// handler fails on parks that event's case only (deadletter.go).
func (r *Runtime) lead(parent context.Context, p Projection, lock *sessionLock) error {
	ctx, cancel := context.WithCancelCause(parent)
	var wg sync.WaitGroup
	wg.Go(func() { lock.watch(ctx, r.cfg.LockCheck, cancel) })
	defer func() { cancel(nil); wg.Wait() }()

	name := p.Name()
	if _, err := r.pool.Exec(ctx, "UPDATE projector.projections SET holder = $2, held_since = now() WHERE name = $1",
		name, r.cfg.InstanceID); err != nil {
		return err
	}
	r.notifier.moved(name) // in case the previous holder died between a commit and its announcement
	g, err := liveGeneration(ctx, r.pool, name)
	if err != nil {
		return stopped(ctx, err)
	}
	return stopped(ctx, r.follow(ctx, p, g))
}

// stopped turns the end of the caller's ctx into a clean stop and keeps every other error.
func stopped(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil && cause != context.Canceled && cause != context.DeadlineExceeded {
		return cause // the lock watch cut us off
	}
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// follow writes batches to the live generation g until ctx ends or something stops it (an
// event parked, the checkpoint moved by someone else, the subscription failed).
func (r *Runtime) follow(ctx context.Context, p Projection, g generation) error {
	deferred, err := hasDeferredIndexes(ctx, r.pool, g.schema)
	if err != nil {
		return err
	}
	caughtUp := false
	var buildErr error
	err = r.pump(ctx, p, g, func(b batch) bool {
		caughtUp = b.caughtUp || caughtUp && len(b.events) < r.cfg.BatchSize
		if caughtUp && deferred {
			// A generation created empty has caught up: its indexes, built now, serve readers.
			buildErr = pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error { return buildIndexes(ctx, tx, g.schema) })
			deferred = buildErr != nil
			if buildErr != nil {
				return true
			}
		}
		if caughtUp {
			r.setState(p.Name(), StateCaughtUp)
		} else {
			r.setState(p.Name(), StateRunning)
		}
		return false
	})
	if buildErr != nil {
		return buildErr
	}
	return err
}

// pump subscribes from g's checkpoint and writes batches to g; after each batch it asks done
// whether to stop. The events already in the log when it starts go into spans (span.go).
func (r *Runtime) pump(ctx context.Context, p Projection, g generation, done func(batch) bool) error {
	sub, err := r.reader.Subscribe(ctx, g.pos, p.Filter())
	if err != nil {
		return err
	}
	defer func() {
		if sub != nil {
			sub.Close()
		}
	}()
	wctx, cancel := finishing(ctx)
	defer cancel()
	spans := &spanner{r: r, p: p}
	defer spans.close(ctx)
	// Spans are for the events that were in the log when the pump started; what comes later
	// is live and goes batch by batch.
	head, headErr := r.store.Head(ctx)
	var (
		buf     []eventstore.RecordedEvent
		settled = g.pos // the checkpoint committed last
		careful eventstore.Position
		behind  = headErr == nil && g.pos.Compare(head) < 0
	)
	for {
		idle := time.Duration(0)
		if spans.open != nil {
			idle = spanIdle * r.cfg.BatchWait
		}
		b, recvErr := r.collect(ctx, sub, g.pos, buf, idle)
		buf = b.events
		behind = behind && !b.caughtUp && b.to.Compare(head) < 0
		// The last batch of a span: the subscription reached the head or failed, or it had
		// nothing for a while (the span's events would otherwise stay invisible).
		last := recvErr != nil || !behind || b.empty()
		if spans.open != nil || !b.empty() {
			var err error
			if spans.open != nil || r.spans() && !last && b.to.Compare(careful) > 0 {
				err = spans.write(wctx, g, b, last)
				if err != nil && wctx.Err() == nil && !errors.Is(err, errLostOwnership) {
					r.cfg.Logger.Warn("catch-up transaction failed; writing its batches one by one",
						zap.String("projection", p.Name()), zap.Error(err))
					careful, g.pos = b.to, settled
					sub.Close()
					if sub, err = r.reader.Subscribe(ctx, g.pos, p.Filter()); err != nil {
						sub = nil // the old one is closed and a failed Subscribe may hand back a nil one
						return err
					}
					continue
				}
			} else {
				err = r.commit(wctx, p, g, b)
			}
			if err != nil {
				return err
			}
			g.pos = b.to
			if spans.open == nil {
				settled = g.pos
			}
		}
		if !behind {
			spans.close(ctx)
		}
		if done(b) {
			return nil
		}
		if recvErr != nil {
			return recvErr
		}
	}
}

// spanIdle is how many BatchWaits a span waits for the subscription's next message before it
// commits what it has: the shared read of the log often pauses for one BatchWait while it
// fetches a page, seldom for ten.
const spanIdle = 10

// finishing is the context for writing what pump collected: it ends with ctx when the lock is
// lost, but a graceful shutdown (ctx ending for any other cause) leaves the batch or span in
// flight shutdownGrace to be written.
func finishing(ctx context.Context) (context.Context, context.CancelFunc) {
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		if context.Cause(ctx) == errLockLost {
			cancel()
			return
		}
		time.AfterFunc(shutdownGrace, cancel)
	})
	return wctx, func() { stop(); cancel() }
}

// commit writes b, retrying transient errors with backoff. When the handler fails on an
// event, that event's case is parked and b is written again without it, in every generation:
// a rebuild parks the case in the generation it builds, which keeps it parked once live.
func (r *Runtime) commit(ctx context.Context, p Projection, g generation, b batch) error {
	mode := wholeBatch
	for attempt := 0; ; attempt++ {
		err := r.write(ctx, p, g, b, mode)
		var herr *HandlerError
		var berr *batchError
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil || errors.Is(err, errLostOwnership):
			return err
		case transient(err):
			r.cfg.Logger.Warn("projection batch failed, retrying", zap.String("projection", p.Name()), zap.Int("attempt", attempt+1), zap.Error(err))
			sleep(ctx, r.backoff(attempt))
		case errors.As(err, &herr):
			if err := r.park(ctx, g, herr); err != nil {
				return err
			}
			mode = wholeBatch // the rest of b, without the parked case
		case errors.As(err, &berr):
			mode = perEvent // replay one by one to find the event to park
		default:
			return err
		}
	}
}

// backoff is the wait before attempt+1: doubling from BackoffMin up to BackoffMax.
func (r *Runtime) backoff(attempt int) time.Duration {
	d := r.cfg.BackoffMin << min(attempt, 20)
	return min(d, r.cfg.BackoffMax)
}
