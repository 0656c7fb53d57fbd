package esdbtest

import (
	"errors"
	"sort"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc/codes"
)

// Read serves stream and $all reads and, with the subscription count option, subscriptions.
// It only ever sends the messages of compatibility level 0: v4 panics on any other.
func (s *streamsServer) Read(req *api.ReadReq, out api.Streams_ReadServer) error {
	o := req.GetOptions()
	if o.GetSubscription() != nil {
		return s.subscribe(o, out)
	}
	var recs []*record
	if err := s.sec.authorize(out.Context(), s.db, readTarget(o), aclRead); err != nil {
		return err
	}
	if st := o.GetStream(); st != nil {
		name := string(st.GetStreamIdentifier().GetStreamName())
		events, found, err := s.db.readStream(name)
		if errors.Is(err, errDeleted) {
			return streamTrailers(out).deleted(name)
		}
		if !found {
			return out.Send(&api.ReadResp{Content: &api.ReadResp_StreamNotFound_{StreamNotFound: &api.ReadResp_StreamNotFound{
				StreamIdentifier: &shared.StreamIdentifier{StreamName: []byte(name)},
			}}})
		}
		recs = sliceStream(events, st, o.GetReadDirection())
	} else {
		all, err := s.sliceAll(o.GetAll(), o.GetReadDirection())
		if err != nil {
			return streamTrailers(out).fail(codes.InvalidArgument, err.Error(), "exception", "invalid-position")
		}
		recs = all
	}
	structured := structuredIDs(o)
	for i, r := range recs {
		if uint64(i) >= o.GetCount() {
			break
		}
		if err := out.Send(eventResp(r, structured)); err != nil {
			return err
		}
	}
	return nil
}

// readTarget is the stream a read or subscription needs read access to: its stream, or $all.
func readTarget(o *api.ReadReq_Options) string {
	if st := o.GetStream(); st != nil {
		return string(st.GetStreamIdentifier().GetStreamName())
	}
	return "$all"
}

// sliceStream orders a stream's visible events for the read: forwards from a revision is
// inclusive, backwards from a revision includes it and goes down.
func sliceStream(events []*record, o *api.ReadReq_Options_StreamOptions, dir api.ReadReq_Options_ReadDirection) []*record {
	if dir == api.ReadReq_Options_Forwards {
		switch v := o.GetRevisionOption().(type) {
		case *api.ReadReq_Options_StreamOptions_End:
			return nil
		case *api.ReadReq_Options_StreamOptions_Revision:
			i := sort.Search(len(events), func(i int) bool { return events[i].revision >= v.Revision })
			return events[i:]
		}
		return events
	}
	top := len(events) // End
	switch v := o.GetRevisionOption().(type) {
	case *api.ReadReq_Options_StreamOptions_Start:
		top = min(1, len(events))
	case *api.ReadReq_Options_StreamOptions_Revision:
		top = sort.Search(len(events), func(i int) bool { return events[i].revision > v.Revision })
	}
	return reversed(events[:top])
}

// errInvalidPosition is what the server answers for a prepare position after its commit.
var errInvalidPosition = errors.New("invalid position")

// sliceAll orders $all for the read: forwards from a position is inclusive, backwards is
// exclusive, exactly as the real server.
func (s *streamsServer) sliceAll(o *api.ReadReq_Options_AllOptions, dir api.ReadReq_Options_ReadDirection) ([]*record, error) {
	all, _, _ := s.db.snapshot(0)
	p := o.GetPosition()
	if p != nil && p.PreparePosition > p.CommitPosition {
		return nil, errInvalidPosition
	}
	if dir == api.ReadReq_Options_Forwards {
		switch {
		case o.GetEnd() != nil:
			return nil, nil
		case p != nil:
			return all[sort.Search(len(all), func(i int) bool { return all[i].pos >= p.CommitPosition }):], nil
		}
		return all, nil
	}
	switch {
	case o.GetStart() != nil:
		return nil, nil
	case p != nil:
		return reversed(all[:sort.Search(len(all), func(i int) bool { return all[i].pos >= p.CommitPosition })]), nil
	}
	return reversed(all), nil
}

func reversed(recs []*record) []*record {
	out := make([]*record, len(recs))
	for i, r := range recs {
		out[len(recs)-1-i] = r
	}
	return out
}
