package outbox_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
	"github.com/shafaf-city/shafaf/projections/outbox"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar"
	"github.com/shafaf-city/shafaf/projections/outbox/kavenegar/kavenegartest"
	"github.com/shafaf-city/shafaf/projections/outbox/outboxtest"
)

// The child process of TestADispatcherKilledMidBatch reads its database and Kavenegar here.
const (
	childDSNEnv = "SHAFAF_TEST_DISPATCHER_DSN"
	childSMSEnv = "SHAFAF_TEST_DISPATCHER_SMS"
	childApp    = "killed-dispatcher" // the child's application_name, to see its session end
)

// A dispatcher process killed with SIGKILL right after Kavenegar accepted a message, and before
// the process could record it, loses nothing and repeats nothing on the air: the dispatcher
// that takes over sends the unrecorded batch again under the same localids, and Kavenegar's
// duplicate guard answers with the first messages (counted at the in-process Kavenegar).
func TestADispatcherKilledMidBatch(t *testing.T) {
	if dsn := os.Getenv(childDSNEnv); dsn != "" {
		runChildDispatcher(t, dsn, os.Getenv(childSMSEnv))
		return
	}
	w := mustWorld(t, 40)
	queued := len(w.rows(t))
	accepted, release := w.sms.HoldAfter(15) // the middle of the second batch of 10
	defer release()

	child := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestADispatcherKilledMidBatch$") // killed when the test ends, whatever happens
	child.Env = append(os.Environ(), childDSNEnv+"="+w.pool.Config().ConnString(), childSMSEnv+"="+w.sms.URL,
		pgtest.URLEnv+"=unused") // the child starts no cluster of its own
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-accepted:
	case <-time.After(time.Minute):
		t.Fatal("the child dispatcher sent nothing")
	}
	if err := child.Process.Kill(); err != nil { // SIGKILL: no deferred function, no rollback by the process
		t.Fatal(err)
	}
	_ = child.Wait()
	release()
	// PostgreSQL ends the killed process's transaction, and frees its lock, once it notices the
	// connection is gone; a dispatcher that asks before then finds the lock taken and waits.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		var n int
		if err := w.pool.QueryRow(context.Background(), "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
			childApp).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the killed dispatcher's session outlives it")
		}
	}

	outboxtest.Drain(t, w.dispatcher(nil, outbox.Config{BatchSize: 10}))
	sent, rows := w.sms.Sent(), w.rows(t)
	if len(sent) != queued || len(rows) != queued {
		t.Fatalf("%d messages on the air, %d in the log, for %d queued", len(sent), len(rows), queued)
	}
	for _, r := range rows {
		if r.State != "sent" {
			t.Fatalf("delivery %d is %s", r.Seq, r.State)
		}
	}
	if w.sms.Calls() <= len(sent) {
		t.Fatalf("%d calls for %d messages: the killed batch was not sent again", w.sms.Calls(), len(sent))
	}
}

// runChildDispatcher dispatches until it is killed.
func runChildDispatcher(t *testing.T, dsn, smsURL string) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = childApp
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	d := outbox.NewDispatcher(pool, map[outbox.Channel]outbox.Provider{
		outbox.ChannelSMS: kavenegar.New(smsURL, kavenegartest.Key, kavenegartest.Sender, http.DefaultClient)},
		outbox.Config{BatchSize: 10, Poll: time.Millisecond})
	_ = d.Run(context.Background())
}
