package outbox

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue/notices"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/caseevent"
)

// The text asking for documents says by when, in Persian digits, when the request carries the
// applicant's deadline, and leaves the sentence out for a request stored before it existed.
func TestTheDocumentsTextSaysByWhen(t *testing.T) {
	t.Parallel()
	p, err := NewPlanner("https://shafaf.example")
	if err != nil {
		t.Fatal(err)
	}
	n, ok := notices.Default().For(cases.TypeDocumentsRequested)
	if !ok {
		t.Fatal("no notice for a request for documents")
	}
	due := time.Date(2026, 5, 24, 20, 30, 0, 0, time.UTC) // the start of 1405/03/04 in Tehran
	for _, tc := range []struct {
		name      string
		respondBy time.Time
		want      string
	}{
		{"with a deadline", due, "مهلت: " + jalali.Format(due, jalali.Persian) + "."},
		{"stored before deadlines", time.Time{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := caseevent.Event{CaseID: uuid.New(), Event: &cases.DocumentsRequested{
				Requests: []cases.DocumentRequest{{Document: "deed", Kind: "missing"}}, RespondBy: tc.respondBy}}
			text, err := p.render(n, smsCase{ref: "1405-1-00042-7", service: "permit.new", link: "abcdefghjk"}, ev)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(text, "مهلت") != (tc.want != "") || !strings.Contains(text, tc.want) {
				t.Fatalf("text %q, want %q", text, tc.want)
			}
		})
	}
}
