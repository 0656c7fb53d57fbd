package documents_test

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/blobtest"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/eventstore"
)

// interleaving is the event store with another writer who appends to the case once, just
// before the first append through it, so that append comes on a revision already passed.
type interleaving struct {
	eventstore.Store
	once   sync.Once
	before func()
}

func (s *interleaving) Append(ctx context.Context, stream string, expected eventstore.ExpectedRevision, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	s.once.Do(s.before)
	return s.Store.Append(ctx, stream, expected, events...)
}

// A clerk's note landing between an upload's read and its append costs the upload a second
// decision, not a 409 and a stored file no event references.
func TestAnUploadOutracedByAnotherWriterDecidesAgain(t *testing.T) {
	ctx := context.Background()
	mem := blobtest.NewMemory()
	w := mustWorld(t, documents.Limits{}, mem)
	store := &interleaving{Store: w.store, before: func() {
		note := cases.AddNote{Text: "checked the deed", Visibility: "internal"}
		if _, err := w.cases.Run(ctx, w.caseID, note, clerk, nil); err != nil {
			t.Error(err)
		}
	}}
	outraced, err := commands.NewCases(store, catalogue.Default(), time.Now, uuid.New, commands.WithAuthorization())
	if err != nil {
		t.Fatal(err)
	}
	svc, err := documents.New(outraced, mem, documents.Limits{}, uuid.New)
	if err != nil {
		t.Fatal(err)
	}
	up, err := svc.Receive(ctx, bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Attach(ctx, w.caseID, up, "deed", "deed.pdf", applicant); err != nil {
		t.Fatalf("attach after another writer's append: %v", err)
	}
	recs, _ := w.cases.History(ctx, w.caseID)
	var types []string
	for _, r := range recs {
		types = append(types, r.Type)
	}
	if want := []string{cases.TypeSubmitted, cases.TypeNoteAdded, cases.TypeDocumentAttached}; !slices.Equal(types, want) {
		t.Fatalf("history %v, want %v", types, want)
	}
	if committed, staged := mem.Count(t); committed != 1 || staged != 0 {
		t.Fatalf("store holds %d committed and %d staged files", committed, staged)
	}
}
