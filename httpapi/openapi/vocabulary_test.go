package openapi

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// TestEnumsAreTheLifecycleVocabulary fails when the document's status or waiting-on enum
// differs from domain/lifecycle, or its role enum from domain/access: clients must see every
// status a case can reach and every role the policy knows, no other.
func TestEnumsAreTheLifecycleVocabulary(t *testing.T) {
	t.Parallel()
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Enum []string `json:"enum"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(JSON(), &doc); err != nil {
		t.Fatal(err)
	}
	var statuses, parties, roles []string
	for _, s := range lifecycle.All() {
		statuses = append(statuses, string(s))
	}
	for _, p := range lifecycle.Parties {
		parties = append(parties, string(p))
	}
	for _, r := range access.Roles {
		roles = append(roles, string(r))
	}
	for schema, want := range map[string][]string{"Status": statuses, "WaitingOn": parties, "Role": roles} {
		if got := doc.Components.Schemas[schema].Enum; !slices.Equal(got, want) {
			t.Errorf("schema %s has enum\n%q\nthe lifecycle vocabulary has\n%q", schema, got, want)
		}
	}
}
