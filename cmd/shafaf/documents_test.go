package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/fsblob"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// An applicant uploads every document a building permit requires, a clerk downloads them, the
// history holds each hash, and `documents verify` catches a file altered on disk.
func TestBuildingPermitDocumentsEndToEnd(t *testing.T) {
	app := mustOpenDocApp(t)
	svc, _ := catalogue.Default().Service("permit.new")
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	caseID := mustSubmitPermit(t, applicant)

	formats := []string{"pdf", "jpeg", "png", "tiff"}
	sent := map[string][]byte{} // by document id
	var ids []string
	for i, doc := range svc.Documents {
		content := scan(t, formats[i%len(formats)], 40<<10)
		r := applicant.upload(caseID, doc, "سند_"+doc+".pdf", content)
		wantStatus(t, r, http.StatusCreated)
		var up uploaded
		r.json(t, &up)
		if up.SHA256 != sha(content) || r.header.Get("Location") != "/v1/cases/"+caseID+"/documents/"+up.DocumentID {
			t.Fatalf("upload of %s answered %s", doc, r.body)
		}
		sent[up.DocumentID] = content
		ids = append(ids, up.DocumentID)
	}

	// A replacement asked for at intake pauses the clock; uploading it resumes the clock.
	wantStatus(t, clerk.post("/v1/cases/"+caseID+"/request-documents",
		map[string]any{"requests": []map[string]any{{"document": "deed", "kind": "replacement"}}}), http.StatusOK)
	r := applicant.upload(caseID, "deed", "deed-v2.pdf", scan(t, "pdf", 1000))
	wantStatus(t, r, http.StatusCreated)
	var replaced uploaded
	r.json(t, &replaced)
	if !slices.Equal(replaced.Events, []string{"case.DocumentAttached.v1", "case.DocumentsProvided.v1"}) {
		t.Fatalf("replacing the requested deed wrote %v, want the attachment and the answer", replaced.Events)
	}

	for _, id := range ids {
		r := clerk.get("/v1/cases/" + caseID + "/documents/" + id)
		wantStatus(t, r, http.StatusOK)
		if !bytes.Equal(r.body, sent[id]) || r.header.Get("ETag") != `"`+sha(sent[id])+`"` {
			t.Fatalf("download of %s: %d bytes, ETag %s", id, len(r.body), r.header.Get("ETag"))
		}
		if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''%D8%B3%D9%86%D8%AF_") {
			t.Fatalf("Content-Disposition %q lacks the Persian name", cd)
		}
	}
	notModified := clerk.do(http.MethodGet, "/v1/cases/"+caseID+"/documents/"+ids[0], "", nil, "If-None-Match", `"`+sha(sent[ids[0]])+`"`)
	wantStatus(t, notModified, http.StatusNotModified)
	wantStatus(t, applicant.get("/v1/cases/"+caseID+"/documents/"+ids[0]), http.StatusOK)

	types, attached, _ := history(t, clerk, caseID)
	for i, a := range attached[:len(ids)] {
		if a["sha256"] != sha(sent[ids[i]]) || a["document_id"] != ids[i] || a["storage_key"] != "sha256/"+sha(sent[ids[i]]) {
			t.Fatalf("history records %v for document %s", a, ids[i])
		}
	}
	if slices.Contains(types, "case.DocumentDownloaded.v1") {
		t.Fatalf("the case's own history holds downloads: %v", types)
	}
	// Reading is not writing: an auditor finds the reads in the case's access log.
	auditor := client{tb: t, base: app.URL(), actor: "auditor:audit-1"}
	var downloads []string
	for _, d := range accessLog(t, auditor, caseID) {
		if d.Type == "case.DocumentDownloaded.v1" {
			downloads = append(downloads, d.Actor.ID+" read "+d.Data.DocumentID)
		}
	}
	want := make([]string, len(ids))
	for i, id := range ids {
		want[i] = "clerk-7 read " + id
	}
	if !slices.Equal(downloads, want) {
		t.Fatalf("downloads recorded for %v, want the clerk's %v and not the applicant's or the 304", downloads, want)
	}

	var out bytes.Buffer
	if err := run(context.Background(), []string{"documents", "verify", "--database-url", app.dsn, "--blobs", app.blobs}, &out, &out); err != nil {
		t.Fatalf("verify of untouched files: %v\n%s", err, out.String())
	}
	path, _ := fsblob.New(app.blobs).Path("sha256/" + sha(sent[ids[2]]))
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("%PDF-1.7 forged"), 0o640); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err := run(context.Background(), []string{"documents", "verify", "--database-url", app.dsn, "--blobs", app.blobs}, &out, &out)
	if !errors.Is(err, errMismatch) || !strings.Contains(out.String(), ids[2]+" ("+svc.Documents[2]+")") || strings.Count(out.String(), "altered") != 1 {
		t.Fatalf("verify after altering %s: %v\n%s", ids[2], err, out.String())
	}
}

