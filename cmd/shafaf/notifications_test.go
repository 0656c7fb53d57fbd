package main

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar/kavenegartest"
)

// TestApplicantIsTextedWhatHappensToTheirCase is the SMS half of issue 18's Done-when: an
// applicant who gave a mobile number (typed in Persian digits) gets an SMS through Kavenegar
// quoting the case's tracking number when they submit, and another listing what to bring, by the
// catalogue's titles, when a clerk asks for documents. A rebuild of the outbox sends nothing
// again, and operators see the log.
func TestApplicantIsTextedWhatHappensToTheirCase(t *testing.T) {
	ctx := context.Background()
	sms := kavenegartest.Start(t)
	dsn := pgtest.NewDatabase(t)
	app := openTestApp(t, dsn, func(cfg *appConfig) {
		cfg.Notify = notifyConfig{SMS: "kavenegar", KavenegarURL: sms.URL, KavenegarKey: kavenegartest.Key,
			KavenegarFrom: kavenegartest.Sender, Dispatcher: outbox.Config{Poll: 10 * time.Millisecond}}
	})
	var svc catalogue.Service
	for _, s := range catalogue.Default().Services() {
		if s.Flow() == catalogue.FlowApplication && s.UsesStep(catalogue.StepDocumentRequest) {
			svc = s
			break
		}
	}
	applicant := client{tb: t, base: app.URL(), actor: "applicant:3974017844"}
	r := applicant.post("/v1/cases", map[string]any{
		"service": svc.Key, "channel": "online", "district": "3",
		"plot":      map[string]any{"section": 3, "main": []int{72}, "sub": []int{1}},
		"applicant": map[string]any{"name": "Sara Ahmadi", "national_id": "3974017844", "phone": "۰۹۱۲ ۱۲۳ ۴۵۶۷"},
	})
	wantStatus(t, r, http.StatusCreated)
	var created commandResult
	r.json(t, &created)
	clerk := client{tb: t, base: app.URL(), actor: "admin:admin-1"}
	wantStatus(t, clerk.post("/v1/cases/"+created.CaseID+"/request-documents",
		map[string]any{"requests": []map[string]any{{"document": svc.Documents[0], "kind": "missing"}}}), http.StatusOK)

	sent := waitSent(t, sms, 2)
	ref := trackingNumberOf(t, applicant, created.CaseID, created.Position)
	title, _ := catalogue.Default().Document(svc.Documents[0])
	for i, want := range []string{"ثبت شد", title.Fa} {
		e := sent[i]
		if e.Receptor != "09121234567" || !strings.Contains(e.Message, ref) || !strings.Contains(e.Message, want) {
			t.Errorf("message %d to %s: %q; want %q and %q", i, e.Receptor, e.Message, ref, want)
		}
	}
	if strings.Contains(sent[1].Message, svc.Documents[0]) {
		t.Errorf("the document request names the document by its key: %q", sent[1].Message)
	}
	// Each text's link leads to /track with the case's number filled in, and to nothing else.
	for _, e := range sent {
		link := regexp.MustCompile(`/c/[a-z2-9]+$`).FindString(e.Message)
		noFollow := http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := noFollow.Get(app.URL() + link)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/track?number="+ref {
			t.Errorf("link %q of %q: status %d, Location %q", link, e.Message, res.StatusCode, loc)
		}
	}

	if err := app.runtime.RebuildMany(ctx, []string{"outbox"}, nil); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DATABASE_URL", dsn)
	var out bytes.Buffer
	if err := run(ctx, []string{"notifications", "status"}, &out, &out); err != nil ||
		!regexp.MustCompile(`(?m)^sms\s+sent\s+2$`).MatchString(out.String()) {
		t.Fatalf("after a rebuild of the outbox, status: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"notifications", "opt-out", created.CaseID}, &out, &out); err != nil {
		t.Fatalf("opt-out: %v\n%s", err, out.String())
	}

	out.Reset()
	err := run(ctx, []string{"webhooks", "add", "--url", "https://gis.city.example/hooks", "--events", "case.Issued.v1"}, &out, &out)
	added := regexp.MustCompile(`(?m)^webhook (\S+)\nsecret whsec_\S+$`).FindStringSubmatch(out.String())
	if err != nil || added == nil {
		t.Fatalf("webhooks add: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"webhooks", "list"}, &out, &out); err != nil ||
		!strings.Contains(out.String(), added[1]+"  https://gis.city.example/hooks  case.Issued.v1  all") {
		t.Fatalf("webhooks list: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"webhooks", "remove", added[1]}, &out, &out); err != nil {
		t.Fatalf("webhooks remove: %v", err)
	}
}

// waitSent waits until the fake Kavenegar has put n messages on the air and returns them.
func waitSent(t *testing.T, sms *kavenegartest.Server, n int) []kavenegar.Entry {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if sent := sms.Sent(); len(sent) >= n {
			return sent
		} else if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages sent: %+v", len(sent), n, sent)
		}
	}
}
