package casesummary

import (
	"context"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxuuid "github.com/vgarvardt/pgx-google-uuid/v5"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/domain/access"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// benchCasesEnv sizes the search benchmark's table; the figure is 1,000,000 cases.
const benchCasesEnv = "SHAFAF_BENCH_CASES"

// poolReads reads the table where the benchmark made it: one read-only transaction per read.
type poolReads struct{ pool *pgxpool.Pool }

func (p poolReads) Read(ctx context.Context, _ string, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, p.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, fn)
}

// mustSearchTable makes case_summary with every migration and n synthetic cases: about two
// cases per national ID, names from 20 first and 50 last names, 22 districts, a year of
// submissions.
func mustSearchTable(b testing.TB, n int) *pgxpool.Pool {
	b.Helper()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		pgxuuid.Register(c.TypeMap()) // as the server's pool does: ids as 16 bytes
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pool.Close)
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		b.Fatal(err)
	}
	slices.Sort(files)
	for _, f := range files {
		sql, _ := migrations.ReadFile(f)
		if _, err := pool.Exec(ctx, string(sql)); err != nil {
			b.Fatalf("%s: %v", f, err)
		}
	}
	_, err = pool.Exec(ctx, `
INSERT INTO case_summary (case_id, service, catalogue_version, channel, district, status, submitted_at,
	revision, updated_at, plot, due_at, service_group, applicant_nid_hash, tracking_number, applicant_name_key)
SELECT gen_random_uuid(), (ARRAY['permit.new','permit.renew','certificate.completion'])[1 + i % 3], '2026.2', 'walk_in',
	(1 + i % 22)::text, (ARRAY['submitted','in_review','returned_for_documents','awaiting_payment','issued','rejected'])[1 + i % 6],
	now() - make_interval(secs => i * 30), 1, now(), (1 + i % 20) || ':' || (i % 40000), now() + interval '10 days', 'permit',
	encode(sha256(('shafaf.national_id:' || lpad((i % ($1::int / 2))::text, 10, '0'))::bytea), 'hex'),
	'1405-1-' || lpad(i::text, 7, '0') || '-0',
	(ARRAY['علی','محمد','رضا','حسین','مهدی','سارا','مریم','زهرا','فاطمه','امیر','حمید','نرگس','لیلا','کاوه','بابک','پریسا','یاسمن','داود','کریم','هادی'])[1 + i % 20] ||
	(ARRAY['احمدی','کریمی','رضایی','حسینی','محمدی','موسوی','جعفری','قاسمی','صادقی','کاظمی'])[1 + (i / 20) % 10] || ((i / 200) % 5000)::text
FROM generate_series(1, $1::int) i`, n)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE case_summary`); err != nil {
		b.Fatal(err)
	}
	return pool
}

// BenchmarkSearch is the staff search at 1M cases (SHAFAF_BENCH_CASES): each kind of search an
// auditor (any case) and a district clerk (their department's cases) make, reported as p99.
func BenchmarkSearch(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv(benchCasesEnv); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("%s=%q: %v", benchCasesEnv, v, err)
		}
	}
	r := Reader{Reads: poolReads{mustSearchTable(b, n)}}
	auditor := access.Actor{Subject: "aud-1", Roles: []access.Role{access.Auditor}}
	clerk := access.Actor{Subject: "clerk-7", Roles: []access.Role{access.Clerk}, Department: "district-3"}
	from, to := time.Now().AddDate(0, -2, 0), time.Now().AddDate(0, -1, 0)
	for _, tc := range []struct {
		name string
		q    ListQuery
	}{
		{"tracking number", ListQuery{Number: "1405-1-0004242-0"}},
		{"national ID", ListQuery{NationalID: "0000004242"}},
		{"plot", ListQuery{Plot: "3:4242"}},
		{"name prefix", ListQuery{NamePrefix: "علی کری"}},
		{"short name prefix", ListQuery{NamePrefix: "ع"}},
		{"status and district", ListQuery{Statuses: []string{"in_review"}, District: "3"}},
		{"two statuses and district", ListQuery{Statuses: []string{"in_review", "submitted"}, District: "3", Limit: 20}},
		{"service and month", ListQuery{Service: "permit.new", SubmittedFrom: &from, SubmittedTo: &to}},
		{"first page", ListQuery{}},
	} {
		for _, who := range []struct {
			name  string
			actor access.Actor
		}{{"auditor", auditor}, {"clerk", clerk}} {
			b.Run(tc.name+"/"+who.name, func(b *testing.B) {
				q := tc.q
				q.Viewer, q.Action = who.actor, access.ListCases
				took := make([]time.Duration, 0, b.N)
				b.ReportAllocs() // a page's rows are most of what a list request allocates
				for b.Loop() {
					start := time.Now()
					if _, err := r.List(context.Background(), q); err != nil {
						b.Fatal(err)
					}
					took = append(took, time.Since(start))
				}
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}
