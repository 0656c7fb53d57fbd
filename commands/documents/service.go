package documents

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
)

// Cases is what the documents need from the case commands.
type Cases interface {
	History(ctx context.Context, id uuid.UUID) ([]eventstore.RecordedEvent, error)
	TargetOf(recs []eventstore.RecordedEvent) (access.Target, error)
	Registry() *domain.Registry
	AttachDocument(ctx context.Context, id uuid.UUID, cmd cases.AttachDocument, actor commands.Actor, store func(context.Context) error) (commands.Result, error)
	RecordDownload(ctx context.Context, id, documentID uuid.UUID, actor commands.Actor) error
	Downloads(ctx context.Context, id uuid.UUID) ([]eventstore.RecordedEvent, error)
}

// Limits bound what one upload and one case may take; zero fields take the defaults.
type Limits struct {
	MaxBytes   int64 // one file
	QuotaBytes int64 // all files of one case, superseded ones included
}

// Defaults: a scanned A3 drawing fits in 20 MiB; a permit's ten documents and a few
// replacements fit in 200 MiB.
const (
	DefaultMaxBytes   = 20 << 20
	DefaultQuotaBytes = 200 << 20
)

// Service receives, records and serves the files of cases.
type Service struct {
	cases  Cases
	blobs  BlobStore
	limits Limits
	newID  func() uuid.UUID
	turns  turns // uploads to one case attach one at a time
}

// New wires the documents; every dependency is required.
func New(c Cases, blobs BlobStore, limits Limits, newID func() uuid.UUID) (*Service, error) {
	if c == nil || blobs == nil || newID == nil {
		return nil, errors.New("documents: New needs the case commands, a blob store and an id source")
	}
	if limits.MaxBytes <= 0 {
		limits.MaxBytes = DefaultMaxBytes
	}
	if limits.QuotaBytes <= 0 {
		limits.QuotaBytes = DefaultQuotaBytes
	}
	return &Service{cases: c, blobs: blobs, limits: limits, newID: newID}, nil
}

// Limits are the limits in force, for clients to read before uploading.
func (s *Service) Limits() Limits { return s.limits }

// authorize loads the case and asks the access policy whether actor may take action on it,
// with the target the case commands use.
func (s *Service) authorize(ctx context.Context, id uuid.UUID, actor commands.Actor, action access.Action) (cases.State, error) {
	recs, err := s.cases.History(ctx, id)
	if err != nil {
		return cases.State{}, err
	}
	target, err := s.cases.TargetOf(recs)
	if err != nil {
		return cases.State{}, err
	}
	if err := access.Authorize(actor.Principal, action, target); err != nil {
		return cases.State{}, err
	}
	var st cases.State
	for _, r := range recs {
		ev, err := s.cases.Registry().Decode(r.Type, r.Data)
		if err != nil {
			return cases.State{}, fmt.Errorf("case %s revision %d: %w", id, r.Revision, err)
		}
		st = cases.Evolve(st, ev)
	}
	return st, nil
}
