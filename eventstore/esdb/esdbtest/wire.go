package esdbtest

import (
	"context"
	"encoding/binary"
	"strconv"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// uuidFromProto accepts both encodings the protocol allows; the client sends structured ids.
func uuidFromProto(u *shared.UUID) (uuid.UUID, error) {
	if s := u.GetStructured(); s != nil {
		var b [16]byte
		binary.BigEndian.PutUint64(b[:8], uint64(s.MostSignificantBits))
		binary.BigEndian.PutUint64(b[8:], uint64(s.LeastSignificantBits))
		return b, nil
	}
	return uuid.Parse(u.GetString_())
}

// uuidToProto encodes id in the form the reader asked for.
func uuidToProto(id uuid.UUID, structured bool) *shared.UUID {
	if !structured {
		return &shared.UUID{Value: &shared.UUID_String_{String_: id.String()}}
	}
	return &shared.UUID{Value: &shared.UUID_Structured_{Structured: &shared.UUID_Structured{
		MostSignificantBits:  int64(binary.BigEndian.Uint64(id[:8])),
		LeastSignificantBits: int64(binary.BigEndian.Uint64(id[8:])),
	}}}
}

// eventResp is a record as a read or subscription message. The "created" entry is mandatory:
// the v4 client kills the process when it is missing or not a number.
func eventResp(r *record, structured bool) *api.ReadResp {
	return &api.ReadResp{Content: &api.ReadResp_Event{Event: &api.ReadResp_ReadEvent{
		Event: &api.ReadResp_ReadEvent_RecordedEvent{
			Id:               uuidToProto(r.id, structured),
			StreamIdentifier: &shared.StreamIdentifier{StreamName: []byte(r.stream)},
			StreamRevision:   r.revision,
			PreparePosition:  r.pos,
			CommitPosition:   r.pos,
			Metadata: map[string]string{
				"type":         r.eventType,
				"content-type": r.contentType,
				"created":      strconv.FormatInt(r.created, 10),
			},
			CustomMetadata: r.custom,
			Data:           r.data,
		},
		Position: &api.ReadResp_ReadEvent_CommitPosition{CommitPosition: r.pos},
	}}}
}

// structuredIDs reports which UUID form a reader asked for (structured unless it asked for strings).
func structuredIDs(o *api.ReadReq_Options) bool { return o.GetUuidOption().GetString_() == nil }

// trailers sets the trailers of a reply; streaming and unary calls set them differently.
type trailers func(metadata.MD)

func streamTrailers(s grpc.ServerStream) trailers { return s.SetTrailer }

func unaryTrailers(ctx context.Context) trailers {
	return func(md metadata.MD) { _ = grpc.SetTrailer(ctx, md) } // fails only outside a call
}

// fail sets the exception trailers the client inspects and returns the status error.
func (t trailers) fail(code codes.Code, msg string, pairs ...string) error {
	t(metadata.Pairs(pairs...))
	return status.Error(code, msg)
}

// deleted is the real server's reply for a tombstoned stream. The "stream-name" trailer is
// mandatory: the v4 client indexes it without checking and panics when it is missing.
func (t trailers) deleted(name string) error {
	return t.fail(codes.FailedPrecondition, "Event stream '"+name+"' is deleted.",
		"exception", "stream-deleted", "stream-name", name)
}
