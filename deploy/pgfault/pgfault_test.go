package pgfault_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"

	"github.com/shafaf-city/shafaf/deploy/freeport"
	"github.com/shafaf-city/shafaf/deploy/pgfault"
)

// closedPortDSN names a port nothing listens on, so connecting is refused.
func closedPortDSN(tb testing.TB) string {
	tb.Helper()
	// Outside the ephemeral range, where no port-0 listener of another test lands meanwhile.
	port, err := freeport.Pick()
	if err != nil {
		tb.Fatal(err)
	}
	return "postgres://nobody@127.0.0.1:" + strconv.Itoa(port) + "/none?sslmode=disable&connect_timeout=5"
}

func connectErr(tb testing.TB, ctx context.Context) error {
	tb.Helper()
	conn, err := pgx.Connect(ctx, closedPortDSN(tb))
	if err == nil {
		conn.Close(ctx)
		tb.Fatal("connected to a closed port")
	}
	return err
}

func TestUnavailable(t *testing.T) {
	expired, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"a refused connect", connectErr(t, context.Background()), true},
		{"a connect whose context ended", connectErr(t, expired), true},
		{"a terminated backend", &pgconn.PgError{Code: "57P01"}, true},
		{"a server starting up", &pgconn.PgError{Code: "57P03"}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"a connection failure reported by the server", &pgconn.PgError{Code: "08006"}, true},
		{"a closed connection, wrapped", fmt.Errorf("read: %w", pgconn.ErrConnClosed), true},
		{"a closed pool", puddle.ErrClosedPool, true},
		{"a connection cut mid-answer", io.ErrUnexpectedEOF, true},
		{"a unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"the caller's context ending mid-query", fmt.Errorf("query: %w", context.Canceled), false},
		{"any other error", errors.New("boom"), false},
		{"no error", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pgfault.Unavailable(tt.err); got != tt.want {
				t.Fatalf("Unavailable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
