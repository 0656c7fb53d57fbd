package cases

import (
	"slices"

	"github.com/shafaf-city/shafaf/domain"
)

// Rules of uploaded documents.
const (
	RuleDocumentQuota = "documents.quota_exceeded"
)

// decideAttach records the file, superseding the current one of its type. When the case waits
// for documents and this file completes the requested types, the request is answered too and
// the clock resumes: only files of the requested types, attached since the request, count.
func decideAttach(s State, c AttachDocument, d Deps) ([]domain.Event, error) {
	if !slices.Contains(d.Service.Documents, c.Document) {
		return nil, refuse(RuleDocumentNotInService, "service %s does not require document %q", d.Service.Key, c.Document)
	}
	switch {
	case s.issued():
		return nil, refuse(RuleAfterIssuance, "the document has already been issued")
	case s.Outcome != "":
		return nil, refuse(RuleDecided, "the case has already been decided")
	case c.QuotaBytes > 0 && s.Documents.Bytes()+c.Size > c.QuotaBytes:
		return nil, refuse(RuleDocumentQuota, "the case's files would take %d bytes, over its quota of %d",
			s.Documents.Bytes()+c.Size, c.QuotaBytes)
	}
	ev := &DocumentAttached{DocumentID: c.DocumentID, Document: c.Document, Size: c.Size, MediaType: c.MediaType,
		SHA256: c.SHA256, StorageKey: c.StorageKey, Uploader: c.Uploader, Personal: AttachedFile{FileName: c.FileName}, At: c.At}
	if old, ok := s.Documents.Current(c.Document); ok {
		ev.Supersedes = &old.DocumentID
	}
	if !s.awaitingDocuments() || !answers(s, c.Document) {
		return []domain.Event{ev}, nil
	}
	provided, err := decideProvideDocuments(s, ProvideDocuments{Documents: slices.Clone(s.Requested), At: c.At}, d)
	if err != nil {
		return nil, err
	}
	return []domain.Event{ev, provided}, nil
}

// answers reports whether attaching document completes the open request: every requested
// type has a file attached since the request was made (requestedAt).
func answers(s State, document string) bool {
	for _, want := range s.Requested {
		if want == document {
			continue
		}
		if cur, ok := s.Documents.Current(want); !ok || cur.At.Before(s.requestedAt) {
			return false
		}
	}
	return slices.Contains(s.Requested, document)
}

// decideDownload records a read of an existing file; reading stays allowed on closed cases.
func decideDownload(s State, c RecordDownload) (domain.Event, error) {
	if !s.Exists() {
		return nil, refuse(RuleNotSubmitted, "the case has not been submitted")
	}
	doc, ok := s.Documents.Find(c.DocumentID)
	if !ok {
		return nil, domain.NotFound("no document " + c.DocumentID.String() + " on this case")
	}
	return &DocumentDownloaded{DocumentID: doc.DocumentID, Document: doc.Document, SHA256: doc.SHA256, At: c.At}, nil
}
