package webhook_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/projections/outbox/webhook"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	t.Run("trims, deduplicates and sorts", func(t *testing.T) {
		s, err := webhook.Normalize(webhook.Subscription{URL: "  https://gis.city.example/hooks ",
			EventTypes: []string{" case.Issued.v1", "case.Decided.v1", "case.Issued.v1", ""}, Services: nil})
		if err != nil || s.URL != "https://gis.city.example/hooks" || !slices.Equal(s.EventTypes, []string{"case.Decided.v1", "case.Issued.v1"}) ||
			s.Services == nil || len(s.Services) != 0 {
			t.Fatalf("Normalize = %+v, %v", s, err)
		}
	})
	many := make([]string, 101)
	for i := range many {
		many[i] = "case.Issued.v" + strconv.Itoa(i)
	}
	for _, tc := range []struct {
		name        string
		sub         webhook.Subscription
		field, code string
	}{
		{"a URL without a scheme", webhook.Subscription{URL: "gis.city.example/hooks"}, "url", "invalid"},
		{"a URL of another scheme", webhook.Subscription{URL: "ftp://gis.city.example/hooks"}, "url", "invalid"},
		{"a URL with credentials", webhook.Subscription{URL: "https://u:p@gis.city.example/hooks"}, "url", "credentials"},
		{"a URL longer than ident allows", webhook.Subscription{URL: "https://gis.city.example/" + strings.Repeat("a", 2048)}, "url", "max_length"},
		{"an event type Shafaf does not publish", webhook.Subscription{URL: "https://x.example", EventTypes: []string{"case.Approved.v1"}}, "event_types", "unknown"},
		{"a service the catalogue lacks", webhook.Subscription{URL: "https://x.example", Services: []string{"permit.flying_car"}}, "services", "unknown"},
		{"more than 100 event types", webhook.Subscription{URL: "https://x.example", EventTypes: many}, "event_types", "too_many"},
	} {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := webhook.Normalize(tc.sub)
			var de *domain.Error
			if !errors.As(err, &de) || len(de.Fields) == 0 || de.Fields[0].Field != tc.field || de.Fields[0].Code != tc.code {
				t.Fatalf("Normalize = %v, want %s %s", err, tc.field, tc.code)
			}
		})
	}
}
