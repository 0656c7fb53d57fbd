package projector

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// A span is a catch-up transaction: consecutive batches of a projection that has not yet
// reached the head the log had when it started, written in one transaction (up to
// Config.CatchUpBatchSize events) so that a Stager writes each row once for all of them.
// Nothing of a span is visible until it commits; if anything in it fails, it is rolled back
// whole and the runtime writes the same events again batch by batch, where transient errors
// are retried and an event the handler fails on parks its case.
type span struct {
	tx     pgx.Tx
	stage  Stage // nil when the projection does not stage
	events int
	stats  []BatchStats
}

// spanner writes one projection's spans on a connection of its own: a span holds its
// connection for seconds, and six read models catching up at once would otherwise hold the
// whole pool that the shared read of the log and the API need too.
type spanner struct {
	r    *Runtime
	p    Projection
	conn *pgx.Conn // opened for the first span, closed once the projection catches up
	open *span     // the span being written, if any
}

// spans reports whether the runtime writes catch-up batches in spans at all.
func (r *Runtime) spans() bool { return r.cfg.CatchUpBatchSize > r.cfg.BatchSize }

// write adds b to the open span, opening one if there is none, and commits the span when b is
// its last batch or it is full. On an error the span has been rolled back.
func (s *spanner) write(ctx context.Context, g generation, b batch, last bool) error {
	if err := s.add(ctx, g, b); err != nil {
		s.rollback(ctx)
		return err
	}
	if !last && s.open.events < s.r.cfg.CatchUpBatchSize {
		return nil
	}
	if err := s.commit(ctx, g); err != nil {
		s.rollback(ctx)
		return err
	}
	return nil
}

func (s *spanner) add(ctx context.Context, g generation, b batch) error {
	if s.open == nil {
		if s.conn == nil {
			conn, err := pgx.ConnectConfig(ctx, s.r.pool.Config().ConnConfig.Copy())
			if err != nil {
				return err
			}
			s.conn = conn
		}
		tx, err := s.conn.Begin(ctx)
		if err != nil {
			return err
		}
		s.open = &span{tx: tx}
		if st, ok := s.p.(Stager); ok {
			s.open.stage = st.Stage()
		}
	}
	if b.empty() {
		return nil
	}
	unknown, err := s.r.apply(ctx, s.open.tx, s.p, g, b, s.open.stage, wholeBatch)
	if err != nil {
		return err
	}
	s.open.events += len(b.events)
	s.open.stats = append(s.open.stats, batchStats(b, unknown))
	return nil
}

// commit flushes the open span's stage and commits it.
func (s *spanner) commit(ctx context.Context, g generation) error {
	sp := s.open
	if sp.stage != nil {
		if err := setSearchPath(ctx, sp.tx, g.schema); err != nil {
			return err
		}
		if err := sp.stage.Flush(ctx, sp.tx); err != nil {
			return &batchError{err}
		}
	}
	if err := s.r.finish(ctx, sp.tx, s.p, g); err != nil {
		return err
	}
	s.open = nil
	for _, st := range sp.stats {
		s.r.committed(s.p, g, st)
	}
	return nil
}

// rollback drops the open span, if any.
func (s *spanner) rollback(ctx context.Context) {
	if s.open != nil {
		_ = s.open.tx.Rollback(context.WithoutCancel(ctx))
		s.open = nil
	}
}

// close drops the open span, if any, and the connection.
func (s *spanner) close(ctx context.Context) {
	s.rollback(ctx)
	if s.conn != nil {
		_ = s.conn.Close(context.WithoutCancel(ctx))
		s.conn = nil
	}
}
