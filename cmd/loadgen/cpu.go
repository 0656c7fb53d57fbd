package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// userHZ is the kernel's clock tick for /proc's CPU times (100 on Linux's every architecture
// but alpha).
const userHZ = 100

// cpuTimes are CPU seconds used so far: the whole machine's busy time, the server process's,
// the database's (postmaster and its backends), and this load generator's.
type cpuTimes struct{ machine, server, database, loadgen float64 }

// cpuMeter reads cpuTimes; a pid of 0 (an attached server) is not split out.
type cpuMeter struct{ server, postmaster int }

func (m cpuMeter) read() cpuTimes {
	t := cpuTimes{machine: machineBusy(), loadgen: processCPU(os.Getpid(), false)}
	if m.server != 0 {
		t.server = processCPU(m.server, false)
	}
	if m.postmaster != 0 {
		// Backends that exited are in the postmaster's children's times.
		t.database = processCPU(m.postmaster, true)
		for _, pid := range childrenOf(m.postmaster) {
			t.database += processCPU(pid, false)
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

// machineBusy is the busy time of all CPUs so far, from /proc/stat's first line (user, nice,
// system, irq, softirq, steal).
func machineBusy() float64 {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(strings.SplitN(string(raw), "\n", 2)[0])
	var ticks float64
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		if i < len(f) {
			v, _ := strconv.ParseFloat(f[i], 64)
			ticks += v
		}
	}
	return ticks / userHZ
}

// processCPU is the user and system time of pid, with its waited-for children's when asked.
func processCPU(pid int, children bool) float64 {
	f := statFields(pid)
	// After the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (proc(5)).
	if len(f) < 15 {
		return 0
	}
	fields := []int{14, 15}
	if children {
		fields = append(fields, 16, 17)
	}
	var ticks float64
	for _, i := range fields {
		v, _ := strconv.ParseFloat(f[i-3], 64)
		ticks += v
	}
	return ticks / userHZ
}

// statFields are the fields of /proc/pid/stat after the command, field 3 (state) first.
func statFields(pid int) []string {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(raw)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
}

// childrenOf lists the processes whose parent is pid.
func childrenOf(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if f := statFields(child); len(f) > 1 && f[1] == strconv.Itoa(pid) {
			out = append(out, child)
		}
	}
	return out
}
