package main

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
)

// mustAppendNULCase stores a new case whose Submitted event is a real one with a NUL in a
// field, appended past the API's normaliser, as an old or foreign writer could have: PostgreSQL
// refuses the NUL in a text column, so the read models cannot apply it. It returns the case id.
func mustAppendNULCase(tb testing.TB, app *App, clerk client) uuid.UUID {
	tb.Helper()
	ctx := context.Background()
	var model commandResult
	r := clerk.post("/v1/cases", walkIn)
	wantStatus(tb, r, http.StatusCreated)
	r.json(tb, &model)
	evs, err := app.store.ReadStream(ctx, "case-"+model.CaseID, 0, 1)
	if err != nil {
		tb.Fatal(err)
	}
	var data map[string]any
	if err := json.Unmarshal(evs[0].Data, &data); err != nil {
		tb.Fatal(err)
	}
	poison := uuid.New()
	data["case_id"], data["district"] = poison.String(), "7\x00"
	raw, err := json.Marshal(data)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := app.store.Append(ctx, "case-"+poison.String(), eventstore.NoStream,
		eventstore.EventData{ID: uuid.New(), Type: evs[0].Type, Data: raw, Metadata: evs[0].Metadata}); err != nil {
		tb.Fatal(err)
	}
	return poison
}
