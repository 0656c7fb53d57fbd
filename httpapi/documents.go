package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/eventstore"
)

// Documents is what the API needs from the documents application layer.
type Documents interface {
	Limits() documents.Limits
	CheckUpload(ctx context.Context, caseID uuid.UUID, actor commands.Actor) error
	Receive(ctx context.Context, r io.Reader) (*documents.Upload, error)
	Attach(ctx context.Context, caseID uuid.UUID, up *documents.Upload, document, fileName string, actor commands.Actor) (commands.Result, cases.AttachDocument, error)
	Find(ctx context.Context, caseID, documentID uuid.UUID, actor commands.Actor) (*documents.Download, error)
	Downloads(ctx context.Context, caseID uuid.UUID, actor commands.Actor) ([]eventstore.RecordedEvent, error)
}

// formOverhead is what a multipart body may hold beyond the file: boundaries, part headers and
// the type field.
const formOverhead = 64 << 10

// documentResponse describes an attached file.
type documentResponse struct {
	commandResponse
	DocumentID uuid.UUID `json:"document_id"`
	Type       string    `json:"type"`
	FileName   string    `json:"file_name"`
	Size       int64     `json:"size"`
	MediaType  string    `json:"media_type"`
	SHA256     string    `json:"sha256"`
}

// uploadDocument takes multipart/form-data with a "type" field (a document key of the case's
// service) and a "file". Authorization comes before a byte of the body is read; a refused
// upload stores nothing and appends nothing.
func (s *Server) uploadDocument(c *gin.Context) {
	id, err := caseID(c)
	var actor commands.Actor
	if err == nil {
		actor, err = s.actor(c)
	}
	if err == nil {
		err = s.cfg.Documents.CheckUpload(c, id, actor)
	}
	var form uploadForm[*documents.Upload]
	if err == nil {
		body := http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.Documents.Limits().MaxBytes+formOverhead)
		form, err = parseUpload(c, c.GetHeader("Content-Type"), body, s.cfg.Documents.Receive,
			func(u *documents.Upload) { _ = u.Discard(context.WithoutCancel(c)) })
	}
	if err != nil {
		s.writeError(c, uploadError(err, s.cfg.Documents.Limits().MaxBytes))
		return
	}
	res, cmd, err := s.cfg.Documents.Attach(c, id, form.file, form.document, form.fileName, actor)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Location", "/v1/cases/"+id.String()+"/documents/"+cmd.DocumentID.String())
	c.Header("ETag", etag(res.Revision))
	JSON(c, http.StatusCreated, documentResponse{
		commandResponse: commandResponse{CaseID: res.CaseID, Revision: res.Revision, Position: res.Position.String(), Events: res.Events},
		DocumentID:      cmd.DocumentID, Type: cmd.Document, FileName: cmd.FileName, Size: cmd.Size, MediaType: cmd.MediaType, SHA256: cmd.SHA256,
	})
}

// uploadError gives the edge's answer to an upload the documents refused.
func uploadError(err error, limit int64) error {
	var tooLarge *documents.TooLargeError
	var bodyTooLarge *http.MaxBytesError
	var unsupported *documents.UnsupportedTypeError
	switch {
	case errors.As(err, &tooLarge), errors.As(err, &bodyTooLarge):
		return &domain.Error{Code: codeTooLarge, Message: fmt.Sprintf("the file exceeds the limit of %d bytes", limit), Err: err}
	case errors.As(err, &unsupported):
		return &domain.Error{Code: codeUnsupportedMedia, Message: unsupported.Error(), Err: err}
	}
	return err
}

// uploadForm is a parsed upload: the document type, the client's file name and the received file.
type uploadForm[F any] struct {
	document string
	fileName string
	file     F
}

// maxTypeField bounds how much of the "type" field is read; document keys are short.
const maxTypeField = 100

// documentKey is the edge rule for the "type" field: the one declared for document keys.
var documentKey, _ = ident.FieldNamed("document")

