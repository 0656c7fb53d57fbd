package notices

import (
	"slices"
	"strings"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// Describe says in Persian what a case of service s now in status st shows (the service's
// wording of the status, which defaults to the lifecycle vocabulary's) and what the applicant
// or owner does next (the vocabulary's next steps that are theirs); next is empty while the
// move is the city's.
func Describe(s catalogue.Service, st lifecycle.Status) (what, next string) {
	what = s.StatusTexts[st].Fa
	e, ok := lifecycle.Of(st)
	if !ok || (e.WaitsOn != lifecycle.Applicant && e.WaitsOn != lifecycle.Owner) {
		return what, ""
	}
	var steps []string
	for _, a := range e.Next {
		if t, ok := lifecycle.ActionText(a); ok && slices.Contains(lifecycle.MayTake(a), access.Applicant) {
			steps = append(steps, t.Fa)
		}
	}
	return what, strings.Join(steps, " یا ")
}

// DocumentTitles lists the Persian titles of document keys as catalogue c names them; a key
// it does not know is shown as it is rather than dropped.
func DocumentTitles(c *catalogue.Catalogue, keys []string) string {
	titles := make([]string, len(keys))
	for i, k := range keys {
		titles[i] = k
		if t, ok := c.Document(k); ok {
			titles[i] = t.Fa
		}
	}
	return strings.Join(titles, "، ")
}
