package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/shafaf-city/shafaf/eventstore"
)

// code classifies err with errors.As: the client wraps its *es.Error in several places, where
// es.FromError (a plain type assertion) would answer "unknown".
func code(err error) es.ErrorCode {
	var e *es.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return -1
}

// mapError turns a client error about stream into the port's errors. Not-found and conflicts
// need the call's context, so ReadStream and Append handle them before calling this.
func mapError(ctx context.Context, stream string, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("esdb: %w", ctx.Err())
	}
	if errors.Is(err, eventstore.ErrUnavailable) || errors.Is(err, errClosed) {
		return err
	}
	if denied, ok := refused(stream, err); ok {
		return denied
	}
	if code(err) == es.ErrorCodeStreamDeleted {
		return fmt.Errorf("esdb: stream %q: %w", stream, eventstore.ErrStreamDeleted)
	}
	if transient(err) {
		return fmt.Errorf("esdb: %w: %w", eventstore.ErrUnavailable, err)
	}
	return fmt.Errorf("esdb: %w", err)
}

// reconnecting reports a failure that another connection cures: the node went away (a bare
// EOF, Unavailable, a client closed by a failed discovery) or was not the leader. After each the
// v4 client reaches another node within a call or two (a bare EOF leaves it on the dead
// connection until a call there fails Unavailable); Store.do makes those calls.
func reconnecting(err error) bool {
	// v4 reports a stream the server cut as a bare EOF from Send.
	if errors.Is(err, io.EOF) || discoveryGaveUp(err) {
		return true
	}
	switch code(err) {
	case es.ErrorUnavailable, es.ErrorCodeConnectionClosed, es.ErrorCodeNotLeader:
		return true
	}
	return status.Code(err) == codes.Unavailable
}

// discoveryGaveUp reports the error of the call whose discovery failed, after which the v4
// client is closed for good. The client says so only in its text, with the code of the last
// node's error: Unknown when the nodes answered but none was eligible, as during an election.
func discoveryGaveUp(err error) bool {
	return err != nil && strings.Contains(err.Error(), "maximum discovery attempt count reached")
}

// transient reports a raw gRPC failure that a retry may cure; subscription drops arrive as
// raw status errors, not as *es.Error.
func transient(err error) bool {
	if reconnecting(err) {
		return true
	}
	var e *es.Error
	if errors.As(err, &e) {
		return e.Code() == es.ErrorAborted || e.Code() == es.ErrorCodeDeadlineExceeded
	}
	switch status.Code(err) {
	case codes.Aborted, codes.DeadlineExceeded, codes.Internal:
		return true
	}
	return errors.Is(err, eventstore.ErrUnavailable)
}
