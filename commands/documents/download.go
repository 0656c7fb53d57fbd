package documents

import (
	"context"
	"errors"
	"io"
	"slices"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
)

// Download is one file its caller may read.
type Download struct {
	svc      *Service
	caseID   uuid.UUID
	actor    commands.Actor
	Document cases.DocumentAttached
}

// Find returns a file of the case once the access policy lets caller download it; a file the
// case lacks is NotFound.
func (s *Service) Find(ctx context.Context, caseID, documentID uuid.UUID, actor commands.Actor) (*Download, error) {
	st, err := s.authorize(ctx, caseID, actor, access.DownloadDocument)
	if err != nil {
		return nil, err
	}
	doc, ok := st.Documents.Find(documentID)
	if !ok {
		return nil, domain.NotFound("no document " + documentID.String() + " on case " + caseID.String())
	}
	return &Download{svc: s, caseID: caseID, actor: actor, Document: doc}, nil
}

// Open streams the file. A read by anyone but an applicant is logged in the case's access
// stream first, so auditors see every member of staff who looked; no record, no bytes.
func (d *Download) Open(ctx context.Context) (io.ReadCloser, error) {
	staff := slices.ContainsFunc(d.actor.Principal.Roles, func(r access.Role) bool { return r != access.Applicant })
	if staff {
		if err := d.svc.cases.RecordDownload(ctx, d.caseID, d.Document.DocumentID, d.actor); err != nil {
			return nil, err
		}
	}
	rc, err := d.svc.blobs.Open(ctx, d.Document.StorageKey)
	if errors.Is(err, ErrBlobNotFound) {
		return nil, &domain.Error{Code: domain.CodeInternal, Message: "the stored file is missing", Err: err}
	}
	return rc, err
}

// Downloads lists who read the case's files and when, to a caller the policy lets see the
// case's history: the reads are logged beside the case's stream, not in it.
func (s *Service) Downloads(ctx context.Context, caseID uuid.UUID, actor commands.Actor) ([]eventstore.RecordedEvent, error) {
	if _, err := s.authorize(ctx, caseID, actor, access.ViewHistory); err != nil {
		return nil, err
	}
	return s.cases.Downloads(ctx, caseID)
}