func TestRefusedUploadsStoreAndAppendNothing(t *testing.T) {
	app := mustOpenDocApp(t)
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	caseID := mustSubmitPermit(t, applicant)
	ct, good := form(t, "deed", "deed.pdf", scan(t, "pdf", 100))
	upload := func(docType string, content []byte) [2]string {
		ct, body := form(t, docType, "x.pdf", content)
		return [2]string{ct, string(body)}
	}
	tests := []struct {
		name   string
		who    client
		req    [2]string // content type and body
		status int
		code   string
	}{
		{"a text file named .pdf", applicant, upload("deed", scan(t, "text", 10)), http.StatusUnsupportedMediaType, "unsupported_media_type"},
		{"a file over the limit", applicant, upload("deed", scan(t, "pdf", testMaxBytes)), http.StatusRequestEntityTooLarge, "payload_too_large"},
		{"an empty file", applicant, upload("deed", []byte{}), http.StatusBadRequest, "invalid"},
		{"a body cut short", applicant, [2]string{ct, string(good[:len(good)-60])}, http.StatusBadRequest, "invalid"},
		{"a JSON body", applicant, [2]string{"application/json", `{"type":"deed"}`}, http.StatusUnsupportedMediaType, "unsupported_media_type"},
		{"a type the permit does not require", applicant, upload("partition_map", scan(t, "pdf", 10)), http.StatusUnprocessableEntity, "documents.not_in_service"},
		{"another applicant's case", client{tb: t, base: app.URL(), actor: "applicant:0012345679"}, [2]string{ct, string(good)}, http.StatusNotFound, "not_found"},
		{"no token", client{tb: t, base: app.URL()}, [2]string{ct, string(good)}, http.StatusUnauthorized, "token_missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.who.do(http.MethodPost, "/v1/cases/"+caseID+"/documents", tt.req[0], []byte(tt.req[1]))
			wantProblem(t, r, tt.status, tt.code)
		})
	}
	types, _, _ := history(t, applicant, caseID)
	if len(types) != 1 {
		t.Fatalf("refused uploads appended %v", types)
	}
	entries, _ := os.ReadDir(filepath.Join(app.blobs, "sha256"))
	staged, _ := os.ReadDir(filepath.Join(app.blobs, "tmp"))
	if len(entries) != 0 || len(staged) != 0 {
		t.Fatalf("refused uploads left %d blob directories and %d staged files", len(entries), len(staged))
	}
}

