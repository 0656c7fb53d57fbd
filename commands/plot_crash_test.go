package commands_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres/pgstoretest"
)

// crashing stands for a process that dies between its two appends: once armed, appends to
// streams starting with prefix fail as if the store were gone.
type crashing struct {
	commands.Store
	prefix string
	armed  atomic.Bool
}

func (c *crashing) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	if c.armed.Load() && strings.HasPrefix(stream, c.prefix) {
		return eventstore.AppendResult{}, eventstore.ErrUnavailable
	}
	return c.Store.Append(ctx, stream, expected, events...)
}

var trusted = commands.Actor{ID: "supervisor-3", Role: "supervisor"}

// A crash between the plot's append and the case's leaves the plot held too long, never too
// short: the hold is written before the case that opens, released after the case that ends.
func TestACrashBetweenPlotAndCaseLeavesThePlotHeldTooLong(t *testing.T) {
	ctx := context.Background()
	store := pgstoretest.Open(t, pgtest.NewPool(t))
	plot := ident.Plot{Section: 3, Main: []int{72}, Sub: []int{5151}}
	report := commands.SubmitApplication{Service: "viol.art100", Channel: "inspection", District: "3", Plot: &plot,
		Applicant: cases.Applicant{Name: "Sara Ahmadi", NationalID: "3974017844"}}

	t.Run("a report whose case was not written leaves its hold", func(t *testing.T) {
		crash := &crashing{Store: store, prefix: cases.StreamPrefix}
		crash.armed.Store(true)
		h := casesOn(t, crash)
		if _, err := h.Submit(ctx, report, trusted); domain.CodeOf(err) != domain.CodeUnavailable {
			t.Fatalf("submit: %v, want the store unavailable", err)
		}
		holds := mustHolds(t, h, store, plot)
		if len(holds) != 1 {
			t.Fatalf("holds %v, want the reported case's", holds)
		}
		if s, _, err := h.Load(ctx, holds[0].CaseID); err != nil || s.Exists() {
			t.Fatalf("the holding case %+v (%v) exists", s, err)
		}
	})

	t.Run("a case whose release was lost keeps its hold until released by hand", func(t *testing.T) {
		crash := &crashing{Store: store, prefix: cases.PlotStreamPrefix}
		h := casesOn(t, crash)
		other := plot
		other.Sub = []int{5152}
		report := report
		report.Plot = &other
		res, err := h.Submit(ctx, report, trusted)
		if err != nil {
			t.Fatal(err)
		}
		crash.armed.Store(true)
		if _, err := h.Run(ctx, res.CaseID, cases.Cancel{Reason: "reported twice"}, trusted, nil); domain.CodeOf(err) != domain.CodeUnavailable {
			t.Fatalf("cancel: %v, want the release to fail", err)
		}
		if s, _, _ := h.Load(ctx, res.CaseID); s.Status != cases.StatusCancelled {
			t.Fatalf("case is %s, want cancelled", s.Status)
		}
		if holds := mustHolds(t, h, store, other); len(holds) != 1 {
			t.Fatalf("holds %v, want the cancelled case's still standing", holds)
		}
		crash.armed.Store(false)
		if _, err := h.ReleaseHold(ctx, res.CaseID, "left by a crash", trusted); err != nil {
			t.Fatal(err)
		}
		if holds := mustHolds(t, h, store, other); len(holds) != 0 {
			t.Fatalf("holds %v after the release", holds)
		}
	})
}

// casesOn runs the case commands on store as trusted code, without authorization.
func casesOn(t *testing.T, store commands.Store) *commands.Cases {
	t.Helper()
	h, err := commands.NewCases(store, catalogue.Default(), time.Now, uuid.New)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// mustHolds folds the plot's stream.
func mustHolds(t *testing.T, h *commands.Cases, store commands.Store, plot ident.Plot) cases.PlotHolds {
	t.Helper()
	recs, err := store.ReadStream(context.Background(), cases.PlotStreamName(plot), 0, 0)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var holds cases.PlotHolds
	for _, r := range recs {
		ev, err := h.Registry().Decode(r.Type, r.Data)
		if err != nil {
			t.Fatal(err)
		}
		holds = cases.EvolveHolds(holds, ev)
	}
	return holds
}
