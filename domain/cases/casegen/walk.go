package casegen

import (
	"math/rand/v2"
	"time"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
)

// Walk draws the commands of random case histories that mostly move forward, so many reach
// their end; the others are any command at all, with texts that are often wrong.
type Walk struct {
	Rng   *rand.Rand
	Sched *fees.Schedule
}

// texts are the strings commands are built with: document keys the services ask for, and not.
var texts = []string{"deed", "national_id_card", "application_form", "violation_report", "x", "", "ref-1", "ref-2"}

// forward are the kinds that move a case of each flow towards its end: intake, inspection,
// review, commission, fee, payment, decision, issuance, expiry; notice, ruling, enforcement, close.
var forward = map[catalogue.Flow][]int{
	catalogue.FlowApplication: {0, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14},
	catalogue.FlowViolation:   {4, 5, 6, 22, 24, 27, 10, 28},
}

// Advance draws how far the clock moves before the next command: up to three weeks, mostly hours.
func (w Walk) Advance() time.Duration {
	if w.Rng.IntN(5) == 0 {
		return time.Duration(w.Rng.IntN(21*24)) * time.Hour
	}
	return time.Duration(w.Rng.IntN(8)) * time.Hour
}

// Next draws a command for a case in state s of flow, issued at at. Legal dates it reports lie
// between the case's submission and at.
func (w Walk) Next(flow catalogue.Flow, s cases.State, at time.Time) cases.Command {
	rng := w.Rng
	in := Input{Kind: rng.IntN(Kinds), Text: texts[rng.IntN(len(texts))], Flag: rng.IntN(4) == 0,
		N: []int64{0, 1, 1000, 5_000_000, 1 << 40}[rng.IntN(5)], At: at, On: at.AddDate(0, 0, -rng.IntN(30)), Sched: w.Sched}
	if rng.IntN(4) > 0 {
		kinds := forward[flow]
		in.Kind, in.Text, in.Flag, in.N = kinds[rng.IntN(len(kinds))], "deed", false, 5_000_000
		if in.Kind == 10 {
			in.N = s.Money.Outstanding()
		}
	}
	if in.On.Before(s.SubmittedAt) {
		in.On = in.At
	}
	return Command(in)
}
