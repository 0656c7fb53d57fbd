package esdbtest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

func TestReadAll(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c := MustClient(t)
	MustAppend(t, c, "case-a", esdb.NoStream{}, "E", 3)
	all, err := drain(c.ReadAll(ctx, esdb.ReadAllOptions{}, 100))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("starts with the system events of a fresh server", func(t *testing.T) {
		if len(all) != 8 || !strings.HasPrefix(all[0].StreamID, "$") || all[0].Position.Commit == 0 {
			t.Fatalf("got %d events, first %+v", len(all), all[0])
		}
		for i := 1; i < len(all); i++ {
			if all[i].Position.Commit <= all[i-1].Position.Commit {
				t.Fatalf("positions not increasing at %d", i)
			}
		}
	})

	t.Run("forwards from a position includes it", func(t *testing.T) {
		evs, err := drain(c.ReadAll(ctx, esdb.ReadAllOptions{From: all[6].Position}, 100))
		if err != nil || len(evs) != 2 || evs[0].Position != all[6].Position {
			t.Fatalf("got %d events (%v)", len(evs), err)
		}
	})

	t.Run("backwards from a position excludes it", func(t *testing.T) {
		evs, err := drain(c.ReadAll(ctx, esdb.ReadAllOptions{Direction: esdb.Backwards, From: all[6].Position}, 2))
		if err != nil || len(evs) != 2 || evs[0].Position != all[5].Position || evs[1].Position != all[4].Position {
			t.Fatalf("got %v (%v)", evs, err)
		}
	})

	t.Run("backwards from end starts at the newest event", func(t *testing.T) {
		evs, err := drain(c.ReadAll(ctx, esdb.ReadAllOptions{Direction: esdb.Backwards, From: esdb.End{}}, 1))
		if err != nil || len(evs) != 1 || evs[0].Position != all[7].Position {
			t.Fatalf("got %v (%v)", evs, err)
		}
	})
}

// The v4 client always sends type and content-type, so the refusal is driven with raw gRPC.
func TestAppendWithoutRequiredMetadata(t *testing.T) {
	t.Parallel()
	srv, _ := MustClient(t)
	conn, err := grpc.NewClient(srv.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var md metadata.MD
	call, err := api.NewStreamsClient(conn).Append(context.Background(), grpc.Trailer(&md))
	if err != nil {
		t.Fatal(err)
	}
	_ = call.Send(&api.AppendReq{Content: &api.AppendReq_Options_{Options: &api.AppendReq_Options{
		StreamIdentifier:       &shared.StreamIdentifier{StreamName: []byte("case-x")},
		ExpectedStreamRevision: &api.AppendReq_Options_Any{Any: &shared.Empty{}},
	}}})
	_ = call.Send(&api.AppendReq{Content: &api.AppendReq_ProposedMessage_{ProposedMessage: &api.AppendReq_ProposedMessage{
		Id: &shared.UUID{Value: &shared.UUID_String_{String_: "0b6b2a3e-6c49-4c39-9a5e-8b1ab7f1b3c1"}}, Metadata: map[string]string{"type": "E"},
	}}})
	_, err = call.CloseAndRecv()
	if status.Code(err) != codes.InvalidArgument || len(md.Get("exception")) != 1 || md.Get("exception")[0] != "missing-required-metadata-property" {
		t.Fatalf("got %v with trailers %v", err, md)
	}
}
