package documents

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// TooLargeError refuses a file over the size limit; the edge answers 413.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string { return fmt.Sprintf("the file exceeds %d bytes", e.Limit) }

// UnsupportedTypeError refuses a file whose content is none of the accepted formats; the edge
// answers 415.
type UnsupportedTypeError struct{}

func (*UnsupportedTypeError) Error() string {
	return "only PDF, JPEG, PNG and TIFF files are accepted (decided by their content, not their name)"
}

// Upload is a file staged in the blob store, not yet part of any case.
type Upload struct {
	staged Staged
	media  string
}

// MediaType is the sniffed type of the file.
func (u *Upload) MediaType() string { return u.media }

// Discard drops the staged bytes; after Attach it does nothing.
func (u *Upload) Discard(ctx context.Context) error { return u.staged.Discard(ctx) }

// CheckUpload refuses, before a byte is read, a caller who may not add files to the case.
func (s *Service) CheckUpload(ctx context.Context, caseID uuid.UUID, actor commands.Actor) error {
	_, err := s.authorize(ctx, caseID, actor, access.UploadDocument)
	return err
}

// Receive stages the file r carries once its first bytes show an accepted format. An empty,
// oversized or cut-short file is refused and leaves nothing behind.
func (s *Service) Receive(ctx context.Context, r io.Reader) (*Upload, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(sniffLen)
	switch {
	case len(head) == 0 && errors.Is(err, io.EOF):
		return nil, domain.Invalid(domain.FieldError{Field: "file", Code: "empty", Message: "the file is empty"})
	case err != nil && !errors.Is(err, io.EOF):
		return nil, cutShort(err)
	}
	media := Sniff(head)
	if media == "" {
		return nil, &UnsupportedTypeError{}
	}
	staged, err := s.blobs.Stage(ctx, &limitedReader{r: br, left: s.limits.MaxBytes})
	var tooLarge *TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return nil, &TooLargeError{Limit: s.limits.MaxBytes}
	case err != nil:
		return nil, cutShort(err)
	}
	return &Upload{staged: staged, media: media}, nil
}

// cutShort reports a body that ended or failed mid-file.
func cutShort(err error) error {
	return &domain.Error{Code: domain.CodeInvalid, Message: "the upload was cut short: " + err.Error(), Err: err,
		Fields: []domain.FieldError{{Field: "file", Code: "truncated", Message: "the file did not arrive whole"}}}
}

// Attach records the staged file as the case's document of type document. The bytes move to
// their content key only once the case accepts the file; a refused file is discarded.
func (s *Service) Attach(ctx context.Context, caseID uuid.UUID, up *Upload, document, fileName string, actor commands.Actor) (commands.Result, cases.AttachDocument, error) {
	defer up.Discard(context.WithoutCancel(ctx))
	if _, err := s.authorize(ctx, caseID, actor, access.UploadDocument); err != nil {
		return commands.Result{}, cases.AttachDocument{}, err
	}
	cmd := cases.AttachDocument{DocumentID: commands.NewID(ctx, "document", s.newID), Document: document, FileName: CleanFileName(fileName),
		Size: up.staged.Size(), MediaType: up.media, SHA256: up.staged.SHA256(), StorageKey: up.staged.Key(),
		Uploader: actor.ID, QuotaBytes: s.limits.QuotaBytes}
	res, err := s.cases.AttachDocument(ctx, caseID, cmd, actor, up.staged.Commit)
	return res, cmd, err
}

// limitedReader fails with *TooLargeError once more than left bytes are read.
type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &TooLargeError{}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, &TooLargeError{}
	}
	return n, err
}
