package main

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// Uploads racing for one case's quota (the testers sent 12 at once): each is counted after
// the one before, so those recorded fit the quota, the others are refused naming the rule, and
// every blob on disk is one an event references.
func TestRacingUploadsKeepToTheQuota(t *testing.T) {
	const racers, size, quota = 12, 20 << 10, 100 << 10
	app := mustOpenDocApp(t, documents.Limits{MaxBytes: testMaxBytes, QuotaBytes: quota})
	svc, _ := catalogue.Default().Service("permit.new")
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	caseID := mustSubmitPermit(t, applicant)

	answers := make([]response, racers)
	var wg sync.WaitGroup
	for i := range racers {
		file := scan(t, "pdf", size-9)
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = applicant.upload(caseID, svc.Documents[i%len(svc.Documents)], "scan.pdf", file)
		}()
	}
	wg.Wait()

	recorded := 0
	for _, r := range answers {
		switch {
		case r.status == http.StatusCreated:
			recorded++
		case r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), `"rule":"documents.quota_exceeded"`):
			t.Errorf("a racing upload answered %d %s, want 201 or 422 documents.quota_exceeded", r.status, r.body)
		}
	}
	if recorded != quota/size {
		t.Errorf("%d of %d racing uploads recorded, want the %d that fit the quota", recorded, racers, quota/size)
	}
	_, attached, _ := history(t, applicant, caseID)
	var referenced []string
	for _, a := range attached {
		referenced = append(referenced, a["storage_key"].(string))
	}
	if stored := storedKeys(t, app.blobs); !slices.Equal(stored, slices.Sorted(slices.Values(referenced))) {
		t.Errorf("blobs on disk %v, events reference %v", stored, referenced)
	}
	if staged, _ := os.ReadDir(filepath.Join(app.blobs, "tmp")); len(staged) != 0 {
		t.Errorf("%d staged files left behind", len(staged))
	}
}

// storedKeys are the content keys of the blobs under an fsblob directory, sorted.
func storedKeys(tb testing.TB, dir string) []string {
	tb.Helper()
	var keys []string
	err := filepath.WalkDir(filepath.Join(dir, "sha256"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			keys = append(keys, "sha256/"+d.Name())
		}
		if os.IsNotExist(err) {
			return nil
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(keys)
	return keys
}
