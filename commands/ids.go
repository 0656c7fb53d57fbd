package commands

import (
	"context"
	"strconv"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
)

// retryNamespace names the ids derived from a retry seed, apart from every other name-based
// UUID.
var retryNamespace = uuid.MustParse("5d3c8a4e-9a61-4f0e-8f6b-1d2a7c0e5b91")

type retrySeedKey struct{}

// WithRetrySeed marks ctx as one attempt of a request that may run again after a crash (the
// same caller, Idempotency-Key and body): the new case and every event get ids derived from
// seed instead of fresh random ones, so a rerun writes the very same events. The store then
// recognises an append it already holds, and a command finds its own events in the case's
// history and answers what the first attempt did instead of deciding again.
func WithRetrySeed(ctx context.Context, seed []byte) context.Context {
	return context.WithValue(ctx, retrySeedKey{}, seed)
}

// ids is where one command gets the ids of what it writes.
type ids struct {
	seed   []byte // nil: a command that is never retried, random ids
	random func() uuid.UUID
}

func (h *Cases) ids(ctx context.Context) ids { return idsOf(ctx, h.newID) }

func idsOf(ctx context.Context, random func() uuid.UUID) ids {
	seed, _ := ctx.Value(retrySeedKey{}).([]byte)
	return ids{seed: seed, random: random}
}

// NewID is the id of something new a command names besides its case and events (an uploaded
// document): under WithRetrySeed the same in every attempt, so a rerun answers the first
// attempt's id; otherwise random's.
func NewID(ctx context.Context, name string, random func() uuid.UUID) uuid.UUID {
	return idsOf(ctx, random).derive(name)
}

func (s ids) derive(name string) uuid.UUID {
	if s.seed == nil {
		return s.random()
	}
	return uuid.NewSHA1(retryNamespace, append(append([]byte(nil), s.seed...), name...))
}

// caseID is the id of a case the command opens.
func (s ids) caseID() uuid.UUID { return s.derive("case") }

// event is the id of the i-th event the command appends to stream; the stream is part of the
// name so a command writing to two streams never reuses an id.
func (s ids) event(stream string, i int) uuid.UUID {
	return s.derive("event/" + stream + "/" + strconv.Itoa(i))
}

// at is s for one append at revision rev of a stream a command may write more than once, or
// again on a rerun after the stream moved (a plot's: a marker, a hold, a release): each append
// gets ids of its own, so no two events of the plot share one.
func (s ids) at(rev int64) ids {
	if s.seed == nil {
		return s
	}
	return ids{seed: append(append([]byte(nil), s.seed...), "@"+strconv.FormatInt(rev, 10)...), random: s.random}
}

// written finds the events a previous attempt of this command appended to stream, whose
// history is recs: the original result, and false when there are none (or ids are random).
func (s ids) written(recs []eventstore.RecordedEvent, id uuid.UUID, stream string) (Result, bool) {
	if s.seed == nil {
		return Result{}, false
	}
	first := s.event(stream, 0)
	for i, r := range recs {
		if r.ID != first {
			continue
		}
		res := Result{CaseID: id}
		for k := 0; i+k < len(recs) && recs[i+k].ID == s.event(stream, k); k++ {
			last := recs[i+k]
			res.Revision, res.Position = last.Revision, last.Position
			res.Events = append(res.Events, last.Type)
		}
		return res, true
	}
	return Result{}, false
}