// BenchmarkUpload10MiB sets the API's upload throughput beside the ceiling of writing the same
// bytes straight to the same blob store, in one run; each file differs, so nothing dedups.
func BenchmarkUpload10MiB(b *testing.B) {
	const size = 10 << 20
	app := mustOpenDocApp(b, documents.Limits{MaxBytes: 20 << 20, QuotaBytes: 1 << 40})
	applicant := client{tb: b, base: app.URL(), actor: "applicant:3974017844"}
	caseID := mustSubmitPermit(b, applicant)
	content := scan(b, "pdf", size-9)
	n := uint64(0)
	next := func() []byte { // a file no earlier iteration wrote
		n++
		binary.LittleEndian.PutUint64(content[16:], n)
		return content
	}
	mibps := func(b *testing.B) {
		b.ReportMetric(float64(b.N)*size/(1<<20)/b.Elapsed().Seconds(), "MiB/s")
	}
	b.Run("api", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			wantStatus(b, applicant.upload(caseID, "engineering_drawings", "drawings.pdf", next()), http.StatusCreated)
		}
		mibps(b)
	})
	b.Run("direct", func(b *testing.B) {
		blobs := fsblob.New(app.blobs)
		ctx := context.Background()
		b.SetBytes(size)
		for b.Loop() {
			st, err := blobs.Stage(ctx, bytes.NewReader(next()))
			if err == nil {
				err = st.Commit(ctx)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		mibps(b)
	})
}

func TestDocumentsConfigFromEnv(t *testing.T) {
	tests := []struct {
		name      string
		cfg       documentsConfig
		env       map[string]string
		want      documentsConfig
		wantUsage bool
	}{
		{"defaults to files beside the dev cluster", documentsConfig{}, nil, documentsConfig{Blobs: ".shafaf/documents", DataDir: defaultDataDir}, false},
		{"keeps files under the data directory the caller set", documentsConfig{DataDir: "/var/lib/shafaf"},
			map[string]string{"SHAFAF_DATA_DIR": "/elsewhere"}, documentsConfig{Blobs: "/var/lib/shafaf/documents", DataDir: "/var/lib/shafaf"}, false},
		{"keeps files under SHAFAF_DATA_DIR", documentsConfig{}, map[string]string{"SHAFAF_DATA_DIR": "/srv/shafaf"},
			documentsConfig{Blobs: "/srv/shafaf/documents", DataDir: "/srv/shafaf"}, false},
		{"reads the environment", documentsConfig{}, map[string]string{"SHAFAF_BLOBS": "s3://k:s@minio:9000/docs",
			"SHAFAF_DOCUMENT_MAX_BYTES": "1000", "SHAFAF_DOCUMENT_QUOTA_BYTES": "5000"},
			documentsConfig{Blobs: "s3://k:s@minio:9000/docs", DataDir: defaultDataDir, Limits: documents.Limits{MaxBytes: 1000, QuotaBytes: 5000}}, false},
		{"keeps what the caller set", documentsConfig{Blobs: "/srv/docs", Limits: documents.Limits{MaxBytes: 7}},
			map[string]string{"SHAFAF_BLOBS": "/elsewhere", "SHAFAF_DOCUMENT_MAX_BYTES": "1000"},
			documentsConfig{Blobs: "/srv/docs", DataDir: defaultDataDir, Limits: documents.Limits{MaxBytes: 7}}, false},
		{"refuses a limit that is not a positive number", documentsConfig{}, map[string]string{"SHAFAF_DOCUMENT_MAX_BYTES": "20MiB"}, documentsConfig{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, key := range []string{"SHAFAF_BLOBS", "SHAFAF_DATA_DIR", "SHAFAF_DOCUMENT_MAX_BYTES", "SHAFAF_DOCUMENT_QUOTA_BYTES"} {
				t.Setenv(key, tt.env[key])
			}
			got, err := tt.cfg.fromEnv()
			var usage usageError
			if tt.wantUsage != errors.As(err, &usage) || (!tt.wantUsage && got != tt.want) {
				t.Fatalf("fromEnv = %+v, %v; want %+v (usage error: %v)", got, err, tt.want, tt.wantUsage)
			}
		})
	}
}

// TestADownloadLeavesTheCaseRevisionAlone: wave 1 appended each read to the case's stream, so
// a clerk who opened a file before acting found their own If-Match stale.
func TestADownloadLeavesTheCaseRevisionAlone(t *testing.T) {
	app := mustOpenDocApp(t)
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
	caseID := mustSubmitPermit(t, applicant)
	r := applicant.upload(caseID, "deed", "deed.pdf", scan(t, "pdf", 1000))
	wantStatus(t, r, http.StatusCreated)
	var up uploaded
	r.json(t, &up)
	tag := r.header.Get("ETag")

	wantStatus(t, clerk.get("/v1/cases/"+caseID+"/documents/"+up.DocumentID), http.StatusOK)
	wantStatus(t, clerk.get("/v1/cases/"+caseID+"/documents/"+up.DocumentID), http.StatusOK)
	if types, _, _ := history(t, clerk, caseID); len(types) != int(up.Revision)+1 {
		t.Fatalf("after two downloads the case holds %d events %v, want %d", len(types), types, up.Revision+1)
	}
	note := clerk.post("/v1/cases/"+caseID+"/notes", map[string]any{"text": "deed checked", "visibility": "internal"}, "If-Match", tag)
	wantStatus(t, note, http.StatusOK)
	var res commandResult
	note.json(t, &res)
	if res.Revision != up.Revision+1 {
		t.Fatalf("the note after the downloads is revision %d, want %d", res.Revision, up.Revision+1)
	}
	if got := len(accessLog(t, clerk, caseID)); got != 2 {
		t.Fatalf("the access log holds %d reads, want 2", got)
	}
}
