package documents_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/fsblob"
)

func TestVerifyReportsEveryFileThatNoLongerMatches(t *testing.T) {
	blobs := fsblob.New(filepath.Join(t.TempDir(), "documents"))
	w := mustWorld(t, documents.Limits{}, blobs)
	ctx := context.Background()
	kept, err := w.upload(ctx, applicant, "deed", pdf)
	if err != nil {
		t.Fatal(err)
	}
	altered, err := w.upload(ctx, applicant, "national_id_card", []byte("\xff\xd8\xff an ID card"))
	if err != nil {
		t.Fatal(err)
	}
	lost, err := w.upload(ctx, applicant, "location_map_2000", []byte("\x89PNG\r\n\x1a\n a map"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.upload(ctx, clerk, "application_form", pdf); err != nil { // shares the deed's blob
		t.Fatal(err)
	}
	rep, err := documents.Verify(ctx, w.store, blobs)
	if err != nil || rep.Checked != 4 || len(rep.Findings) != 0 {
		t.Fatalf("verify of untouched files = %+v, %v", rep, err)
	}

	path, _ := blobs.Path(altered.StorageKey)
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("\xff\xd8\xff a forged ID card"), 0o640); err != nil {
		t.Fatal(err)
	}
	path, _ = blobs.Path(lost.StorageKey)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	rep, err = documents.Verify(ctx, w.store, blobs)
	if err != nil || rep.Checked != 4 || len(rep.Findings) != 2 {
		t.Fatalf("verify = %+v, %v; want two findings", rep, err)
	}
	got := map[string]string{}
	for _, f := range rep.Findings {
		got[f.Document.DocumentID.String()] = f.Problem
		if f.CaseID != w.caseID {
			t.Fatalf("finding names case %s, want %s", f.CaseID, w.caseID)
		}
	}
	if got[altered.DocumentID.String()] != "altered" || got[lost.DocumentID.String()] != "missing" || got[kept.DocumentID.String()] != "" {
		t.Fatalf("findings %v", got)
	}
}
