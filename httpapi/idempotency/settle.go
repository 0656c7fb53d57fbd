package idempotency

import (
	"context"
	"time"

	"go.uber.org/zap"
)

// Settling a key (Complete or Release) that failed is retried in the background, with pauses
// growing from settleFirstPause to settleMaxPause, for at most settleFor; one attempt may take
// settleAttempt, so a database that stopped answering holds no request for long.
const (
	settleAttempt    = 5 * time.Second
	settleFirstPause = 100 * time.Millisecond
	settleMaxPause   = 5 * time.Second
	settleFor        = 2 * time.Minute
)

// settle runs op, which records the outcome of the request under key, until it succeeds:
// once now and, after a failure, again in the background until Close. Every failure is
// logged; a key never settled is taken over once this instance is gone or abandonAfter has
// passed, and the rerun answers the first result.
func (s *Store) settle(ctx context.Context, what, key string, op func(context.Context) error) {
	op = withTimeout(op, settleAttempt)
	err := op(ctx)
	if err == nil {
		return
	}
	// The scope is left out: an applicant's subject may be their national ID.
	log := s.log.With(zap.String("op", what), zap.String("key", key))
	log.Error("idempotency: recording a request's outcome failed; retrying", zap.Error(err))
	started := s.background(func() {
		life, cancel := context.WithTimeout(ctx, settleFor)
		defer cancel()
		stop := context.AfterFunc(s.lifetime, cancel)
		defer stop()
		pause := settleFirstPause
		for attempt := 2; ; attempt++ {
			t := time.NewTimer(pause)
			select {
			case <-life.Done():
				t.Stop()
				log.Error("idempotency: gave up recording a request's outcome", zap.Int("attempts", attempt-1), zap.Error(err))
				return
			case <-t.C:
			}
			if err = op(life); err == nil {
				log.Info("idempotency: recorded a request's outcome after retrying", zap.Int("attempts", attempt))
				return
			}
			pause = min(2*pause, settleMaxPause)
		}
	})
	if !started {
		log.Error("idempotency: gave up recording a request's outcome: shutting down", zap.Error(err))
	}
}

// withTimeout bounds every call of op to d.
func withTimeout(op func(context.Context) error, d time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		return op(ctx)
	}
}
