// Package cpustat reads how much CPU time the machine and single processes have used, from
// Linux's /proc (proc(5)), for the benchmarks that report CPU per operation.
package cpustat

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// userHZ is the kernel's clock tick for /proc's CPU times (100 on every architecture Go
// builds Linux binaries for but alpha).
const userHZ = 100

// MachineBusy is the busy time of all CPUs so far, in seconds: /proc/stat's first line's user,
// nice, system, irq, softirq and steal.
func MachineBusy() (float64, error) {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	f := strings.Fields(strings.SplitN(string(raw), "\n", 2)[0])
	var ticks float64
	for _, i := range []int{1, 2, 3, 6, 7, 8} {
		if i >= len(f) {
			return 0, fmt.Errorf("cpustat: /proc/stat's first line has %d fields", len(f))
		}
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return 0, fmt.Errorf("cpustat: /proc/stat: %w", err)
		}
		ticks += v
	}
	return ticks / userHZ, nil
}

// Process is pid's user and system time so far, in seconds, with its waited-for children's
// when children is set (how the CPU of exited database backends is kept).
func Process(pid int, children bool) (float64, error) {
	f := statFields(pid)
	// After the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
	if len(f) < 15 {
		return 0, fmt.Errorf("cpustat: no /proc/%d/stat", pid)
	}
	fields := []int{14, 15}
	if children {
		fields = append(fields, 16, 17)
	}
	var ticks float64
	for _, i := range fields {
		v, err := strconv.ParseFloat(f[i-3], 64)
		if err != nil {
			return 0, fmt.Errorf("cpustat: /proc/%d/stat: %w", pid, err)
		}
		ticks += v
	}
	return ticks / userHZ, nil
}

// Children lists the processes whose parent is pid.
func Children(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []int
	parent := strconv.Itoa(pid)
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if f := statFields(child); len(f) > 1 && f[1] == parent {
			out = append(out, child)
		}
	}
	return out
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
