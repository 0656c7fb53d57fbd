package projector

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Sentinels the CLI and the HTTP layer match with errors.Is.
var (
	// ErrUnknownProjection: no projection of that name is registered with this runtime.
	ErrUnknownProjection = errors.New("projector: unknown projection")
	// ErrNothingParked: retry or skip found no parked case to act on.
	ErrNothingParked = errors.New("projector: no parked event")
	// ErrRebuildInProgress: another process is already rebuilding the projection.
	ErrRebuildInProgress = errors.New("projector: rebuild already in progress")
	// errLostOwnership: the checkpoint moved under us (another instance, or a rebuild switched
	// generations), so this instance must stop and re-acquire.
	errLostOwnership = errors.New("projector: checkpoint moved by someone else")
)

// HandlerError is a projection's handler failing on one event; parked events carry it.
type HandlerError struct {
	Projection string
	Event      eventstore.RecordedEvent
	Err        error
}

func (e *HandlerError) Error() string {
	return fmt.Sprintf("projection %s: event %s (%s at %s): %v",
		e.Projection, e.Event.ID, e.Event.Type, e.Event.Position, e.Err)
}

func (e *HandlerError) Unwrap() error { return e.Err }

// transientCodes are SQLSTATEs after which the same batch may well succeed if tried again.
var transientCodes = map[string]bool{
	"40001": true, // serialization_failure
	"40P01": true, // deadlock_detected
	"55P03": true, // lock_not_available
	"57P01": true, // admin_shutdown
	"57P02": true, // crash_shutdown
	"57P03": true, // cannot_connect_now
	"53300": true, // too_many_connections
}

// transient reports whether err is worth retrying rather than parking the event: lost
// connections, serialization failures and deadlocks say nothing about the event itself.
func transient(err error) bool {
	if errors.Is(err, eventstore.ErrUnavailable) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// A statement cached before a rebuild switched schemas fails once with 0A000.
		cachedPlan := pgErr.Code == "0A000" && strings.Contains(pgErr.Message, "cached plan")
		return transientCodes[pgErr.Code] || strings.HasPrefix(pgErr.Code, "08") || cachedPlan
	}
	var netErr net.Error
	var connectErr *pgconn.ConnectError
	return pgconn.SafeToRetry(err) || errors.As(err, &netErr) || errors.As(err, &connectErr)
}
