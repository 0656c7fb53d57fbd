package main

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/httpapi"
	"github.com/shafaf-city/shafaf/projections/casesummary"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// Every public endpoint (every GET route the router serves without a token, found from the
// router itself, so a new one is scanned without editing this test) answers a seeded city's
// anonymous visitor without the applicants' names, national IDs or phone numbers, in Latin or
// Persian digits.
func TestPublicEndpointsShowNoPersonalData(t *testing.T) {
	t.Parallel() // seeding dominates; let it overlap the other end-to-end tests
	app, sum := MustSeededApp(t)
	anon := client{tb: t, base: app.URL()}
	// The transparency log's first leaf, proved in the tree of one leaf.
	first, err := app.store.ReadAll(context.Background(), eventstore.Position{}, eventstore.Filter{}, 1)
	if err != nil || len(first) != 1 {
		t.Fatalf("the seeded city's first event: %v", err)
	}
	if err := app.runtime.WaitFor(context.Background(), tlog.Name, first[0].Position); err != nil {
		t.Fatal(err)
	}
	params := strings.NewReplacer(":key", "permit.new", ":number", sum.Valid.Number+"?c="+sum.Valid.Code,
		"*file", "style.css", ":event_id", first[0].ID.String()+"?size=1", ":token", shortLinkOf(t, app, sum.Valid.CaseID.String()))
	scanned := 0
	var all strings.Builder
	for _, route := range app.server.Handler.(*httpapi.Server).Routes() {
		method, path, _ := strings.Cut(route, " ")
		if method != http.MethodGet || (strings.HasPrefix(path, "/v1/") && !strings.HasPrefix(path, "/v1/catalogue")) {
			continue
		}
		path = params.Replace(path)
		if strings.ContainsAny(path, ":*") {
			t.Fatalf("public route %s has a parameter this test cannot fill", route)
		}
		r := anon.get(path)
		if r.status == http.StatusUnauthorized || r.status >= 500 {
			t.Fatalf("public %s answered %d: %s", path, r.status, r.body)
		}
		all.Write(r.body)
		all.WriteByte('\n')
		scanned++
	}
	all.WriteString(trackedPage(t, app, anon, sum))
	body := all.String()
	if scanned < 5 || !strings.Contains(body, sum.Valid.Number) {
		t.Fatalf("scanned %d public endpoints; the seeded certificate %s is not among what they show", scanned, sum.Valid.Number)
	}
	for _, p := range sum.People {
		for _, secret := range []string{p.Name, p.NationalID, p.Phone, persianDigits(p.NationalID), persianDigits(p.Phone)} {
			if len(secret) > 3 && strings.Contains(body, secret) {
				t.Errorf("a public endpoint shows personal data %q", secret)
			}
		}
	}
	t.Logf("scanned %d public endpoints for %d people", scanned, len(sum.People))
}

// shortLinkOf is the token of the case's short link, once the outbox has planned it.
func shortLinkOf(t *testing.T, app *App, caseID string) string {
	t.Helper()
	ctx := context.Background()
	head, err := app.store.Head(ctx)
	if err == nil {
		err = app.runtime.WaitFor(ctx, "outbox", head)
	}
	var link string
	if err == nil {
		err = app.pool.QueryRow(ctx, "SELECT link FROM notify.cases WHERE case_id = $1", caseID).Scan(&link)
	}
	if err != nil {
		t.Fatalf("the short link of case %s: %v", caseID, err)
	}
	return link
}

func persianDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '۰' + (r - '0')
		}
		return r
	}, s)
}

// trackedPage is /track's answer for the seeded city's valid certificate, looked up as its
// applicant would: with the tracking number and the last four digits of the national ID.
func trackedPage(t *testing.T, app *App, anon client, sum demo.Summary) string {
	t.Helper()
	ctx := context.Background()
	head, err := app.store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.runtime.WaitFor(ctx, casesummary.Name, head); err != nil {
		t.Fatal(err)
	}
	i := slices.Index(sum.CaseIDs, sum.Valid.CaseID)
	c, err := casesummary.Reader{Reads: app.runtime}.Get(ctx, sum.Valid.CaseID)
	if i < 0 || err != nil || c.TrackingNumber == nil {
		t.Fatalf("the seeded certificate's case: %v", err)
	}
	nid := sum.People[i].NationalID
	r := anon.get("/track?" + url.Values{"number": {*c.TrackingNumber}, "last4": {nid[len(nid)-4:]}}.Encode())
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `data-status="`+c.Status+`"`) {
		t.Fatalf("/track for the seeded certificate's case answered %d: %s", r.status, r.body)
	}
	return string(r.body)
}
