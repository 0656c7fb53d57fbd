package readmodels_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
)

// appendRareEvents adds to some of hist's cases, already in store, what the demo city never
// does: deadline extensions, cancellations, closings and reopenings, so that the read models'
// folds of them are compared too.
func appendRareEvents(tb testing.TB, store eventstore.Store, hist *demo.History) {
	tb.Helper()
	ctx := context.Background()
	at := end.Add(time.Hour)
	sequences := [][]domain.Event{
		{&cases.DeadlineExtended{Days: 5, Reason: "site access", DueAt: at.Add(10 * 24 * time.Hour), At: at},
			&cases.Cancelled{Reason: "duplicate", At: at.Add(time.Hour)},
			&cases.Reopened{Reason: "not a duplicate", Status: cases.StatusInReview, At: at.Add(2 * time.Hour)}},
		{&cases.Closed{Reason: "archived", At: at},
			&cases.Reopened{Reason: "appeal", Status: cases.StatusRejected, At: at.Add(time.Hour)}},
		{&cases.Reopened{Reason: "clerical error", Status: cases.StatusIssued, At: at},
			&cases.DeadlineExtended{Days: 2, Reason: "holiday", DueAt: at.Add(5 * 24 * time.Hour), At: at.Add(time.Hour)}},
	}
	n := 0
	for _, stream := range hist.Streams() {
		if !strings.HasPrefix(stream, cases.StreamPrefix) || n == 45 {
			continue
		}
		seq := sequences[n%len(sequences)]
		n++
		data := make([]eventstore.EventData, len(seq))
		for i, ev := range seq {
			body, err := json.Marshal(ev)
			if err != nil {
				tb.Fatal(err)
			}
			data[i] = eventstore.EventData{ID: uuid.New(), Type: ev.EventType(), Data: body,
				Metadata: eventstore.Metadata{ActorID: "clerk-7", ActorRole: "clerk", RequestID: "rare", CorrelationID: "rare"}}
		}
		revs := hist.Stream(stream)
		if _, err := store.Append(ctx, stream, eventstore.Exact(revs[len(revs)-1].Revision), data...); err != nil {
			tb.Fatal(err)
		}
	}
}
