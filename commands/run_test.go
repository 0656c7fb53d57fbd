package commands_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// TestRunDatesTheCommand checks that the pipeline, not the caller, says when a command happened:
// the event's OccurredAt is the service clock's now.
func TestRunDatesTheCommand(t *testing.T) {
	_, store := mustCases(t)
	now := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	h, err := commands.NewCases(store, catalogue.Default(), func() time.Time { return now }, uuid.New)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	opened, err := h.Submit(ctx, walkIn, clerk)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	if _, err := h.Run(ctx, opened.CaseID, note, clerk, nil); err != nil {
		t.Fatal(err)
	}
	recs := mustHistory(t, h, opened.CaseID)
	ev, err := h.Registry().Decode(recs[len(recs)-1].Type, recs[len(recs)-1].Data)
	if err != nil {
		t.Fatal(err)
	}
	if !ev.OccurredAt().Equal(now) {
		t.Fatalf("%s happened at %s, want %s", ev.EventType(), ev.OccurredAt(), now)
	}
}
