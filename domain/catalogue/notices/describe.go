package notices

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
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

// ListDocuments lists the Persian titles of the first keep document keys as catalogue c names
// them and counts the rest, for a text that must stay short; a key c does not know is shown as
// it is rather than dropped.
func ListDocuments(c *catalogue.Catalogue, keys []string, keep int) string {
	keep = min(max(keep, 0), len(keys))
	titles := make([]string, keep)
	for i, k := range keys[:keep] {
		titles[i] = k
		if t, ok := c.Document(k); ok {
			titles[i] = t.Fa
		}
	}
	list := strings.Join(titles, "، ")
	if rest := len(keys) - keep; rest > 0 {
		list += fmt.Sprintf(" و %s مدرک دیگر", jalali.PersianDigits(strconv.Itoa(rest)))
	}
	return list
}
