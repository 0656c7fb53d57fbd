package documents_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/domain/cases"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want string
	}{
		{"a PDF", "%PDF-1.4", cases.MediaPDF},
		{"a JPEG", "\xff\xd8\xff\xe0", cases.MediaJPEG},
		{"a PNG", "\x89PNG\r\n\x1a\n", cases.MediaPNG},
		{"a little-endian TIFF", "II*\x00", cases.MediaTIFF},
		{"a big-endian TIFF", "MM\x00*", cases.MediaTIFF},
		{"an executable named .pdf", "MZ\x90\x00", ""},
		{"an HTML page", "<html>", ""},
		{"a PNG cut short", "\x89PNG", ""},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := documents.Sniff([]byte(tt.head)); got != tt.want {
				t.Fatalf("Sniff(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}

func TestCleanFileName(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"keeps a Persian name with its zero-width non-joiner", "نقشه\u200cی زمین.pdf", "نقشه\u200cی زمین.pdf"},
		{"drops directories", `C:\Users\sara\..\سند.pdf`, "سند.pdf"},
		{"drops a Unix path", "../../etc/passwd", "passwd"},
		{"drops a right-to-left override", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"drops control characters", "a\x00b\r\n.pdf", "ab.pdf"},
		{"names the nameless", " ", "document"},
		{"names a bare dot-dot", "..", "document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := documents.CleanFileName(tt.in); got != tt.want {
				t.Fatalf("CleanFileName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