// parseUpload reads a multipart/form-data body holding exactly one "type" and one "file" part,
// in either order, handing the file to receive as it streams in. On any error the received
// file is dropped with discard. It is separate from the handler so it can be fuzzed.
func parseUpload[F any](ctx context.Context, contentType string, body io.Reader,
	receive func(context.Context, io.Reader) (F, error), discard func(F)) (form uploadForm[F], err error) {
	mt, params, perr := mime.ParseMediaType(contentType)
	if perr != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return form, &domain.Error{Code: codeUnsupportedMedia, Message: "send the upload as multipart/form-data with a type and a file field"}
	}
	haveType, haveFile := false, false
	defer func() {
		if err != nil && haveFile {
			discard(form.file)
		}
	}()
	mr := multipart.NewReader(body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return form, malformed(err)
		}
		switch name := part.FormName(); {
		case name == "type" && !haveType:
			b, err := io.ReadAll(io.LimitReader(part, maxTypeField+1))
			if err != nil {
				return form, malformed(err)
			}
			if len(b) > maxTypeField {
				return form, domain.Invalid(domain.FieldError{Field: "type", Code: ident.CodeMaxLength, Message: "type must be a document key"})
			}
			if form.document, err = documentKey.Normalize("type", string(b)); err != nil {
				return form, err
			}
			haveType = true
		case name == "file" && !haveFile:
			if form.file, err = receive(ctx, part); err != nil {
				return form, err
			}
			form.fileName, haveFile = part.FileName(), true
		default:
			return form, domain.Invalid(domain.FieldError{Field: name, Code: "unexpected",
				Message: "the form takes one type field and one file field, nothing else"})
		}
	}
	switch {
	case !haveFile:
		return form, domain.Invalid(domain.FieldError{Field: "file", Code: "required", Message: "attach the file as the form's file field"})
	case !haveType:
		return form, domain.Invalid(domain.FieldError{Field: "type", Code: "required", Message: "name the document type, e.g. deed"})
	}
	return form, nil
}

// malformed reports a multipart body that does not parse, usually one cut short.
func malformed(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return &domain.Error{Code: domain.CodeInvalid, Message: "the multipart body is malformed or cut short", Err: err,
		Fields: []domain.FieldError{{Field: "body", Code: "malformed", Message: err.Error()}}}
}

// downloadDocument streams one file of the case to someone the policy lets read it, with its
// SHA-256 as a strong ETag; a client that has it already gets 304 and no download is recorded.
func (s *Server) downloadDocument(c *gin.Context) {
	id, err := caseID(c)
	var docID uuid.UUID
	var actor commands.Actor
	if err == nil {
		docID, err = uuid.Parse(c.Param("docId"))
		if err != nil {
			err = domain.NotFound("no document " + c.Param("docId"))
		}
	}
	if err == nil {
		actor, err = s.actor(c)
	}
	var d *documents.Download
	if err == nil {
		d, err = s.cfg.Documents.Find(c, id, docID, actor)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	tag := `"` + d.Document.SHA256 + `"`
	c.Header("ETag", tag)
	c.Header("Cache-Control", "private, no-cache")
	if etagMatches(c.GetHeader("If-None-Match"), tag) {
		c.Status(http.StatusNotModified)
		return
	}
	rc, err := d.Open(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	defer rc.Close()
	c.Header("Content-Type", d.Document.MediaType)
	c.Header("Content-Length", strconv.FormatInt(d.Document.Size, 10))
	c.Header("Content-Disposition", contentDisposition(d.Document.Personal.FileName))
	c.Status(http.StatusOK)
	// The hash is checked as the bytes go out: too late to refuse them, in time to raise the
	// alarm that `shafaf documents verify` would raise.
	h := sha256.New()
	if _, err := io.Copy(c.Writer, io.TeeReader(rc, h)); err != nil {
		return // the client hung up mid-file
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != d.Document.SHA256 {
		s.log.Error("served a document whose bytes do not match its recorded hash", zap.String("case_id", id.String()),
			zap.String("document_id", docID.String()), zap.String("want_sha256", d.Document.SHA256), zap.String("got_sha256", got))
	}
}

// downloadLog is the case's access log (who read which file, when) in the history's shape:
// reads are kept out of the case's stream so they never move its revision. Empty where the
// server keeps no files.
func (s *Server) downloadLog(c *gin.Context, id uuid.UUID) ([]historyEntry, error) {
	out := []historyEntry{}
	if s.cfg.Documents == nil {
		return out, nil
	}
	actor, err := s.actor(c)
	if err != nil {
		return nil, err
	}
	recs, err := s.cfg.Documents.Downloads(c, id, actor)
	for _, r := range recs {
		out = append(out, historyEntryOf(r))
	}
	return out, err
}
