package outbox

import (
	"crypto/rand"
	"time"
	"unicode/utf8"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/catalogue/notices"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/caseevent"
)

// maxRunes is the longest Persian text Kavenegar takes in one call (413 beyond): a request for
// many documents names the first ones and counts the rest.
const maxRunes = 268

// smsCase is what the planner remembers of a case for its texts.
type smsCase struct {
	ref, service, version, link string
}

// render writes the text notice n sends about ev, from the notice catalogue's template.
func (p *Planner) render(n notices.Notice, c smsCase, ev caseevent.Event) (string, error) {
	cat, ok := catalogue.ByVersion(c.version)
	if !ok {
		cat = catalogue.Default()
	}
	svc, _ := cat.Service(c.service)
	v := notices.View{Ref: c.ref, Link: p.linkBase + "/c/" + c.link}
	v.What, v.Next = notices.Describe(svc, cases.Progress{}.Evolve(ev.Event).Status)
	var titles []string
	switch e := ev.Event.(type) {
	case *cases.Submitted:
		v.Due = persianDate(e.DueAt)
	case *cases.DocumentsRequested:
		for _, r := range e.Requests {
			titles = append(titles, r.Document)
		}
	case *cases.NoticeServed:
		v.Due = persianDate(e.DefenceEndsAt)
	}
	for keep := len(titles); ; keep-- {
		v.Documents = notices.ListDocuments(cat, titles, keep)
		body, err := n.Render(v, false)
		if err != nil || keep <= 1 || utf8.RuneCountInString(body) <= maxRunes {
			return body, err
		}
	}
}

// persianDate renders a moment as the Tehran civil day people read.
func persianDate(t time.Time) string { return jalali.Format(t, jalali.Persian) }

// linkAlphabet spells short-link tokens: lower-case letters and digits without the ones people
// confuse (0/o, 1/l/i), so a link read aloud or retyped from a text still works.
const linkAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// newLink is a fresh random short-link token: 10 characters, about 49 bits, so guessing one
// that belongs to some case takes billions of tries against a rate-limited route.
func newLink() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	for i := range b {
		b[i] = linkAlphabet[int(b[i])%len(linkAlphabet)]
	}
	return string(b)
}
