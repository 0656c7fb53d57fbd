package lifecycle_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

func TestEveryNextStepHasATextInBothLanguages(t *testing.T) {
	for _, st := range lifecycle.All() {
		e, _ := lifecycle.Of(st)
		for _, a := range e.Next {
			if txt, ok := lifecycle.ActionText(a); !ok || txt.Fa == "" || txt.En == "" {
				t.Errorf("%s: next step %s has no text", st, a)
			}
		}
	}
}
