package demo

import (
	"context"
	"math/rand"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// fate is where a case's story is headed; the clock may stop it earlier.
type fate int

const (
	fateIssued          fate = iota // decided, paid and issued (sometimes renewed, revoked or expired later)
	fateRejected                    // decided against
	fateWithdrawn                   // the applicant gave up
	fateAwaitingDocs                // returned for documents the applicant never sends
	fateAwaitingPayment             // paid one instalment of two, then nothing
	fateStalled                     // staff left it lying: it turns overdue
)

// drawFate picks an application's fate: most cases end in a document.
func drawFate(rng *rand.Rand) fate {
	switch p := rng.Float64(); {
	case p < 0.62:
		return fateIssued
	case p < 0.74:
		return fateRejected
	case p < 0.80:
		return fateWithdrawn
	case p < 0.87:
		return fateAwaitingDocs
	case p < 0.93:
		return fateAwaitingPayment
	}
	return fateStalled
}

// planner builds the steps of one case.
type planner struct {
	rng       *rand.Rand
	clock     *Clock
	svc       catalogue.Service
	district  string
	plot      ident.Plot
	applicant cases.Applicant
	citizen   commands.Actor
	clerk     commands.Actor
	inspector commands.Actor
	boss      commands.Actor
	extra     time.Duration // added to the next step's wait
	slow      float64       // this case's staff pace: 1 normal, 3 for the cases that run late
	steps     []step
}

func newPlanner(rng *rand.Rand, clock *Clock, svc catalogue.Service, district string, plotNo int) *planner {
	p := &planner{rng: rng, clock: clock, svc: svc, district: district, applicant: person(rng), citizen: citizen(rng),
		clerk: clerk(district, 1+rng.Intn(3)), inspector: inspector(district, 1+rng.Intn(2)),
		boss: supervisor(district), slow: 1}
	if rng.Float64() < 0.18 {
		p.slow = 3.5
	}
	d := 0
	for _, c := range district {
		d = d*10 + int(c-'0')
	}
	p.plot, _ = ident.NewPlot(d, []int{100 + plotNo/50}, []int{1 + plotNo%50})
	return p
}

func (p *planner) uses(s catalogue.Step) bool { return p.svc.UsesStep(s) }

// add appends a step; staff gaps stretch with the case's pace.
func (p *planner) add(name string, after time.Duration, actor commands.Actor, run func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error)) {
	office := actor.Role != "applicant"
	if office {
		after = time.Duration(float64(after) * p.slow)
	}
	after, p.extra = after+p.extra, 0
	p.steps = append(p.steps, step{name: name, after: after, office: office, actor: actor, run: run})
}

// legalDays is the service's legal deadline in calendar days, about.
func (p *planner) legalDays() float64 {
	legal := float64(p.svc.Deadline.Days)
	if p.svc.Deadline.Kind == "working" {
		legal *= 7.0 / 5
	}
	return legal
}

// staffGap is a typical wait for the next staff action on this service: its legal deadline
// spread over the steps it has. Office hours and days off stretch every staff step further,
// so the gaps stay short enough for an ordinary case to finish inside the deadline.
func (p *planner) staffGap() time.Duration {
	per := p.legalDays() / float64(len(p.svc.Steps)+2)
	return days(p.rng, per*0.05, per*0.5)
}

// inspectionGap is the wait from scheduling a site visit to its report: a few days, fewer
// for a service with a short deadline.
func (p *planner) inspectionGap() time.Duration {
	return days(p.rng, 0.5, min(4, p.legalDays()*0.3))
}

// submit opens the case: online by the applicant or at the counter by a clerk.
func (p *planner) submit(channel string, actor commands.Actor) {
	cmd := commands.SubmitApplication{Service: p.svc.Key, Channel: channel, District: p.district,
		Plot: &p.plot, Applicant: p.applicant, Description: describe(p.svc)}
	p.add("submit", 0, actor, func(ctx context.Context, c *commands.Cases, _ uuid.UUID) (commands.Result, error) {
		return c.Submit(ctx, cmd, actor)
	})
}

func describe(svc catalogue.Service) string {
	if svc.Name.Fa != "" {
		return "درخواست " + svc.Name.Fa
	}
	return svc.Key
}
