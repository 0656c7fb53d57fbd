package notices

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"text/template"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// View is what a template may use; a template naming anything else does not load.
type View struct {
	Ref       string // the tracking number people quote
	What      string // what happened: the status text the case now shows
	Next      string // what the applicant does next, empty when the move is the city's
	Due       string // the date that matters, Jalali with Persian digits
	Documents string // the requested documents' titles, listed
	Link      string // the short link to the case's public page
}

// Notice is the message one event type sends to the case's applicant.
type Notice struct {
	Event string
	// Legal: the law requires the notice (Article 100 service), so an opt-out does not stop it.
	Legal  bool
	fa, en *template.Template
}

// Render writes the notice in Persian, or in English when en and the notice has an English text.
func (n Notice) Render(v View, en bool) (string, error) {
	t := n.fa
	if en && n.en != nil {
		t = n.en
	}
	var b bytes.Buffer
	err := t.Execute(&b, v)
	return b.String(), err
}

// Notices is one published version of the notice catalogue.
type Notices struct {
	version   string
	published jalali.Date
	byEvent   map[string]Notice
}

// legalEvents are the events whose message the law requires: a served Article 100 notice.
var legalEvents = []string{cases.TypeNoticeServed}

type file struct {
	Version   string `json:"version"`
	Published string `json:"published"`
	Notices   []struct {
		Event string `json:"event"`
		Legal bool   `json:"legal"`
		Fa    string `json:"fa"`
		En    string `json:"en"`
	} `json:"notices"`
}

// Load validates data and builds the notices; every problem found is in the error.
func Load(data []byte) (*Notices, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("notices: %w", err)
	}
	reg, err := cases.Registry()
	if err != nil {
		return nil, err
	}
	published, err := jalali.Parse(f.Published)
	var problems []error
	if err != nil || f.Version == "" {
		problems = append(problems, fmt.Errorf("version %q published %q: want a version and a Jalali day", f.Version, f.Published))
	}
	n := &Notices{version: f.Version, published: published, byEvent: map[string]Notice{}}
	for i, raw := range f.Notices {
		at := fmt.Sprintf("notices[%d] (%s)", i, raw.Event)
		if !slices.Contains(reg.Types(), raw.Event) {
			problems = append(problems, fmt.Errorf("%s: no such event type", at))
		}
		if _, dup := n.byEvent[raw.Event]; dup {
			problems = append(problems, fmt.Errorf("%s: a second notice for the event", at))
		}
		if slices.Contains(legalEvents, raw.Event) != raw.Legal {
			problems = append(problems, fmt.Errorf("%s: legal must be %v", at, !raw.Legal))
		}
		notice := Notice{Event: raw.Event, Legal: raw.Legal}
		if notice.fa, err = parse(raw.Fa); err != nil || raw.Fa == "" {
			problems = append(problems, fmt.Errorf("%s: fa: %v", at, orEmpty(err)))
		}
		if raw.En != "" {
			if notice.en, err = parse(raw.En); err != nil {
				problems = append(problems, fmt.Errorf("%s: en: %v", at, err))
			}
		}
		n.byEvent[raw.Event] = notice
	}
	for _, ev := range legalEvents {
		if _, ok := n.byEvent[ev]; !ok {
			problems = append(problems, fmt.Errorf("%s: the law requires a notice and there is none", ev))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("notices %s: invalid: %w", f.Version, errors.Join(problems...))
	}
	return n, nil
}

func orEmpty(err error) error {
	if err == nil {
		return errors.New("empty")
	}
	return err
}

// parse compiles a template and tries it on a View, so a placeholder View lacks fails here and
// not when an applicant's message is due.
func parse(text string) (*template.Template, error) {
	t, err := template.New("").Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, err
	}
	if err := t.Execute(&strings.Builder{}, View{}); err != nil {
		return nil, err
	}
	return t, nil
}

// Version names this notice catalogue.
func (n *Notices) Version() string { return n.version }

// For returns the notice an event type sends, if any.
func (n *Notices) For(eventType string) (Notice, bool) {
	notice, ok := n.byEvent[eventType]
	return notice, ok
}

//go:embed data/*.json
var embedded embed.FS

// Default is the newest embedded version (latest Published day): messages speak of now, so
// every case is texted in the current wording. The files are tested; a bad one panics.
var Default = sync.OnceValue(func() *Notices {
	paths, _ := fs.Glob(embedded, "data/*.json")
	var newest *Notices
	for _, p := range paths {
		data, _ := embedded.ReadFile(p)
		n, err := Load(data)
		if err != nil {
			panic(p + ": " + err.Error())
		}
		if newest == nil || n.published.Compare(newest.published) > 0 {
			newest = n
		}
	}
	return newest
})
