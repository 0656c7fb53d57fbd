package cases

import (
	"encoding/hex"
	"time"

	"github.com/google/uuid"
)

// Media types a municipality accepts for uploaded documents.
const (
	MediaPDF  = "application/pdf"
	MediaJPEG = "image/jpeg"
	MediaPNG  = "image/png"
	MediaTIFF = "image/tiff"
)

// AttachDocument records a file already stored in the blob store as one of the case's required
// documents. The server fills every field from the upload: none is decoded from JSON.
type AttachDocument struct {
	DocumentID uuid.UUID
	Document   string
	FileName   string
	Size       int64
	MediaType  string
	SHA256     string
	StorageKey string
	Uploader   string
	// QuotaBytes bounds the total size of a case's files; 0 means no quota.
	QuotaBytes int64
	At         time.Time
}

// RecordDownload records that staff read one of the case's files.
type RecordDownload struct {
	DocumentID uuid.UUID
	At         time.Time
}

// Validate checks the upload's description is complete and its hash is a SHA-256.
func (c AttachDocument) Validate() error {
	var f fields
	if c.DocumentID == uuid.Nil {
		f.Add("document_id", "required", "a document id is required")
	}
	f.required("type", c.Document, "the document type")
	f.required("file_name", c.FileName, "the file name")
	f.positive("size", c.Size)
	f.oneOf("media_type", c.MediaType, MediaPDF, MediaJPEG, MediaPNG, MediaTIFF)
	if b, err := hex.DecodeString(c.SHA256); err != nil || len(b) != 32 {
		f.Add("sha256", "format", "sha256 must be 64 hexadecimal digits")
	}
	f.required("storage_key", c.StorageKey, "the storage key")
	f.required("uploader", c.Uploader, "the uploader")
	return f.Err()
}

// Validate checks a document is named.
func (c RecordDownload) Validate() error {
	var f fields
	if c.DocumentID == uuid.Nil {
		f.Add("document_id", "required", "a document id is required")
	}
	return f.Err()
}
