package cases_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// attach is an upload of a file of type document, a day after t0 plus at days.
func attach(document string, at int) cases.AttachDocument {
	return cases.AttachDocument{DocumentID: uuid.New(), Document: document, FileName: "سند.pdf", Size: 1000,
		MediaType: cases.MediaPDF, SHA256: strings.Repeat("ab", 32), StorageKey: "sha256/" + strings.Repeat("ab", 32),
		Uploader: "3974017844", At: days(at)}
}

func request(at int, docs ...string) cases.RequestDocuments {
	c := cases.RequestDocuments{At: days(at)}
	for _, d := range docs {
		c.Requests = append(c.Requests, cases.DocumentRequest{Document: d, Kind: "missing"})
	}
	return c
}

func TestDecideAttach(t *testing.T) {
	quota := attach("deed", 1)
	quota.QuotaBytes = 1500
	tests := []struct {
		name      string
		history   []cases.Command
		cmd       cases.Command
		wantTypes []string
		wantRule  string
		wantCode  domain.ErrorCode
	}{
		{name: "attaches a required document", history: []cases.Command{validSubmit()}, cmd: attach("deed", 1),
			wantTypes: []string{cases.TypeDocumentAttached}},
		{name: "refuses a type the service does not require", history: []cases.Command{validSubmit()}, cmd: attach("partition_map", 1),
			wantRule: cases.RuleDocumentNotInService},
		{name: "refuses an unknown case", cmd: attach("deed", 1), wantRule: cases.RuleNotSubmitted},
		{name: "refuses a file past the case's quota", history: []cases.Command{validSubmit(), attach("deed", 1)}, cmd: quota,
			wantRule: cases.RuleDocumentQuota},
		{name: "refuses a media type outside the list", history: []cases.Command{validSubmit()},
			cmd: func() cases.Command { c := attach("deed", 1); c.MediaType = "text/html"; return c }(), wantCode: domain.CodeInvalid},
		{name: "refuses a malformed hash", history: []cases.Command{validSubmit()},
			cmd: func() cases.Command { c := attach("deed", 1); c.SHA256 = "abc"; return c }(), wantCode: domain.CodeInvalid},
		{name: "refuses an empty file", history: []cases.Command{validSubmit()},
			cmd: func() cases.Command { c := attach("deed", 1); c.Size = 0; return c }(), wantCode: domain.CodeInvalid},
		{name: "refuses a file after the decision", history: append(reviewed(), cases.RecordDecision{Outcome: cases.OutcomeApprove, Reasons: []string{"x"}, At: t0}),
			cmd: attach("deed", 1), wantRule: cases.RuleDecided},
		{name: "answers the request with the last requested type", history: []cases.Command{validSubmit(), request(1, "deed", "national_id_card"), attach("deed", 2)},
			cmd: attach("national_id_card", 3), wantTypes: []string{cases.TypeDocumentAttached, cases.TypeDocumentsProvided}},
		{name: "leaves the request open while a requested type is missing", history: []cases.Command{validSubmit(), request(1, "deed", "national_id_card")},
			cmd: attach("deed", 2), wantTypes: []string{cases.TypeDocumentAttached}},
		{name: "does not count a file attached before the request", history: []cases.Command{validSubmit(), attach("deed", 0), request(1, "deed", "national_id_card")},
			cmd: attach("national_id_card", 2), wantTypes: []string{cases.TypeDocumentAttached}},
		{name: "does not answer the request with another type", history: []cases.Command{validSubmit(), request(1, "deed")},
			cmd: attach("national_id_card", 2), wantTypes: []string{cases.TypeDocumentAttached}},
		{name: "records a download of an attached file", history: []cases.Command{validSubmit(), attachWithID("deed", fixedDoc)},
			cmd: cases.RecordDownload{DocumentID: fixedDoc, At: t0}, wantTypes: []string{cases.TypeDocumentDownloaded}},
		{name: "records a download on a closed case", history: []cases.Command{validSubmit(), attachWithID("deed", fixedDoc), cases.Withdraw{Reason: "moved away", At: t0}},
			cmd: cases.RecordDownload{DocumentID: fixedDoc, At: t0}, wantTypes: []string{cases.TypeDocumentDownloaded}},
		{name: "refuses a download of a file the case lacks", history: []cases.Command{validSubmit()},
			cmd: cases.RecordDownload{DocumentID: fixedDoc, At: t0}, wantCode: domain.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := historyOf(t, tt.history...)
			evs, err := cases.Decide(s, tt.cmd, depsOf(t, "2026.1", "permit.new"))
			if tt.wantTypes != nil {
				var got []string
				for _, e := range evs {
					got = append(got, e.EventType())
				}
				if err != nil || !slices.Equal(got, tt.wantTypes) {
					t.Fatalf("got %v, %v; want %v", got, err, tt.wantTypes)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || (tt.wantRule != "" && de.Rule != tt.wantRule) || (tt.wantCode != "" && de.Code != tt.wantCode) {
				t.Fatalf("got %v, %v; want rule %q code %q", evs, err, tt.wantRule, tt.wantCode)
			}
		})
	}
}

var fixedDoc = uuid.MustParse("0b5e1f1e-2f0a-4c51-9a57-3c1f6c0a9e11")

func attachWithID(document string, id uuid.UUID) cases.AttachDocument {
	c := attach(document, 0)
	c.DocumentID = id
	return c
}

func TestReplacingADocumentSupersedesIt(t *testing.T) {
	first, second := attach("deed", 1), attach("deed", 2)
	s := historyOf(t, validSubmit(), first, second)
	cur, ok := s.Documents.Current("deed")
	if !ok || cur.DocumentID != second.DocumentID || cur.Supersedes == nil || *cur.Supersedes != first.DocumentID {
		t.Fatalf("current deed = %+v, want the second superseding the first", cur)
	}
	if _, ok := s.Documents.Find(first.DocumentID); !ok || len(s.Documents) != 2 {
		t.Fatalf("the superseded file is gone: %+v", s.Documents)
	}
}

func TestAttachingTheRequestedDocumentsResumesTheClock(t *testing.T) {
	s := historyOf(t, validSubmit(), cases.AcceptIntake{At: t0}, request(1, "deed", "national_id_card"), attach("deed", 2), attach("national_id_card", 8))
	if s.Clock.Paused || s.Status != cases.StatusInReview || len(s.Requested) != 0 {
		t.Fatalf("after answering: paused=%v status=%s owed=%v", s.Clock.Paused, s.Status, s.Requested)
	}
	if s.Clock.ApplicantDays == 0 {
		t.Fatal("the applicant's days were not counted")
	}
}
