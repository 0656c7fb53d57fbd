package main

import (
	"fmt"
	"io"
	"os"

	"github.com/shafaf-city/shafaf/deploy/cpustat"
)

// cpuTimes are CPU seconds used so far: the whole machine's busy time, the server process's,
// the database's (postmaster and its backends), and this load generator's.
type cpuTimes struct{ machine, server, database, loadgen float64 }

// cpuMeter reads cpuTimes; a pid of 0 (an attached server) is not split out.
type cpuMeter struct{ server, postmaster int }

func (m cpuMeter) read() cpuTimes {
	// A figure that cannot be read stays 0 (a process gone at the end of a run).
	var t cpuTimes
	t.machine, _ = cpustat.MachineBusy()
	t.loadgen, _ = cpustat.Process(os.Getpid(), false)
	if m.server != 0 {
		t.server, _ = cpustat.Process(m.server, false)
	}
	if m.postmaster != 0 {
		// Backends that exited are in the postmaster's children's times.
		t.database, _ = cpustat.Process(m.postmaster, true)
		for _, pid := range cpustat.Children(m.postmaster) {
			backend, _ := cpustat.Process(pid, false)
			t.database += backend
		}
	}
	return t
}

// report prints where the CPU went between a and b, for n requests.
func (m cpuMeter) report(w io.Writer, a, b cpuTimes, seconds float64, n int) {
	busy := b.machine - a.machine
	fmt.Fprintf(w, "CPU: machine %.2f cores busy, %.0f µs a request", busy/seconds, 1e6*busy/float64(n))
	if m.server != 0 {
		srv, db, lg := b.server-a.server, b.database-a.database, b.loadgen-a.loadgen
		fmt.Fprintf(w, " (server %.0f, database %.0f, loadgen %.0f, the rest %.0f)",
			1e6*srv/float64(n), 1e6*db/float64(n), 1e6*lg/float64(n), 1e6*(busy-srv-db-lg)/float64(n))
	}
	fmt.Fprintln(w)
}
