package projector_test

import (
	"context"
	"io/fs"
	"maps"
	"testing"
	"testing/fstest"

	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/readmodeltest"
)

// indexState is whether schema has the toy's two secondary indexes (one of them unique) and how
// many are deferred.
func indexState(t *testing.T, e env, schema string) (exists bool, deferred int) {
	t.Helper()
	err := e.pool.QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM pg_indexes WHERE schemaname = $1
			AND indexname IN ('handled_by_stream', 'handled_at_position')) = 2,
		(SELECT count(*) FROM projector.deferred_indexes WHERE schema_name = $1)`, schema).Scan(&exists, &deferred)
	if err != nil {
		t.Fatal(err)
	}
	return exists, deferred
}

func TestSecondaryIndexesAreBuiltOnceCaughtUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := mustEnv(t)
	head := appendEvents(t, e.store, 300, typeCounted)
	rt := mustRuntime(t, e, projector.Config{BatchSize: 50}, newToy("indexed", "one"))
	if exists, deferred := indexState(t, e, "rm_indexed_g1"); exists || deferred != 2 {
		t.Fatalf("new generation: indexes exist %v, %d deferred; want both deferred", exists, deferred)
	}
	if s := mustStatus(t, rt, "indexed"); s.DeferredIndexes != 2 {
		t.Errorf("status shows %d indexes to build, want 2", s.DeferredIndexes)
	}
	readmodeltest.Start(t, rt)
	mustWaitFor(t, rt, "indexed", head)
	eventually(t, "the index built after catching up", func() bool {
		exists, deferred := indexState(t, e, "rm_indexed_g1")
		return exists && deferred == 0
	})
	if s := mustStatus(t, rt, "indexed"); s.DeferredIndexes != 0 {
		t.Errorf("status shows %d indexes to build once caught up, want 0", s.DeferredIndexes)
	}

	var during []bool
	toy := newToy("indexed", "one")
	rebuilt := mustRuntime(t, e, projector.Config{BatchSize: 50}, toy)
	toy.onHandle = func() {
		if len(during) == 0 {
			exists, _ := indexState(t, e, "rm_indexed_g2")
			during = append(during, exists)
		}
	}
	if err := rebuilt.Rebuild(ctx, "indexed", nil); err != nil {
		t.Fatal(err)
	}
	if len(during) != 1 || during[0] {
		t.Errorf("index present while rebuilding: %v; want it deferred", during)
	}
	if exists, deferred := indexState(t, e, "rm_indexed_g2"); !exists || deferred != 0 {
		t.Errorf("rebuilt generation: index exists %v, %d deferred; want it built", exists, deferred)
	}
	wantExactlyOnce(t, rebuilt, e.store, "indexed")
}

// grownToy is the toy with one more migration, which needs the index the first one created.
type grownToy struct{ *toy }

func (g grownToy) Migrations() fs.FS {
	return withMigration(g.toy, "0002_rename_index.sql", "ALTER INDEX handled_by_stream RENAME TO handled_by_stream2;\n"+
		"ALTER INDEX handled_by_stream2 RENAME TO handled_by_stream;")
}

// withMigration is t's migrations and one more, file name holding sql.
func withMigration(t *toy, name, sql string) fs.FS {
	first, err := fs.ReadFile(t.Migrations(), "0001_handled.sql")
	if err != nil {
		panic(err)
	}
	return fstest.MapFS{"0001_handled.sql": {Data: first}, name: {Data: []byte(sql)}}
}

func TestNewMigrationBuildsDeferredIndexesFirst(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	mustRuntime(t, e, projector.Config{}, newToy("grown", "one")) // generation 1, never run: index deferred
	if exists, deferred := indexState(t, e, "rm_grown_g1"); exists || deferred != 2 {
		t.Fatalf("index exists %v, %d deferred; want it deferred", exists, deferred)
	}
	mustRuntime(t, e, projector.Config{}, grownToy{newToy("grown", "one")})
	if exists, deferred := indexState(t, e, "rm_grown_g1"); !exists || deferred != 0 {
		t.Errorf("after the new migration: index exists %v, %d deferred; want it built", exists, deferred)
	}
}

// statisticsTargets is each column of schema's handled table with its statistics target.
func statisticsTargets(t *testing.T, e env, schema string) map[string]int {
	t.Helper()
	rows, err := e.pool.Query(context.Background(), `SELECT a.attname, a.attstattarget::int FROM pg_attribute a
		WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`, schema+".handled")
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]int{}
	for rows.Next() {
		var name string
		var target int
		if err := rows.Scan(&name, &target); err != nil {
			t.Fatal(err)
		}
		targets[name] = target
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return targets
}

// indexedToy is the toy with a migration that indexes a column no index used before.
type indexedToy struct{ *toy }

func (g indexedToy) Migrations() fs.FS {
	return withMigration(g.toy, "0002_index_instance.sql", "CREATE INDEX handled_by_instance ON handled (lower(instance));")
}

func TestAnalyzeKeepsStatisticsOnlyOfIndexedColumns(t *testing.T) {
	t.Parallel()
	e := mustEnv(t)
	head := appendEvents(t, e.store, 20, typeCounted)
	want := map[string]int{"event_id": -1, "stream": -1, "commit_pos": -1, "prepare_pos": -1, "times": 0, "instance": 0, "applied": 0}
	rt := mustRuntime(t, e, projector.Config{}, newToy("analysed", "one"))
	if got := statisticsTargets(t, e, "rm_analysed_g1"); !maps.Equal(got, want) {
		t.Errorf("new generation, indexes deferred: statistics targets %v, want %v", got, want)
	}
	readmodeltest.Start(t, rt)
	mustWaitFor(t, rt, "analysed", head)
	eventually(t, "the indexes built after catching up", func() bool {
		_, deferred := indexState(t, e, "rm_analysed_g1")
		return deferred == 0
	})
	if got := statisticsTargets(t, e, "rm_analysed_g1"); !maps.Equal(got, want) {
		t.Errorf("indexes built: statistics targets %v, want %v", got, want)
	}
	if _, err := e.pool.Exec(context.Background(), "ALTER TABLE rm_analysed_g1.handled ALTER COLUMN times SET STATISTICS 500"); err != nil {
		t.Fatal(err)
	}
	mustRuntime(t, e, projector.Config{}, indexedToy{newToy("analysed", "one")})
	want["instance"], want["times"] = -1, 500 // now in an index expression; a target set on purpose stays
	if got := statisticsTargets(t, e, "rm_analysed_g1"); !maps.Equal(got, want) {
		t.Errorf("after a migration indexing instance: statistics targets %v, want %v", got, want)
	}
}
