package catalogue

import (
	"maps"
	"slices"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
)

// Catalogue is one published version of the service list. It is immutable after Load; the
// Services it returns share its data and must be treated as read-only.
type Catalogue struct {
	version   string
	published jalali.Date
	documents map[string]Text
	services  []Service
	index     map[string]int
}

// Load validates data and builds the catalogue; an invalid file yields *InvalidError with
// every problem. Each step's roles are the access policy's; each service's status texts are the vocabulary's, worded over by the file's
// and then by the service's own.
func Load(data []byte) (*Catalogue, error) {
	if problems := Validate(data); len(problems) > 0 {
		return nil, &InvalidError{Problems: problems}
	}
	f, _ := decode(data)
	published, _ := jalali.Parse(f.Published)
	c := &Catalogue{version: f.Version, published: published, documents: f.Documents,
		services: f.Services, index: map[string]int{}}
	for i := range c.services {
		s := &c.services[i]
		texts := map[Status]Text{}
		for _, st := range Statuses[s.Flow()] {
			e, _ := lifecycle.Of(st)
			texts[st] = e.Text
		}
		maps.Copy(texts, f.StatusTexts[s.Flow()])
		maps.Copy(texts, s.StatusTexts)
		s.StatusTexts = texts
		for j := range s.Steps {
			s.Steps[j].Roles = rolesOn(s.Steps[j].Step, s.Group)
		}
		c.index[s.Key] = i
	}
	for _, r := range f.PlotRules {
		for _, key := range r.Open {
			c.services[c.index[key]].HoldsPlot = &r
		}
	}
	return c, nil
}

// Version names this catalogue; cases record it when they open.
func (c *Catalogue) Version() string { return c.version }

// Published is the Jalali day this version took effect.
func (c *Catalogue) Published() jalali.Date { return c.published }

// Service returns the service with key.
func (c *Catalogue) Service(key string) (Service, bool) {
	i, ok := c.index[key]
	if !ok {
		return Service{}, false
	}
	return c.services[i], true
}

// Services lists every service in file order, which is stable across loads.
func (c *Catalogue) Services() []Service { return slices.Clone(c.services) }

// Document returns the names of a required-document key.
func (c *Catalogue) Document(key string) (Text, bool) {
	t, ok := c.documents[key]
	return t, ok
}
