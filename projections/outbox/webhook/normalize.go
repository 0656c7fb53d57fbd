package webhook

import (
	"net/url"
	"slices"
	"strings"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// maxList bounds event_types and services, so a typo cannot store thousands of entries; the
// bounds of each string are ident's.
const maxList = 100

// Normalize is the one edge every subscription passes, from the command line and the admin
// API alike: the URL is an absolute http(s) URL without credentials (they would show in every
// listing; the signature authenticates the sender), the event types are ones Shafaf publishes,
// the services are the catalogue's; lists are trimmed, deduplicated and sorted.
func Normalize(s Subscription) (Subscription, error) {
	if err := ident.NormalizeAll(&s); err != nil {
		return s, err
	}
	var fe domain.FieldErrors
	if u, err := url.Parse(s.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		fe.Add("url", "invalid", "want an absolute http(s) URL: https://host/path")
	} else if u.User != nil {
		fe.Add("url", "credentials", "the URL must not hold a user name or password; receivers check the signature")
	}
	types, err := cases.Registry()
	if err != nil {
		return s, err
	}
	s.EventTypes = cleanList(&fe, "event_types", s.EventTypes, func(t string) bool { return slices.Contains(types.Types(), t) })
	s.Services = cleanList(&fe, "services", s.Services, func(k string) bool {
		_, ok := catalogue.Default().Service(k)
		return ok
	})
	return s, fe.Err()
}

// cleanList trims, deduplicates and sorts xs, and records each entry known refuses.
func cleanList(fe *domain.FieldErrors, field string, xs []string, known func(string) bool) []string {
	out := []string{}
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	if len(out) > maxList {
		fe.Add(field, "too_many", "at most 100 entries")
		return out
	}
	for _, x := range out {
		if !known(x) {
			fe.Add(field, "unknown", "no such entry: "+x)
		}
	}
	slices.Sort(out)
	return out
}
