package httpapi

import (
	"bytes"
	"context"
	"errors"
	"mime/multipart"
	"testing"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/blobtest"
	"github.com/shafaf-city/shafaf/domain"
)

// noCases stands in for the case commands where only receiving is exercised.
type noCases struct{ documents.Cases }

// uploadSeeds are multipart bodies (boundary "B") worth mutating: a good one, one cut short,
// one without a type, an empty file, a text file, a file twice.
var uploadSeeds = []string{
	"--B\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ndeed\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"سند.pdf\"\r\n\r\n%PDF-1.7 body\r\n--B--\r\n",
	"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n\x1a\nxx",
	"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.tif\"\r\n\r\nII*\x00body\r\n--B--\r\n",
	"--B\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\ndeed\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e\"\r\n\r\n\r\n--B--\r\n",
	"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"\r\n\r\nnot a pdf\r\n--B--\r\n",
	"--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\xff\xd8\xff1\r\n--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\xff\xd8\xff2\r\n--B--\r\n",
}

// FuzzParseUpload: whatever body arrives, parsing either yields one received file or refuses
// with an error the edge maps to 400, 413 or 415, and a refusal leaves nothing staged.
func FuzzParseUpload(f *testing.F) {
	for _, s := range uploadSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		blobs := blobtest.NewMemory()
		svc, err := documents.New(noCases{}, blobs, documents.Limits{MaxBytes: 64}, uuid.New)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		form, err := parseUpload(ctx, "multipart/form-data; boundary=B", bytes.NewReader(body), svc.Receive,
			func(u *documents.Upload) { _ = u.Discard(ctx) })
		if _, staged := blobs.Count(t); err == nil && staged != 1 || err != nil && staged != 0 {
			t.Fatalf("parse = %v with %d files staged", err, staged)
		}
		if err == nil {
			_ = form.file.Discard(ctx)
			return
		}
		var de *domain.Error
		if !errors.As(uploadError(err, 64), &de) || (de.Code != domain.CodeInvalid && de.Code != codeTooLarge && de.Code != codeUnsupportedMedia) {
			t.Fatalf("parse %q: unclassified %#v", body, err)
		}
	})
}

func TestParseUploadRefusals(t *testing.T) {
	good := func(w *multipart.Writer) {
		_ = w.WriteField("type", "deed")
		fw, _ := w.CreateFormFile("file", "a.pdf")
		_, _ = fw.Write([]byte("%PDF-1.7 ok"))
	}
	tests := []struct {
		name        string
		contentType string // "" means the writer's
		build       func(w *multipart.Writer)
		want        domain.ErrorCode
	}{
		{"accepts a type and a file", "", good, ""},
		{"refuses JSON", "application/json", good, codeUnsupportedMedia},
		{"refuses a form without a file", "", func(w *multipart.Writer) { _ = w.WriteField("type", "deed") }, domain.CodeInvalid},
		{"refuses a form without a type", "", func(w *multipart.Writer) {
			fw, _ := w.CreateFormFile("file", "a.pdf")
			_, _ = fw.Write([]byte("%PDF-1.7"))
		}, domain.CodeInvalid},
		{"refuses a type with a NUL, like any body string", "", func(w *multipart.Writer) {
			_ = w.WriteField("type", "deed\x00")
			fw, _ := w.CreateFormFile("file", "a.pdf")
			_, _ = fw.Write([]byte("%PDF-1.7"))
		}, domain.CodeInvalid},
		{"refuses a type that is not UTF-8", "", func(w *multipart.Writer) {
			_ = w.WriteField("type", "de\xffed")
			fw, _ := w.CreateFormFile("file", "a.pdf")
			_, _ = fw.Write([]byte("%PDF-1.7"))
		}, domain.CodeInvalid},
		{"refuses an extra field", "", func(w *multipart.Writer) { good(w); _ = w.WriteField("owner", "me") }, domain.CodeInvalid},
		{"refuses an HTML page named .pdf", "", func(w *multipart.Writer) {
			_ = w.WriteField("type", "deed")
			fw, _ := w.CreateFormFile("file", "a.pdf")
			_, _ = fw.Write([]byte("<html><script>"))
		}, codeUnsupportedMedia},
		{"refuses a file over the limit", "", func(w *multipart.Writer) {
			_ = w.WriteField("type", "deed")
			fw, _ := w.CreateFormFile("file", "a.pdf")
			_, _ = fw.Write(append([]byte("%PDF-1.7"), make([]byte, 100)...))
		}, codeTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			tt.build(w)
			_ = w.Close()
			ct := tt.contentType
			if ct == "" {
				ct = w.FormDataContentType()
			}
			blobs := blobtest.NewMemory()
			svc, _ := documents.New(noCases{}, blobs, documents.Limits{MaxBytes: 64}, uuid.New)
			ctx := context.Background()
			_, err := parseUpload(ctx, ct, &buf, svc.Receive, func(u *documents.Upload) { _ = u.Discard(ctx) })
			if tt.want == "" {
				if err != nil {
					t.Fatalf("parse = %v", err)
				}
				return
			}
			var de *domain.Error
			if !errors.As(uploadError(err, 64), &de) || de.Code != tt.want {
				t.Fatalf("parse = %v, want %s", err, tt.want)
			}
			if _, staged := blobs.Count(t); staged != 0 {
				t.Fatalf("%d files left staged", staged)
			}
		})
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"keeps an ASCII name", "deed.pdf", `attachment; filename="deed.pdf"; filename*=UTF-8''deed.pdf`},
		{"encodes a Persian name", "سند.pdf", `attachment; filename="___.pdf"; filename*=UTF-8''%D8%B3%D9%86%D8%AF.pdf`},
		{"neutralises quotes and separators", `a"b;c\d.pdf`, `attachment; filename="a_b;c_d.pdf"; filename*=UTF-8''a%22b%3Bc%5Cd.pdf`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := contentDisposition(tt.file); got != tt.want {
				t.Fatalf("contentDisposition(%q) = %s, want %s", tt.file, got, tt.want)
			}
		})
	}
}

func TestETagMatches(t *testing.T) {
	tag := `"abc"`
	for header, want := range map[string]bool{`"abc"`: true, `W/"abc"`: true, `"x", "abc"`: true, `*`: true, `"abd"`: false, ``: false} {
		if got := etagMatches(header, tag); got != want {
			t.Errorf("etagMatches(%q) = %v, want %v", header, got, want)
		}
	}
}
