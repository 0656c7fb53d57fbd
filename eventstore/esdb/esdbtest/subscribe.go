package esdbtest

import (
	"github.com/google/uuid"

	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// subscription is one catch-up-then-live feed over the log.
type subscription struct {
	out        api.Streams_ReadServer
	structured bool
	next       int                // index in $all of the next record to consider
	wants      func(*record) bool // records of the subscribed stream past the start, or all of $all
	filter     filter
	stream     string // "" for $all
	considered int
	last       uint64 // position of the last considered record, for checkpoints
}

// subscribe sends the confirmation, the catch-up events, a checkpoint (filtered $all only)
// and caught_up, then live events, until the client leaves or the test drops it.
func (s *streamsServer) subscribe(o *api.ReadReq_Options, out api.Streams_ReadServer) error {
	f, err := compileFilter(o.GetFilter())
	if err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	if err := s.sec.authorize(out.Context(), s.db, readTarget(o), aclRead); err != nil {
		return err
	}
	sub := &subscription{out: out, structured: structuredIDs(o), filter: f}
	if st := o.GetStream(); st != nil {
		sub.stream = string(st.GetStreamIdentifier().GetStreamName())
		if s.db.tombstoned(sub.stream) {
			return streamTrailers(out).deleted(sub.stream)
		}
		sub.startStream(s.db, st)
	} else {
		sub.startAll(s.db, o.GetAll())
	}
	confirm := &api.ReadResp_SubscriptionConfirmation{SubscriptionId: uuid.NewString()}
	if err := out.Send(&api.ReadResp{Content: &api.ReadResp_Confirmation{Confirmation: confirm}}); err != nil {
		return err
	}
	caughtUp := false
	for {
		recs, changed, dropped := s.db.snapshot(sub.next)
		for _, r := range recs {
			if err := sub.consider(r); err != nil {
				return err
			}
		}
		if !caughtUp {
			if err := sub.catchUp(); err != nil {
				return err
			}
			caughtUp = true
		}
		select {
		case <-changed:
		case <-dropped:
			return status.Error(codes.Unavailable, "subscription dropped by the test server")
		case <-out.Context().Done():
			return out.Context().Err()
		}
	}
}

// startStream places the subscription: Start is inclusive, a revision exclusive, End live only.
func (sub *subscription) startStream(d *db, o *api.ReadReq_Options_StreamOptions) {
	name := sub.stream
	sub.wants = func(r *record) bool { return r.stream == name }
	switch v := o.GetRevisionOption().(type) {
	case *api.ReadReq_Options_StreamOptions_End:
		sub.next = d.end()
	case *api.ReadReq_Options_StreamOptions_Revision:
		sub.wants = func(r *record) bool { return r.stream == name && r.revision > v.Revision }
	}
}

// startAll places a $all subscription; a position is exclusive.
func (sub *subscription) startAll(d *db, o *api.ReadReq_Options_AllOptions) {
	sub.wants = func(*record) bool { return true }
	switch {
	case o.GetEnd() != nil:
		sub.next = d.end()
		if recs, _, _ := d.snapshot(0); sub.next > 0 {
			sub.last = recs[sub.next-1].pos
		}
	case o.GetPosition() != nil:
		sub.last = o.GetPosition().CommitPosition
		sub.next = d.firstAfter(sub.last)
	}
}

// consider handles one record of the log: a checkpoint every interval considered events,
// matched or not, so that sparse filters still move a consumer's position.
func (sub *subscription) consider(r *record) error {
	sub.next++
	if !sub.wants(r) {
		return nil
	}
	if sub.stream != "" && r.revision == tombstoneRevision {
		return streamTrailers(sub.out).deleted(sub.stream)
	}
	sub.considered++
	sub.last = r.pos
	if sub.filter.match(r) {
		if err := sub.out.Send(eventResp(r, sub.structured)); err != nil {
			return err
		}
	}
	if sub.filter.interval > 0 && sub.considered%sub.filter.interval == 0 {
		return sub.checkpoint()
	}
	return nil
}

// catchUp marks the end of the catch-up phase; filtered subscriptions always get a checkpoint
// right before it.
func (sub *subscription) catchUp() error {
	if sub.filter.interval > 0 {
		if err := sub.checkpoint(); err != nil {
			return err
		}
	}
	return sub.out.Send(&api.ReadResp{Content: &api.ReadResp_CaughtUp_{CaughtUp: &api.ReadResp_CaughtUp{}}})
}

func (sub *subscription) checkpoint() error {
	cp := &api.ReadResp_Checkpoint{CommitPosition: sub.last, PreparePosition: sub.last}
	return sub.out.Send(&api.ReadResp{Content: &api.ReadResp_Checkpoint_{Checkpoint: cp}})
}
