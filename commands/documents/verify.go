package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
)

// EventLog is the part of the event store Verify reads: the global log.
type EventLog interface {
	ReadAll(ctx context.Context, after eventstore.Position, filter eventstore.Filter, limit int) ([]eventstore.RecordedEvent, error)
}

// Finding is one attached file whose stored bytes no longer match its event.
type Finding struct {
	CaseID   uuid.UUID
	Document cases.DocumentAttached
	// Problem is "missing" (no object under the key), "altered" (other bytes) or "unreadable".
	Problem string
	Got     string // the digest of what is stored now, for "altered"
	Err     error  // for "unreadable"
}

func (f Finding) String() string {
	d := f.Document
	s := fmt.Sprintf("case %s document %s (%s) key %s: %s", f.CaseID, d.DocumentID, d.Document, d.StorageKey, f.Problem)
	switch {
	case f.Problem == "altered":
		s += fmt.Sprintf(", event says sha256 %s size %d, stored sha256 %s", d.SHA256, d.Size, f.Got)
	case f.Err != nil:
		s += ": " + f.Err.Error()
	}
	return s
}

// Report is what Verify found: how many attachments it checked and every mismatch.
type Report struct {
	Checked  int
	Findings []Finding
}

// verifyBatch is how many events Verify and Sweep read at a time.
const verifyBatch = 500

// Verify re-hashes the stored bytes of every attached file in the log and reports each one
// whose bytes no longer match the SHA-256 and size its event recorded. Each blob is hashed once
// however many events share it.
func Verify(ctx context.Context, log EventLog, blobs BlobStore) (Report, error) {
	hashed := map[string]stored{}
	var rep Report
	err := eachAttached(ctx, log, func(caseID uuid.UUID, doc cases.DocumentAttached) error {
		got, ok := hashed[doc.StorageKey]
		if !ok {
			got = hashBlob(ctx, blobs, doc.StorageKey)
			hashed[doc.StorageKey] = got
		}
		rep.Checked++
		if f, bad := got.against(doc); bad {
			f.CaseID = caseID
			rep.Findings = append(rep.Findings, f)
		}
		return nil
	})
	return rep, err
}

// eachAttached calls fn with every file attached to a case in the log, oldest first.
func eachAttached(ctx context.Context, log EventLog, fn func(caseID uuid.UUID, doc cases.DocumentAttached) error) error {
	reg, err := cases.Registry()
	if err != nil {
		return err
	}
	filter := eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}, EventTypePrefixes: []string{cases.TypeDocumentAttached}}
	for after := (eventstore.Position{}); ; {
		recs, err := log.ReadAll(ctx, after, filter, verifyBatch)
		if err != nil || len(recs) == 0 {
			return err
		}
		for _, r := range recs {
			ev, err := reg.Decode(r.Type, r.Data)
			if err != nil {
				return fmt.Errorf("%s revision %d: %w", r.Stream, r.Revision, err)
			}
			caseID, _ := uuid.Parse(strings.TrimPrefix(r.Stream, cases.StreamPrefix))
			if err := fn(caseID, *ev.(*cases.DocumentAttached)); err != nil {
				return err
			}
		}
		after = recs[len(recs)-1].Position
	}
}

// stored is what a blob holds now.
type stored struct {
	sha256 string
	size   int64
	err    error
}

func hashBlob(ctx context.Context, blobs BlobStore, key string) stored {
	rc, err := blobs.Open(ctx, key)
	if err != nil {
		return stored{err: err}
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	return stored{sha256: hex.EncodeToString(h.Sum(nil)), size: n, err: err}
}

func (s stored) against(doc cases.DocumentAttached) (Finding, bool) {
	f := Finding{Document: doc, Got: s.sha256, Err: s.err}
	switch {
	case errors.Is(s.err, ErrBlobNotFound):
		f.Problem = "missing"
	case s.err != nil:
		f.Problem = "unreadable"
	case s.sha256 != doc.SHA256 || s.size != doc.Size:
		f.Problem = "altered"
	default:
		return Finding{}, false
	}
	return f, true
}
