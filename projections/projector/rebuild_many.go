package projector

import (
	"context"
	"errors"
	"sync"
	"time"
)

// RebuildMany rebuilds the named projections at once, all names when names is empty. Started
// together from the start of the log, they share one read of it (and one decoding of each
// event), which is most of a rebuild's cost; one after the other they would read it once
// each. progress hears the sum over all of them. A failed rebuild leaves the others to finish;
// the errors are joined.
func (r *Runtime) RebuildMany(ctx context.Context, names []string, progress func(done, total uint64, rate float64)) error {
	if len(names) == 0 {
		names = r.names
	}
	type counts struct{ done, total uint64 }
	var (
		mu    sync.Mutex
		each  = make(map[string]counts, len(names))
		start = time.Now()
		errs  = make([]error, len(names))
		wg    sync.WaitGroup
	)
	report := func(name string, done, total uint64) {
		mu.Lock()
		defer mu.Unlock()
		each[name] = counts{done, total}
		var sum counts
		for _, c := range each {
			sum.done, sum.total = sum.done+c.done, sum.total+c.total
		}
		progress(sum.done, sum.total, float64(sum.done)/max(time.Since(start).Seconds(), 1e-9))
	}
	for i, name := range names {
		var each func(done, total uint64, rate float64)
		if progress != nil {
			each = func(done, total uint64, _ float64) { report(name, done, total) }
		}
		wg.Go(func() { errs[i] = r.Rebuild(ctx, name, each) })
	}
	wg.Wait()
	return errors.Join(errs...)
}
