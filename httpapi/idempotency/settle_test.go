package idempotency

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

// refuseCompletion makes the database refuse to finish keys until the returned func is called.
func refuseCompletion(tb testing.TB, pool *pgxpool.Pool) (allow func()) {
	tb.Helper()
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `CREATE TABLE refuse (since timestamptz);
		INSERT INTO refuse VALUES (now());
		CREATE FUNCTION refuse_done() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF EXISTS (SELECT 1 FROM refuse) THEN RAISE EXCEPTION 'the test refuses to finish keys'; END IF;
			RETURN NEW;
		END $$;
		CREATE TRIGGER refuse_done BEFORE UPDATE ON idempotency_keys FOR EACH ROW EXECUTE FUNCTION refuse_done();`); err != nil {
		tb.Fatal(err)
	}
	return func() {
		if _, err := pool.Exec(ctx, `DELETE FROM refuse`); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestAFailedCompleteIsLoggedAndRetried(t *testing.T) {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	core, logs := observer.New(zapcore.InfoLevel)
	s, err := Open(ctx, pool, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if cl, err := s.Claim(ctx, "clerk-7", "k", []byte("a")); err != nil || !cl.Run {
		t.Fatalf("claim %+v, %v", cl, err)
	}
	allow := refuseCompletion(t, pool)

	failed, done := make(chan error, 64), make(chan struct{})
	s.settle(ctx, "complete", "k", func(ctx context.Context) error {
		err := s.Complete(ctx, "clerk-7", "k", Response{Status: 201, Body: []byte(`{}`)})
		if err != nil {
			failed <- err
			return err
		}
		close(done)
		return nil
	})
	<-failed // the attempt made while answering
	<-failed // and a retry in the background
	if n := logs.FilterMessage("idempotency: recording a request's outcome failed; retrying").FilterField(zap.String("key", "k")).Len(); n != 1 {
		t.Fatalf("%d error entries for the failure, want 1: %v", n, logs.All())
	}
	if e := logs.All()[0]; e.Level != zapcore.ErrorLevel {
		t.Fatalf("failure logged at %s", e.Level)
	}
	allow()
	<-done
	cl, err := s.Claim(ctx, "clerk-7", "k", []byte("a"))
	if err != nil || cl.Run || cl.Replay.Status != 201 {
		t.Fatalf("claim after the retried completion %+v, %v", cl, err)
	}
}
