package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/fsblob"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// docApp is a test App whose files live in its own directory, by default with a small size
// limit so oversized uploads stay cheap.
type docApp struct {
	*App
	dsn, blobs string
}

const testMaxBytes = 256 << 10

func mustOpenDocApp(tb testing.TB, limits ...documents.Limits) docApp {
	tb.Helper()
	d := docApp{dsn: pgtest.NewDatabase(tb), blobs: filepath.Join(tb.TempDir(), "documents")}
	cfg := testAppConfig(d.dsn)
	cfg.Documents = documentsConfig{Blobs: d.blobs, Limits: documents.Limits{MaxBytes: testMaxBytes}}
	if len(limits) > 0 {
		cfg.Documents.Limits = limits[0]
	}
	app, err := openApp(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("open app: %v", err)
	}
	tb.Cleanup(app.Close)
	d.App = app
	return d
}

// scan is a file of the given format: its magic bytes, then n random bytes.
func scan(tb testing.TB, format string, n int) []byte {
	tb.Helper()
	magic := map[string][]byte{"pdf": []byte("%PDF-1.7\n"), "jpeg": {0xFF, 0xD8, 0xFF, 0xE0}, "png": {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
		"tiff": {'I', 'I', 0x2A, 0x00}, "text": []byte("hello, I am not a scan")}[format]
	body := make([]byte, n)
	_, _ = rand.Read(body)
	return append(slices.Clone(magic), body...)
}

// form encodes a multipart upload; parts alternate field name and value, "file" takes name|bytes.
func form(tb testing.TB, docType, fileName string, content []byte) (string, []byte) {
	tb.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if docType != "" {
		_ = w.WriteField("type", docType)
	}
	if content != nil {
		fw, err := w.CreateFormFile("file", fileName)
		if err != nil {
			tb.Fatal(err)
		}
		_, _ = fw.Write(content)
	}
	_ = w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

type uploaded struct {
	commandResult
	DocumentID string `json:"document_id"`
	SHA256     string `json:"sha256"`
	MediaType  string `json:"media_type"`
}

func (c client) upload(caseID, docType, fileName string, content []byte) response {
	c.tb.Helper()
	ct, body := form(c.tb, docType, fileName, content)
	return c.do(http.MethodPost, "/v1/cases/"+caseID+"/documents", ct, body)
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// history returns the event types of a case and the data of each DocumentAttached.
func history(tb testing.TB, c client, caseID string) (types []string, attached []map[string]any, actors []string) {
	tb.Helper()
	var h struct {
		Events []struct {
			Type  string         `json:"type"`
			Data  map[string]any `json:"data"`
			Actor struct {
				ID string `json:"id"`
			} `json:"actor"`
		} `json:"events"`
	}
	r := c.get("/v1/cases/" + caseID + "/history")
	wantStatus(tb, r, http.StatusOK)
	r.json(tb, &h)
	for _, e := range h.Events {
		types = append(types, e.Type)
		actors = append(actors, e.Actor.ID)
		if e.Type == "case.DocumentAttached.v1" {
			attached = append(attached, e.Data)
		}
	}
	return types, attached, actors
}

// mustSubmitPermit opens a building permit case in district 3 as the applicant.
func mustSubmitPermit(tb testing.TB, applicant client) string {
	tb.Helper()
	r := applicant.post("/v1/cases", map[string]any{
		"service": "permit.new", "channel": "online", "district": "3",
		"plot":      map[string]any{"section": 3, "main": []int{72}, "sub": []int{1617}},
		"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844"},
	})
	wantStatus(tb, r, http.StatusCreated)
	var res commandResult
	r.json(tb, &res)
	return res.CaseID
}

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

	types, attached, actors := history(t, clerk, caseID)
	for i, a := range attached[:len(ids)] {
		if a["sha256"] != sha(sent[ids[i]]) || a["document_id"] != ids[i] || a["storage_key"] != "sha256/"+sha(sent[ids[i]]) {
			t.Fatalf("history records %v for document %s", a, ids[i])
		}
	}
	var downloads []string
	for i, typ := range types {
		if typ == "case.DocumentDownloaded.v1" {
			downloads = append(downloads, actors[i])
		}
	}
	if len(downloads) != len(ids) || slices.ContainsFunc(downloads, func(a string) bool { return a != "clerk-7" }) {
		t.Fatalf("downloads recorded for %v, want the clerk's %d and not the applicant's or the 304", downloads, len(ids))
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

// upload is a request body sent as a multipart upload of a small PDF of one document type.
type upload struct{ document string }

// send posts body as JSON, or as a multipart upload when it is an upload.
func (c client) send(path string, body any) response {
	c.tb.Helper()
	if u, ok := body.(upload); ok {
		ct, b := form(c.tb, u.document, "matrix.pdf", scan(c.tb, "pdf", 100))
		return c.do(http.MethodPost, path, ct, b)
	}
	return c.post(path, body)
}

// mustUpload attaches a small PDF of type document to the case and returns its id.
func mustUpload(tb testing.TB, c client, caseID, document string) string {
	tb.Helper()
	r := c.upload(caseID, document, "deed.pdf", scan(tb, "pdf", 100))
	wantStatus(tb, r, http.StatusCreated)
	var up uploaded
	r.json(tb, &up)
	return up.DocumentID
}
