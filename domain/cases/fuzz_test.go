package cases_test

import (
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/cases/casegen"
)

// FuzzDecide feeds arbitrary field values into every kind of command on cases at several
// stages: Decide must refuse or decide, never panic, and what it decides must evolve.
func FuzzDecide(f *testing.F) {
	f.Add(0, "deed", int64(1000), int64(0), int64(5), false)
	f.Add(9, "", int64(-1), int64(1<<62), int64(-40), true)
	f.Add(24, "fine", int64(1<<62), int64(-1<<62), int64(1<<40), false)
	f.Add(20, "\x00", int64(-400), int64(7), int64(0), true)
	stages := map[string][]cases.Command{
		"new":       nil,
		"reviewed":  permitReady(),
		"violation": ruled(),
	}
	sched := mustSchedule(f)
	f.Fuzz(func(t *testing.T, kind int, text string, n, atSeconds, onDays int64, flag bool) {
		at := t0.Add(time.Duration(atSeconds))
		in := casegen.Input{Kind: max(kind, -kind) % casegen.Kinds, Text: text, N: n, Flag: flag, At: at,
			On: at.AddDate(0, 0, int(onDays%100000)), Sched: sched}
		if kind < 0 {
			in.Sched = nil
		}
		for name, history := range stages {
			service := "permit.new"
			if name == "violation" {
				service = "viol.art100"
			}
			s := MustRun(t, service, history...)
			evs, err := cases.Decide(s, casegen.Command(in), depsOf(t, "2026.2", service))
			if err == nil && len(evs) != 1 {
				t.Fatalf("%s: decided %d events", name, len(evs))
			}
			for _, e := range evs {
				cases.Evolve(s, e)
			}
		}
	})
}
