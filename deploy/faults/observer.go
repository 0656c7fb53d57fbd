package faults

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
	"github.com/shafaf-city/shafaf/projections/casesummary"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodels"
)

// observer reads the database the way an auditor would: the event store through its port and
// case_summary through the projector runtime, never through the server under test.
type observer struct {
	pool    *pgxpool.Pool
	store   *postgres.Store
	runtime *projector.Runtime
}

func openObserver(ctx context.Context, dsn string) (*observer, error) {
	// Named, so that terminating "every Shafaf connection" can spare the suite's own.
	pool, err := pgxpool.New(ctx, dsn+"&application_name="+observerApp)
	if err != nil {
		return nil, err
	}
	store, err := postgres.New(ctx, pool)
	if err == nil {
		var models []projector.Projection
		if models, err = allReadModels(); err == nil {
			o := &observer{pool: pool, store: store}
			if o.runtime, err = projector.New(pool, store, projector.Config{}, models...); err == nil {
				return o, nil
			}
		}
		_ = store.Close()
	}
	pool.Close()
	return nil, err
}

// allReadModels are the projections the server runs, so their status can be watched.
func allReadModels() ([]projector.Projection, error) {
	summary, err := casesummary.New()
	if err != nil {
		return nil, err
	}
	models, err := readmodels.All()
	return append([]projector.Projection{summary}, models...), err
}

const observerApp = "shafaf-faults"

func (o *observer) close() { o.runtime.Close(); _ = o.store.Close(); o.pool.Close() }

// streams is every case stream in the store, each in revision order.
func (o *observer) streams(ctx context.Context) (map[string][]eventstore.RecordedEvent, error) {
	out := map[string][]eventstore.RecordedEvent{}
	after := eventstore.Position{}
	for {
		page, err := o.store.ReadAll(ctx, after, eventstore.Filter{StreamPrefixes: []string{cases.StreamPrefix}}, 1000)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			return out, nil
		}
		for _, e := range page {
			out[e.Stream] = append(out[e.Stream], e)
		}
		after = page[len(page)-1].Position
	}
}

// converged waits until every read model has processed every event with none parked, then
// checks that each case's case_summary row has the status and revision that folding its
// stream gives.
func (o *observer) converged(ctx context.Context, streams map[string][]eventstore.RecordedEvent, within time.Duration) []string {
	deadline := time.Now().Add(within)
	for {
		st, err := o.runtime.Status(ctx)
		if err != nil {
			return []string{"read-model status: " + err.Error()}
		}
		behind := slices.DeleteFunc(st, func(s projector.ProjectionStatus) bool { return s.LagEvents == 0 && len(s.Parked) == 0 })
		if len(behind) == 0 {
			break
		}
		if time.Now().After(deadline) {
			return []string{fmt.Sprintf("read models not caught up within %s: %+v", within, behind)}
		}
		time.Sleep(100 * time.Millisecond)
	}
	rows, err := o.summaries(ctx, streams)
	if err != nil {
		return []string{"read case_summary: " + err.Error()}
	}
	reg, err := cases.Registry()
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	for stream, evs := range streams {
		var state cases.State
		for _, e := range evs {
			ev, err := reg.Decode(e.Type, e.Data)
			if err != nil {
				return []string{fmt.Sprintf("%s: %v", stream, err)}
			}
			state = cases.Evolve(state, ev)
		}
		id := strings.TrimPrefix(stream, cases.StreamPrefix)
		row, ok := rows[id]
		last := evs[len(evs)-1].Revision
		if !ok || row.Status != string(state.Status) || row.Revision != last {
			problems = append(problems, fmt.Sprintf("case_summary of %s: status %q revision %d (row found: %t); the stream folds to %q at %d",
				id, row.Status, row.Revision, ok, state.Status, last))
		}
	}
	return problems
}

// summaries reads the case_summary row of every stream's case.
func (o *observer) summaries(ctx context.Context, streams map[string][]eventstore.RecordedEvent) (map[string]casesummary.Case, error) {
	ids := make([]uuid.UUID, 0, len(streams))
	for stream := range streams {
		id, err := uuid.Parse(strings.TrimPrefix(stream, cases.StreamPrefix))
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	out := map[string]casesummary.Case{}
	err := o.runtime.Read(ctx, casesummary.Name, func(tx pgx.Tx) error {
		rows, err := casesummary.GetMany(ctx, tx, ids)
		for _, r := range rows {
			out[r.ID.String()] = r
		}
		return err
	})
	return out, err
}

// equalsRebuild rebuilds case_summary from the log with the operator's command and checks
// that the rebuilt rows equal the ones the live projector wrote under the faults.
func (o *observer) equalsRebuild(ctx context.Context, bin, dsn string, streams map[string][]eventstore.RecordedEvent) []string {
	live, err := o.summaries(ctx, streams)
	if err != nil {
		return []string{"read case_summary: " + err.Error()}
	}
	cmd := exec.CommandContext(ctx, bin, "projections", "rebuild", casesummary.Name)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dsn)
	if out, err := cmd.CombinedOutput(); err != nil {
		return []string{fmt.Sprintf("shafaf projections rebuild: %v\n%s", err, out)}
	}
	rebuilt, err := o.summaries(ctx, streams)
	if err != nil {
		return []string{"read rebuilt case_summary: " + err.Error()}
	}
	var problems []string
	for id, row := range live {
		if !reflect.DeepEqual(row, rebuilt[id]) {
			problems = append(problems, fmt.Sprintf("case_summary of %s differs from a rebuild:\nlive    %+v\nrebuilt %+v", id, row, rebuilt[id]))
		}
	}
	if len(rebuilt) != len(live) {
		problems = append(problems, fmt.Sprintf("case_summary has %d rows live and %d rebuilt", len(live), len(rebuilt)))
	}
	return problems
}
