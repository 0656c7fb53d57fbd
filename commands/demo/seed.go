package demo

import (
	"container/heap"
	"context"
	"fmt"
	"math/rand"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// Options shape the seeded city; the zero value of each field picks the default in its comment.
type Options struct {
	Cases     int           // cases to open (400)
	Seed      int64         // the random seed: the same seed seeds the same city (1)
	Districts int           // districts 1..Districts (10)
	End       time.Time     // the simulated "now" where the story stops (time.Now())
	Span      time.Duration // how far back the first submissions go (180 days)
	// PlotBase is the first plot number (0); shards of one city generated apart need
	// disjoint ranges, since a case's plot-hold stream is named after its plot.
	PlotBase int
	// Services restricts the services seeded (every service of the default catalogue); they
	// are drawn by their demand either way.
	Services []string
}

func (o Options) withDefaults() Options {
	if o.Cases <= 0 {
		o.Cases = 400
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Districts <= 0 {
		o.Districts = 10
	}
	if o.End.IsZero() {
		o.End = time.Now()
	}
	if o.Span <= 0 {
		o.Span = 180 * 24 * time.Hour
	}
	return o
}

// Seed drives opts.Cases cases through the real commands on store, as the city's people would
// over the months before opts.End, and reports what it made. Services are drawn by their
// demand and submissions follow the city's rhythm (rhythm.go). Each command is stamped by a
// simulated clock that moves through the story in time order.
func Seed(ctx context.Context, store commands.Store, opts Options) (Summary, error) {
	opts = opts.withDefaults()
	rng := rand.New(rand.NewSource(opts.Seed))
	clock := NewClock(opts.End.Add(-opts.Span))
	c, err := commands.NewCases(store, catalogue.Default(), clock.Now, func() uuid.UUID { return randomID(rng) })
	if err != nil {
		return Summary{}, err
	}
	services, err := pick(opts.Services)
	if err != nil {
		return Summary{}, err
	}
	cal := workdays.Default()
	mix, days := newServiceMix(services), newRhythm(opts.End, opts.Span, cal)
	s := &scheduler{rng: rng, clock: clock, cal: cal, end: opts.End}
	for i := range opts.Cases {
		svc := mix.draw(rng)
		district := fmt.Sprint(1 + rng.Intn(opts.Districts))
		p := newPlanner(rng, clock, svc, district, opts.PlotBase+i)
		a := &agent{svc: svc.Key, steps: plan(p), people: p.applicant}
		a.next = days.draw(rng)
		if a.steps[0].office {
			a.next = officeHours(a.next, cal, rng)
		}
		s.agents = append(s.agents, a)
	}
	sum, err := s.run(ctx, c)
	if err != nil {
		return sum, err
	}
	return sum, sum.fill(ctx, c, s.agents)
}

// plan picks the case's fate and plans its steps.
func plan(p *planner) []step {
	if p.svc.Flow() == catalogue.FlowViolation {
		return p.violation()
	}
	f := drawFate(p.rng)
	switch {
	case f == fateRejected && !p.uses(catalogue.StepDecision),
		f == fateAwaitingPayment && !p.uses(catalogue.StepPayment):
		f = fateIssued
	case f == fateAwaitingDocs && !p.uses(catalogue.StepDocumentRequest):
		f = fateStalled
	}
	return p.application(f)
}

// pick returns the services to seed, all of the default catalogue's when keys is empty.
func pick(keys []string) ([]catalogue.Service, error) {
	cat := catalogue.Default()
	if len(keys) == 0 {
		return cat.Services(), nil
	}
	out := make([]catalogue.Service, 0, len(keys))
	for _, k := range keys {
		svc, ok := cat.Service(k)
		if !ok {
			return nil, fmt.Errorf("demo: no service %q in catalogue %s", k, cat.Version())
		}
		out = append(out, svc)
	}
	return out, nil
}

// randomID is a version-4 UUID drawn from rng, so a seed always makes the same ids.
func randomID(rng *rand.Rand) uuid.UUID {
	var id uuid.UUID
	_, _ = rng.Read(id[:])
	id[6] = id[6]&0x0f | 0x40
	id[8] = id[8]&0x3f | 0x80
	return id
}

// agent is one case on its way through its planned steps.
type agent struct {
	svc    string
	id     uuid.UUID
	next   time.Time // when the next step happens
	steps  []step
	people cases.Applicant // kept for the summary: tests check public outputs never show it
	order  int
}

// scheduler runs every agent's next step in time order, moving the clock to it.
type scheduler struct {
	rng    *rand.Rand
	clock  *Clock
	cal    *workdays.Calendar
	end    time.Time
	agents []*agent
}

func (s *scheduler) run(ctx context.Context, c *commands.Cases) (Summary, error) {
	sum := Summary{From: s.end, To: s.end}
	q := make(agentQueue, 0, len(s.agents))
	for i, a := range s.agents {
		a.order = i
		q = append(q, a)
	}
	heap.Init(&q)
	for q.Len() > 0 {
		a := heap.Pop(&q).(*agent)
		if a.next.After(s.end) {
			continue
		}
		st := a.steps[0]
		s.clock.Set(a.next)
		res, err := st.run(ctx, c, a.id)
		if err != nil {
			return sum, fmt.Errorf("demo: %s case %s: %s at %s: %w", a.svc, a.id, st.name, a.next.Format(time.RFC3339), err)
		}
		if a.id == uuid.Nil {
			a.id = res.CaseID
			sum.Events++ // the case's tracking number, on its counter stream
			if a.next.Before(sum.From) {
				sum.From = a.next
			}
		}
		sum.Events += len(res.Events)
		a.steps = a.steps[1:]
		if len(a.steps) == 0 {
			continue
		}
		a.next = a.next.Add(a.steps[0].after)
		if a.steps[0].office {
			a.next = officeHours(a.next, s.cal, s.rng)
		}
		heap.Push(&q, a)
	}
	return sum, nil
}

// agentQueue orders agents by the time of their next step, then by creation.
type agentQueue []*agent

func (q agentQueue) Len() int { return len(q) }
func (q agentQueue) Less(i, j int) bool {
	if !q[i].next.Equal(q[j].next) {
		return q[i].next.Before(q[j].next)
	}
	return q[i].order < q[j].order
}
func (q agentQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *agentQueue) Push(x any)   { *q = append(*q, x.(*agent)) }
func (q *agentQueue) Pop() any {
	old := *q
	a := old[len(old)-1]
	*q = old[:len(old)-1]
	return a
}
