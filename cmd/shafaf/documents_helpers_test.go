package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"slices"
	"testing"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
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

// logged is one read of a file as the case's history lists it under downloads.
type logged struct {
	Type  string `json:"type"`
	Actor struct {
		ID string `json:"id"`
	} `json:"actor"`
	Data struct {
		DocumentID string `json:"document_id"`
	} `json:"data"`
}

// accessLog is who read the case's files, as c is shown it.
func accessLog(tb testing.TB, c client, caseID string) []logged {
	tb.Helper()
	var h struct {
		Downloads []logged `json:"downloads"`
	}
	r := c.get("/v1/cases/" + caseID + "/history")
	wantStatus(tb, r, http.StatusOK)
	r.json(tb, &h)
	return h.Downloads
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
