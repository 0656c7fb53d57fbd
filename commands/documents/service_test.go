package documents_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/blobtest"
	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The people of these tests: the applicant of the case, another applicant, a clerk of the
// case's district and an auditor.
var (
	applicant = actor("3974017844", access.Actor{Roles: []access.Role{access.Applicant}, NationalID: "3974017844"})
	stranger  = actor("0012345679", access.Actor{Roles: []access.Role{access.Applicant}, NationalID: "0012345679"})
	clerk     = actor("clerk-7", access.Actor{Roles: []access.Role{access.Clerk}, Department: "district-3"})
	auditor   = actor("audit-1", access.Actor{Roles: []access.Role{access.Auditor}})
)

func actor(id string, p access.Actor) commands.Actor {
	p.Subject = id
	return commands.Actor{ID: id, Role: string(p.Roles[0]), Principal: p}
}

// world is a permit case on a real event store with its files in memory.
type world struct {
	store  eventstore.Store
	cases  *commands.Cases
	blobs  documents.BlobStore
	svc    *documents.Service
	caseID uuid.UUID
}

func mustWorld(tb testing.TB, limits documents.Limits, blobs documents.BlobStore) world {
	tb.Helper()
	ctx := context.Background()
	store := readmodeltest.MustPostgres(tb, pgtest.NewPool(tb))
	w := world{store: store, blobs: blobs}
	var err error
	if w.cases, err = commands.NewCases(store, catalogue.Default(), time.Now, uuid.New, commands.WithAuthorization()); err != nil {
		tb.Fatal(err)
	}
	if w.svc, err = documents.New(w.cases, w.blobs, limits, uuid.New); err != nil {
		tb.Fatal(err)
	}
	res, err := w.cases.Submit(ctx, commands.SubmitApplication{Service: "permit.new", Channel: "online", District: "3",
		Applicant: cases.Applicant{Name: "Sara Ahmadi", NationalID: "3974017844"}}, applicant)
	if err != nil {
		tb.Fatal(err)
	}
	w.caseID = res.CaseID
	return w
}

// upload runs the whole path of one file: access check, receive, attach.
func (w world) upload(ctx context.Context, who commands.Actor, document string, content []byte) (cases.AttachDocument, error) {
	if err := w.svc.CheckUpload(ctx, w.caseID, who); err != nil {
		return cases.AttachDocument{}, err
	}
	up, err := w.svc.Receive(ctx, bytes.NewReader(content))
	if err != nil {
		return cases.AttachDocument{}, err
	}
	_, cmd, err := w.svc.Attach(ctx, w.caseID, up, document, "../../سند.pdf", who)
	return cmd, err
}

func (w world) revision(tb testing.TB) int {
	tb.Helper()
	recs, err := w.cases.History(context.Background(), w.caseID)
	if err != nil {
		tb.Fatal(err)
	}
	return len(recs)
}

var pdf = []byte("%PDF-1.7 a deed")

func TestRefusedUploadsStoreAndAppendNothing(t *testing.T) {
	mem := blobtest.NewMemory()
	w := mustWorld(t, documents.Limits{MaxBytes: 1 << 10, QuotaBytes: 2000}, mem)
	if _, err := w.upload(context.Background(), applicant, "deed", append([]byte("%PDF-"), make([]byte, 1000)...)); err != nil {
		t.Fatal(err) // 1005 bytes of the 2000-byte quota
	}
	var tooLarge *documents.TooLargeError
	var unsupported *documents.UnsupportedTypeError
	tests := []struct {
		name    string
		who     commands.Actor
		doc     string
		content []byte
		refused func(error) bool
	}{
		{"a type the service does not require", applicant, "partition_map", pdf, rule(cases.RuleDocumentNotInService)},
		{"another applicant's case", stranger, "deed", pdf, code(domain.CodeNotFound)},
		{"an auditor, who only reads", auditor, "deed", pdf, code(domain.CodeForbidden)},
		{"a file that is not a scan", applicant, "deed", []byte("MZ\x90\x00 an executable"), func(err error) bool { return errors.As(err, &unsupported) }},
		{"an empty file", applicant, "deed", nil, code(domain.CodeInvalid)},
		{"a file over the size limit", applicant, "deed", append(slicesOf(pdf), make([]byte, 2<<10)...), func(err error) bool { return errors.As(err, &tooLarge) }},
		{"a file over the case's quota", applicant, "deed", append(slicesOf(pdf), make([]byte, 1000)...), rule(cases.RuleDocumentQuota)},
	}
	before := w.revision(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.upload(context.Background(), tt.who, tt.doc, tt.content)
			if !tt.refused(err) {
				t.Fatalf("upload = %v", err)
			}
			if committed, staged := mem.Count(t); committed != 1 || staged != 0 {
				t.Fatalf("store holds %d committed and %d staged files after the refusal", committed, staged)
			}
			if got := w.revision(t); got != before {
				t.Fatalf("the case has %d events, had %d", got, before)
			}
		})
	}
}

