package commands_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/tracking"
	"github.com/shafaf-city/shafaf/eventstore"
)

// trackingNumber is the number the case's Submitted event carries.
func trackingNumber(tb testing.TB, h *commands.Cases, id uuid.UUID) string {
	tb.Helper()
	var s struct {
		TrackingNumber string `json:"tracking_number"`
	}
	if err := json.Unmarshal(mustHistory(tb, h, id)[0].Data, &s); err != nil {
		tb.Fatal(err)
	}
	return s.TrackingNumber
}

// crashingStore fails the first append to a case stream, as a process that dies after taking
// a number and before storing the case.
type crashingStore struct {
	eventstore.Store
	once sync.Once
}

func (s *crashingStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	crash := false
	if strings.HasPrefix(stream, "case-") {
		s.once.Do(func() { crash = true })
	}
	if crash {
		return eventstore.AppendResult{}, errors.New("crashed")
	}
	return s.Store.Append(ctx, stream, expected, events...)
}

func TestTrackingNumbers(t *testing.T) {
	t.Run("parallel submissions through several processes get distinct, valid numbers", func(t *testing.T) {
		_, store := mustCases(t)
		const processes, each = 4, 15
		var mu sync.Mutex
		seen := map[string]bool{}
		var wg sync.WaitGroup
		for range processes {
			h, err := commands.NewCases(store, catalogue.Default(), time.Now, uuid.New)
			if err != nil {
				t.Fatal(err)
			}
			for range each {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res, err := h.Submit(context.Background(), walkIn, clerk)
					if err != nil {
						t.Error(err)
						return
					}
					n := trackingNumber(t, h, res.CaseID)
					if _, err := tracking.Parse("number", n); err != nil {
						t.Errorf("%q: %v", n, err)
					}
					mu.Lock()
					defer mu.Unlock()
					if seen[n] {
						t.Errorf("number %s given twice", n)
					}
					seen[n] = true
				}()
			}
		}
		wg.Wait()
		if len(seen) != processes*each {
			t.Fatalf("%d numbers for %d cases", len(seen), processes*each)
		}
	})
	t.Run("a rerun after a crash between number and case gets the same number", func(t *testing.T) {
		_, store := mustCases(t)
		crashing, err := commands.NewCases(&crashingStore{Store: store}, catalogue.Default(), time.Now, uuid.New)
		if err != nil {
			t.Fatal(err)
		}
		seed := commands.WithRetrySeed(context.Background(), []byte("clerk-7 submit-crash"))
		if _, err := crashing.Submit(seed, walkIn, clerk); err == nil {
			t.Fatal("the crashing store stored the case")
		}
		other, err := commands.NewCases(store, catalogue.Default(), time.Now, uuid.New)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.Submit(context.Background(), walkIn, clerk); err != nil {
			t.Fatal(err)
		}
		restarted, err := commands.NewCases(store, catalogue.Default(), time.Now, uuid.New)
		if err != nil {
			t.Fatal(err)
		}
		res, err := restarted.Submit(seed, walkIn, clerk)
		if err != nil {
			t.Fatal(err)
		}
		n, err := tracking.Parse("number", trackingNumber(t, restarted, res.CaseID))
		if err != nil || n.Seq != 1 {
			t.Fatalf("rerun got %v, %v; want the first number of the series", n, err)
		}
	})
}
