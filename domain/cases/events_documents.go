package cases

import (
	"time"

	"github.com/google/uuid"
)

// Event type names of uploaded documents. They are stored forever: never rename one.
const (
	TypeDocumentAttached   = "case.DocumentAttached.v1"
	TypeDocumentDownloaded = "case.DocumentDownloaded.v1"
)

// AccessStreamPrefix starts the name of every case's access log. It is not a prefix of
// StreamPrefix's streams nor they of it, so read models of cases never see reads.
const AccessStreamPrefix = "caseaccess-"

// AccessStreamName is the stream that logs who read the case's files.
func AccessStreamName(id uuid.UUID) string { return AccessStreamPrefix + id.String() }

// AttachedFile is the part of an attachment that may be personal (a file name often carries the
// owner's name); like Applicant it lives under the "personal" key so it can be shredded.
type AttachedFile struct {
	FileName string `json:"file_name"`
}

// DocumentAttached records one uploaded file of a required-document type. The bytes live in
// the blob store under StorageKey; SHA256 pins them, so history proves what was handed in.
// A later attachment of the same type supersedes this one; nothing is ever overwritten.
type DocumentAttached struct {
	DocumentID uuid.UUID    `json:"document_id"`
	Document   string       `json:"document"` // the catalogue's document key, e.g. "deed"
	Size       int64        `json:"size"`
	MediaType  string       `json:"media_type"`
	SHA256     string       `json:"sha256"`
	StorageKey string       `json:"storage_key"`
	Uploader   string       `json:"uploader"`
	Supersedes *uuid.UUID   `json:"supersedes,omitempty"`
	Personal   AttachedFile `json:"personal"`
	At         time.Time    `json:"at"`
}

// DocumentDownloaded records that a member of staff (or an auditor) read an applicant's file,
// so auditors can see who looked at what; the reader is in the event's metadata. It is written
// to the case's access stream (AccessStreamName), never to the case's own: reading a file does
// not move the case. Older ones stored in case streams still decode and fold as a no-op.
type DocumentDownloaded struct {
	DocumentID uuid.UUID `json:"document_id"`
	Document   string    `json:"document"`
	SHA256     string    `json:"sha256"`
	At         time.Time `json:"at"`
}

func (*DocumentAttached) EventType() string   { return TypeDocumentAttached }
func (*DocumentDownloaded) EventType() string { return TypeDocumentDownloaded }

func (e *DocumentAttached) OccurredAt() time.Time   { return e.At }
func (e *DocumentDownloaded) OccurredAt() time.Time { return e.At }

// Attachments are the files of a case in the order they were attached, superseded ones included.
type Attachments []DocumentAttached

// Find returns the attachment with id.
func (a Attachments) Find(id uuid.UUID) (DocumentAttached, bool) {
	for _, d := range a {
		if d.DocumentID == id {
			return d, true
		}
	}
	return DocumentAttached{}, false
}

// Current returns the latest attachment of a document type: the one not yet superseded.
func (a Attachments) Current(document string) (DocumentAttached, bool) {
	for i := len(a) - 1; i >= 0; i-- {
		if a[i].Document == document {
			return a[i], true
		}
	}
	return DocumentAttached{}, false
}

// Bytes is what the case's files take up; superseded files count, since they are kept.
func (a Attachments) Bytes() int64 {
	var n int64
	for _, d := range a {
		n += d.Size
	}
	return n
}
