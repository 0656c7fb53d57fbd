package lifecycle_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// TestTheLifecycleDocumentTellsTheVocabulary holds the status table of docs/lifecycle.md to
// the vocabulary: every status in one row, with whom it waits on and its next steps.
func TestTheLifecycleDocumentTellsTheVocabulary(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("../../docs/lifecycle.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[lifecycle.Status][]string{}
	for line := range strings.SplitSeq(string(text), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if !strings.HasPrefix(line, "| ") || len(cells) != 4 {
			continue
		}
		for s := range strings.SplitSeq(cells[0], ", ") {
			rows[lifecycle.Status(s)] = cells
		}
	}
	for _, s := range lifecycle.All() {
		e, _ := lifecycle.Of(s)
		cells, ok := rows[s]
		if !ok {
			t.Errorf("docs/lifecycle.md has no row for %q", s)
			continue
		}
		party, _, _ := strings.Cut(strings.Trim(cells[2], "*"), "*")
		var next []access.Action
		for a := range strings.SplitSeq(cells[3], ", ") {
			a, _, _ = strings.Cut(a, " ")
			next = append(next, access.Action(a))
		}
		if lifecycle.Party(strings.TrimSpace(party)) != e.WaitsOn || !slices.Equal(next, e.Next) {
			t.Errorf("docs/lifecycle.md says %q waits on %q, next %v; the vocabulary says %q, %v", s, party, next, e.WaitsOn, e.Next)
		}
	}
}
