package idempotency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"go.uber.org/zap"
)

// lockHolders is the advisory-lock namespace (first key) of running instances; the second key
// is the instance's holder number from the idempotency_holders sequence.
const lockHolders int32 = 0x49444d31 // "IDM1"

// holderCheck is how often the lock's connection is checked; a broken one is replaced.
const holderCheck = 2 * time.Second

// errHolderTaken: another session holds this instance's number, which only a sequence that
// went round while an instance lived could cause.
var errHolderTaken = errors.New("idempotency: holder number already locked")

// hold locks this instance's number on a connection of its own, outside the pool: the
// database releases the lock the moment the process dies or the connection breaks, which is
// how other instances learn that the keys it held are abandoned.
func (s *Store) hold(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2)", lockHolders, s.holder).Scan(&ok); err != nil || !ok {
		_ = conn.Close(context.WithoutCancel(ctx))
		if err == nil {
			err = errHolderTaken
		}
		return nil, fmt.Errorf("idempotency: lock holder %d: %w", s.holder, err)
	}
	return conn, nil
}

// keep checks the lock's connection until ctx ends and takes the lock again on a new one
// when it broke. Meanwhile other instances may take over this one's running keys, which the
// commands' derived ids make harmless.
func (s *Store) keep(ctx context.Context, conn *pgx.Conn) {
	defer func() { s.release(conn) }()
	tick(ctx, holderCheck, func() {
		if err := conn.Ping(ctx); err == nil || ctx.Err() != nil {
			return
		}
		again, err := s.hold(ctx)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error("idempotency: holder lock lost; retrying", zap.Int32("holder", s.holder), zap.Error(err))
			}
			return
		}
		_ = conn.Close(context.Background())
		conn = again
	})
}

// release gives the lock up before closing its connection: the server drops a closed
// session's locks only a moment later, and a retry arriving in between would wait for nothing.
func (s *Store) release(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), holderCheck)
	defer cancel()
	_, _ = conn.Exec(ctx, "SELECT pg_advisory_unlock($1, $2)", lockHolders, s.holder)
	_ = conn.Close(ctx)
}
