package projector_test

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/shafaf-city/shafaf/projections/projector"
)

// TestCatchUpGC: the catch-up settings apply unless the environment sets its own, and restore
// puts back what was there.
func TestCatchUpGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")

	restore := projector.CatchUpGC()
	if p, l := gcSettings(); p != 400 || l != 1<<30 {
		t.Errorf("during a catch-up: GOGC %d, limit %d; want 400 and 1 GiB", p, l)
	}
	restore()
	if p, l := gcSettings(); p != 100 || l != math.MaxInt64 {
		t.Errorf("restored: GOGC %d, limit %d; want 100 and none", p, l)
	}

	t.Setenv("GOGC", "100")
	t.Setenv("GOMEMLIMIT", "300MiB")
	projector.CatchUpGC()
	if p, l := gcSettings(); p != 100 || l != math.MaxInt64 {
		t.Errorf("with GOGC and GOMEMLIMIT set: GOGC %d, limit %d; want both left alone", p, l)
	}
}

// gcSettings reads the collector's percent and memory limit without changing them.
func gcSettings() (percent int, limit int64) {
	percent = debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}
