package esdbtest

import (
	"errors"
	"io"
	"math"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// maxAppendSize is the real server's default limit on one append's total payload.
const maxAppendSize = 1 << 20

// Append serves AppendToStream: an options message, then one message per event.
func (s *streamsServer) Append(in api.Streams_AppendServer) error {
	t := streamTrailers(in)
	first, err := in.Recv()
	if err != nil {
		return err
	}
	opts := first.GetOptions()
	if opts == nil {
		return t.fail(codes.InvalidArgument, "append options expected first", "exception", "invalid-argument")
	}
	name := string(opts.GetStreamIdentifier().GetStreamName())
	if err := s.sec.authorize(in.Context(), s.db, name, aclWrite); err != nil {
		return err
	}
	var events []proposed
	size := 0
	for {
		msg, err := in.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		ev, err := proposedFromProto(msg.GetProposedMessage())
		if err != nil {
			return t.fail(codes.InvalidArgument, err.Error(), "exception", "missing-required-metadata-property")
		}
		if size += len(ev.data) + len(ev.custom); size > maxAppendSize {
			return t.fail(codes.InvalidArgument, "Maximum Append Size of 1048576 Exceeded.",
				"exception", "maximum-append-size-exceeded")
		}
		events = append(events, ev)
	}
	// Like the real server, a follower reads the whole request before refusing it: the
	// client finds the leader's endpoint in the trailers of its CloseAndRecv.
	if err := s.node.refuseUnlessLeader(t); err != nil {
		return err
	}
	res, err := s.db.appendEvents(name, expectedFrom(opts), events)
	var w *wev
	switch {
	case errors.Is(err, errDeleted):
		return t.deleted(name)
	case errors.As(err, &w):
		return in.SendAndClose(&api.AppendResp{Result: &api.AppendResp_WrongExpectedVersion_{
			WrongExpectedVersion: wevToProto(w),
		}})
	case s.node.crashesAfterWrite():
		return status.Error(codes.Unavailable, "the node shut down")
	}
	success := &api.AppendResp_Success{PositionOption: &api.AppendResp_Success_Position{
		Position: &api.AppendResp_Position{CommitPosition: res.pos, PreparePosition: res.pos},
	}}
	if res.last < 0 {
		success.CurrentRevisionOption = &api.AppendResp_Success_NoStream{NoStream: &shared.Empty{}}
	} else {
		success.CurrentRevisionOption = &api.AppendResp_Success_CurrentRevision{CurrentRevision: uint64(res.last)}
	}
	return in.SendAndClose(&api.AppendResp{Result: &api.AppendResp_Success_{Success: success}})
}

// errMissingMetadata mirrors the server's refusal of events without type or content type.
var errMissingMetadata = errors.New("required metadata properties are missing: type, content-type")

func proposedFromProto(m *api.AppendReq_ProposedMessage) (proposed, error) {
	typ, okType := m.GetMetadata()["type"]
	ct, okCT := m.GetMetadata()["content-type"]
	if m == nil || !okType || !okCT {
		return proposed{}, errMissingMetadata
	}
	id, err := uuidFromProto(m.GetId())
	if err != nil {
		return proposed{}, err
	}
	return proposed{id: id, eventType: typ, contentType: ct, data: m.GetData(), custom: m.GetCustomMetadata()}, nil
}

// wevToProto fills both the current fields and the deprecated 20.6.0 ones, as the server does.
func wevToProto(w *wev) *api.AppendResp_WrongExpectedVersion {
	out := &api.AppendResp_WrongExpectedVersion{}
	if w.current < 0 {
		out.CurrentRevisionOption = &api.AppendResp_WrongExpectedVersion_CurrentNoStream{CurrentNoStream: &shared.Empty{}}
		out.CurrentRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_NoStream_20_6_0{NoStream_20_6_0: &shared.Empty{}}
	} else {
		out.CurrentRevisionOption = &api.AppendResp_WrongExpectedVersion_CurrentRevision{CurrentRevision: uint64(w.current)}
		out.CurrentRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_CurrentRevision_20_6_0{CurrentRevision_20_6_0: uint64(w.current)}
	}
	switch w.expected.kind {
	case expectRevision:
		out.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedRevision{ExpectedRevision: w.expected.revision}
		out.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_ExpectedRevision_20_6_0{ExpectedRevision_20_6_0: w.expected.revision}
	case expectNoStream:
		out.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedNoStream{ExpectedNoStream: &shared.Empty{}}
		// 20.6.0 had no no-stream case: it sent -1 as an unsigned revision.
		out.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_ExpectedRevision_20_6_0{ExpectedRevision_20_6_0: math.MaxUint64}
	case expectExists:
		out.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedStreamExists{ExpectedStreamExists: &shared.Empty{}}
		out.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_StreamExists_20_6_0{StreamExists_20_6_0: &shared.Empty{}}
	default:
		out.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedAny{ExpectedAny: &shared.Empty{}}
		out.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_Any_20_6_0{Any_20_6_0: &shared.Empty{}}
	}
	return out
}
