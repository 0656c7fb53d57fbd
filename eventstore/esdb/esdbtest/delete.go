package esdbtest

import (
	"context"
	"errors"
	"fmt"

	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc/codes"
)

// Delete soft-deletes a stream. The reply always carries a position: v4 dereferences it
// without a nil check.
func (s *streamsServer) Delete(ctx context.Context, req *api.DeleteReq) (*api.DeleteResp, error) {
	o := req.GetOptions()
	pos, err := s.remove(ctx, string(o.GetStreamIdentifier().GetStreamName()), expectedFrom(o), false)
	if err != nil {
		return nil, err
	}
	return &api.DeleteResp{PositionOption: &api.DeleteResp_Position_{Position: &api.DeleteResp_Position{
		CommitPosition: pos, PreparePosition: pos,
	}}}, nil
}

// Tombstone hard-deletes a stream for good.
func (s *streamsServer) Tombstone(ctx context.Context, req *api.TombstoneReq) (*api.TombstoneResp, error) {
	o := req.GetOptions()
	pos, err := s.remove(ctx, string(o.GetStreamIdentifier().GetStreamName()), expectedFrom(o), true)
	if err != nil {
		return nil, err
	}
	return &api.TombstoneResp{PositionOption: &api.TombstoneResp_Position_{Position: &api.TombstoneResp_Position{
		CommitPosition: pos, PreparePosition: pos,
	}}}, nil
}

// remove runs either delete; unlike append, a wrong expected version is a gRPC error here.
func (s *streamsServer) remove(ctx context.Context, name string, e expected, tombstone bool) (uint64, error) {
	if err := s.sec.authorize(ctx, s.db, name, aclDelete); err != nil {
		return 0, err
	}
	t := unaryTrailers(ctx)
	if err := s.node.refuseUnlessLeader(t); err != nil {
		return 0, err
	}
	pos, err := s.db.deleteStream(name, e, tombstone)
	var w *wev
	switch {
	case errors.Is(err, errDeleted):
		return 0, t.deleted(name)
	case errors.As(err, &w):
		return 0, t.fail(codes.FailedPrecondition, "Wrong expected version.",
			"exception", "wrong-expected-version", "stream-name", name,
			"expected-version", w.expected.String(), "actual-version", fmt.Sprint(w.current))
	}
	return pos, nil
}
