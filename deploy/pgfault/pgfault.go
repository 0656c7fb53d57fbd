// Package pgfault tells a PostgreSQL that cannot be reached apart from a statement that failed:
// the first is worth retrying later (a 503 with Retry-After), the second is a bug (a 500).
// Every package that talks to PostgreSQL asks this one question here, so an outage answers
// the same everywhere.
package pgfault

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"
)

// Unavailable reports whether err says the database cannot be reached or is going away: a
// failed connect (refused, or its deadline passed), a connection that broke or was closed, a
// closed pool, a server shutting down, starting up or out of connections, or a backend
// terminated by an administrator.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &connect):
		return true
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false // the caller's own context ended while the database answered
	case errors.As(err, &netErr),
		errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, puddle.ErrClosedPool),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &pgErr):
		return unavailableState(pgErr.Code)
	}
	return false
}

// unavailableState is true for the SQLSTATEs of a server that refuses or drops connections:
// class 08 (connection exception), 53300 too_many_connections and 57P01–57P03
// (admin_shutdown, crash_shutdown, cannot_connect_now).
func unavailableState(code string) bool {
	switch code {
	case "53300", "57P01", "57P02", "57P03":
		return true
	}
	return strings.HasPrefix(code, "08")
}
