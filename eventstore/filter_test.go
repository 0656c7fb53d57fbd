package eventstore_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
)

func TestFilterMatches(t *testing.T) {
	tests := []struct {
		name   string
		filter eventstore.Filter
		stream string
		typ    string
		want   bool
	}{
		{"empty filter takes everything", eventstore.Filter{}, "case-1", "case.Submitted.v1", true},
		{"stream prefix", eventstore.Filter{StreamPrefixes: []string{"case-"}}, "case-1", "x", true},
		{"other stream", eventstore.Filter{StreamPrefixes: []string{"case-"}}, "permit-1", "x", false},
		{"any of the stream prefixes", eventstore.Filter{StreamPrefixes: []string{"permit-", "case-"}}, "case-1", "x", true},
		{"prefix longer than the name", eventstore.Filter{StreamPrefixes: []string{"case-123"}}, "case-1", "x", false},
		{"type prefix", eventstore.Filter{EventTypePrefixes: []string{"case."}}, "s", "case.Submitted.v1", true},
		{"both must hold", eventstore.Filter{StreamPrefixes: []string{"case-"}, EventTypePrefixes: []string{"permit."}}, "case-1", "case.Submitted.v1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.filter.Matches(tt.stream, tt.typ); got != tt.want {
				t.Fatalf("Matches(%q, %q) = %v, want %v", tt.stream, tt.typ, got, tt.want)
			}
		})
	}
}
