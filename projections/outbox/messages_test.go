package outbox_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/projections/outbox"
)

// Every text is the notice catalogue's: every placeholder filled, documents named by their
// titles (never a catalogue key), the case's own random short link, within one Kavenegar call.
func TestTextsComeFromTheNoticeCatalogue(t *testing.T) {
	t.Parallel()
	w := mustWorld(t, 40)
	links := map[string]string{}
	rows, err := w.pool.Query(context.Background(), "SELECT case_id::text, link FROM notify.cases WHERE mobile IS NOT NULL")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, link string
		if err := rows.Scan(&id, &link); err != nil {
			t.Fatal(err)
		}
		links[id] = link
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	var keys []string
	for _, s := range catalogue.Default().Services() {
		keys = append(keys, s.Documents...)
	}
	linkRe := regexp.MustCompile(`https://shafaf\.example/c/([a-z2-9]{10})$`)
	documents := 0
	for _, r := range w.rows(t) {
		if n := utf8.RuneCountInString(r.Body); n > 268 || strings.Contains(r.Body, "<no value>") {
			t.Errorf("text of %d characters: %q", n, r.Body)
		}
		if m := linkRe.FindStringSubmatch(r.Body); m == nil || m[1] != links[r.CaseID] {
			t.Errorf("text %q: want the link of case %s, /c/%s", r.Body, r.CaseID, links[r.CaseID])
		}
		if strings.Contains(r.Body, "مدارک لازم") {
			documents++
			for _, k := range keys {
				if strings.Contains(r.Body, k) {
					t.Errorf("document request names %q by its key: %q", k, r.Body)
				}
			}
		}
	}
	if documents == 0 {
		t.Fatal("the city requested no documents: nothing checked")
	}
	if len(links) < 2 || len(links) != len(uniq(links)) {
		t.Fatalf("links %v: want one distinct link per case", links)
	}
}

func uniq(m map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, v := range m {
		out[v] = true
	}
	return out
}

// A link resolves to its case's reference however the reader retyped its case; anything else
// resolves to nothing.
func TestLinksResolve(t *testing.T) {
	t.Parallel()
	w := mustWorld(t, 3)
	var link, ref string
	if err := w.pool.QueryRow(context.Background(), "SELECT link, ref FROM notify.cases LIMIT 1").Scan(&link, &ref); err != nil {
		t.Fatal(err)
	}
	links := outbox.Links{Pool: w.pool}
	for _, tc := range []struct {
		token string
		found bool
	}{
		{link, true},
		{" " + strings.ToUpper(link) + " ", true},
		{"aaaaaaaaaa", false},
		{link[:9], false},
		{link[:9] + "0", false}, // 0 is not in the alphabet
		{"'; DROP TABLE notify.cases; --", false},
	} {
		got, found, err := links.Resolve(context.Background(), tc.token)
		if err != nil || found != tc.found || (found && got != ref) {
			t.Errorf("Resolve(%q) = %q, %v, %v; want found %v (%q)", tc.token, got, found, err, tc.found, ref)
		}
	}
}
