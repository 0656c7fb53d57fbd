package projector

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// errLockLost: the connection holding a projection's lock failed its health check, so the
// database has released the lock and another instance may take over.
var errLockLost = errors.New("projector: lock connection lost")

// sessionLock is a PostgreSQL session advisory lock on a connection of its own, outside the
// pool: the database releases it when this process dies or the connection breaks.
type sessionLock struct{ conn *pgx.Conn }

// tryLock takes the lock (namespace, id) if no session holds it; nil, nil when one does.
func (r *Runtime) tryLock(ctx context.Context, namespace, id int32) (*sessionLock, error) {
	conn, err := pgx.ConnectConfig(ctx, r.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2)", namespace, id).Scan(&ok); err != nil || !ok {
		_ = conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return &sessionLock{conn: conn}, nil
}

// release ends the session, which frees the lock even if an unlock statement could not run.
func (l *sessionLock) release() { _ = l.conn.Close(context.Background()) }

// watch pings the lock's connection every interval until ctx ends, and calls lost when a ping
// fails: from then on the lock cannot be trusted.
func (l *sessionLock) watch(ctx context.Context, every time.Duration, lost context.CancelCauseFunc) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := l.conn.Ping(ctx); err != nil && ctx.Err() == nil {
				lost(errLockLost)
				return
			}
		}
	}
}

// sleep waits for d or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
