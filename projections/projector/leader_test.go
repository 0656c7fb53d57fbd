package projector_test

import (
	"slices"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

func TestOneInstanceDrivesAProjection(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	appendEvents(t, e.store, 2000, typeCounted)
	toys := []*toy{newToy("shared", "a"), newToy("shared", "b")}
	var runtimes []*projector.Runtime
	var stops []func()
	for _, toy := range toys {
		rt := mustRuntime(t, e, projector.Config{BatchSize: 20, StandbyRetry: 20 * time.Millisecond, InstanceID: toy.instance}, toy)
		runtimes = append(runtimes, rt)
		stops = append(stops, readmodeltest.Start(t, rt))
	}
	eventually(t, "some events handled", func() bool { return toys[0].handled.Load()+toys[1].handled.Load() >= 500 })
	leader := 0
	if toys[1].handled.Load() > 0 {
		leader = 1
	}
	stops[leader]() // the standby must take over where the leader stopped
	other := 1 - leader
	head := appendEvents(t, e.store, 500, typeCounted)
	mustWaitFor(t, runtimes[other], "shared", head)

	rows := wantExactlyOnce(t, runtimes[other], e.store, "shared")
	byPosition := make([]row, 0, len(rows))
	for _, r := range rows {
		byPosition = append(byPosition, r)
	}
	slices.SortFunc(byPosition, func(x, y row) int { return x.pos.Compare(y.pos) })
	handoffs := 0
	for i := 1; i < len(byPosition); i++ {
		if byPosition[i].instance != byPosition[i-1].instance {
			handoffs++
		}
	}
	if handoffs != 1 || byPosition[0].instance != toys[leader].instance {
		t.Fatalf("instances interleaved: %d handoffs, first writer %s; want 1 handoff from %s",
			handoffs, byPosition[0].instance, toys[leader].instance)
	}
	if s := mustStatus(t, runtimes[leader], "shared"); s.Holder != toys[other].instance {
		t.Fatalf("holder %q, want %q", s.Holder, toys[other].instance)
	}
}