func slicesOf(b []byte) []byte { return append([]byte(nil), b...) }

func rule(name string) func(error) bool {
	return func(err error) bool {
		var de *domain.Error
		return errors.As(err, &de) && de.Rule == name
	}
}

func code(c domain.ErrorCode) func(error) bool {
	return func(err error) bool { return err != nil && domain.CodeOf(err) == c }
}

func TestTheSameBytesAreStoredOnce(t *testing.T) {
	mem := blobtest.NewMemory()
	w := mustWorld(t, documents.Limits{}, mem)
	ctx := context.Background()
	deed, err := w.upload(ctx, applicant, "deed", pdf)
	if err != nil {
		t.Fatal(err)
	}
	again, err := w.upload(ctx, clerk, "application_form", pdf)
	if err != nil {
		t.Fatal(err)
	}
	if committed, _ := mem.Count(t); committed != 1 || deed.StorageKey != again.StorageKey || deed.DocumentID == again.DocumentID {
		t.Fatalf("%d blobs for two attachments of the same bytes (%s, %s)", committed, deed.StorageKey, again.StorageKey)
	}
	if deed.FileName != "سند.pdf" || deed.MediaType != cases.MediaPDF || deed.Uploader != "3974017844" {
		t.Fatalf("attached %+v", deed)
	}
}

func TestStaffDownloadsAreLoggedBesideTheCase(t *testing.T) {
	w := mustWorld(t, documents.Limits{}, blobtest.NewMemory())
	ctx := context.Background()
	deed, err := w.upload(ctx, applicant, "deed", pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []commands.Actor{applicant, clerk, auditor} {
		d, err := w.svc.Find(ctx, w.caseID, deed.DocumentID, who)
		if err != nil {
			t.Fatalf("%s: %v", who.ID, err)
		}
		rc, err := d.Open(ctx)
		if err != nil {
			t.Fatalf("%s: %v", who.ID, err)
		}
		_ = rc.Close()
	}
	if _, err := w.svc.Find(ctx, w.caseID, deed.DocumentID, stranger); domain.CodeOf(err) != domain.CodeNotFound {
		t.Fatalf("a stranger's download = %v, want NotFound", err)
	}
	if _, err := w.svc.Find(ctx, w.caseID, uuid.New(), clerk); domain.CodeOf(err) != domain.CodeNotFound {
		t.Fatalf("an unknown document = %v, want NotFound", err)
	}
	log, err := w.svc.Downloads(ctx, w.caseID, auditor)
	if err != nil {
		t.Fatal(err)
	}
	var readers []string
	for _, r := range log {
		if r.Type == cases.TypeDocumentDownloaded {
			readers = append(readers, r.Metadata.ActorID+"/"+r.Metadata.ActorRole)
		}
	}
	if len(readers) != 2 || readers[0] != "clerk-7/clerk" || readers[1] != "audit-1/auditor" {
		t.Fatalf("downloads recorded for %v, want the clerk's and the auditor's", readers)
	}
	// Reading is not writing: the case's own stream holds the upload and nothing of the reads.
	recs, _ := w.cases.History(ctx, w.caseID)
	if slices.ContainsFunc(recs, func(r eventstore.RecordedEvent) bool { return r.Type == cases.TypeDocumentDownloaded }) {
		t.Fatal("a download was appended to the case's stream")
	}
	if _, err := w.svc.Downloads(ctx, w.caseID, stranger); domain.CodeOf(err) != domain.CodeNotFound {
		t.Fatalf("a stranger reading the access log = %v, want NotFound", err)
	}
}
