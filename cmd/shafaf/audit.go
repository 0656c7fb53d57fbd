package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/google/uuid"
	"go.uber.org/zap"
	"golang.org/x/mod/sumdb/note"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb"
	"github.com/shafaf-city/shafaf/eventstore/postgres"
	"github.com/shafaf-city/shafaf/projections/tlog"
	"github.com/shafaf-city/shafaf/projections/tlog/audit"
)

const auditUsage = "usage: shafaf audit verify --key KEY --url URL [--seen FILE]... [--database-url DSN | --eventstore esdb://…]\n" +
	"       shafaf audit case ID --key KEY --url URL --token TOKEN"

// runAudit checks the signed event log from outside; it exits non-zero, naming what failed,
// when the log or the store was tampered with.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError(auditUsage)
	}
	fs := flag.NewFlagSet("audit "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	keyArg := fs.String("key", "", "the log's public key (as published), or a file holding it")
	base := fs.String("url", "", "the server, e.g. https://shafaf.example.ir")
	dsn := fs.String("database-url", "", "verify: read every event from this PostgreSQL store (read-only) and recompute the tree")
	esdbURL := fs.String("eventstore", "", "verify: read every event from this EventStoreDB instead (esdb://…)")
	token := fs.String("token", os.Getenv("SHAFAF_TOKEN"), "case: a bearer token allowed to read the case's history (env SHAFAF_TOKEN)")
	var seen stringList
	fs.Var(&seen, "seen", "verify: a checkpoint obtained elsewhere that the log must agree with (repeatable)")
	verb, rest := args[0], args[1:]
	var caseArg string
	if verb == "case" && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		caseArg, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil || *keyArg == "" || *base == "" || (verb != "verify" && verb != "case") {
		return usageError(auditUsage)
	}
	key, err := publicKeyArg(*keyArg)
	if err != nil {
		return err
	}
	client := audit.Client{Base: *base, Token: *token}
	if verb == "case" {
		id, err := uuid.Parse(caseArg)
		if err != nil {
			return usageError(auditUsage)
		}
		rep, err := audit.VerifyCase(ctx, client, key, id)
		if err != nil {
			return fmt.Errorf("audit failed: case %s: %w", id, err)
		}
		fmt.Fprintf(stdout, "OK: %d events of case %s are in checkpoint %d (root %x); %d newer await the next checkpoint\n",
			rep.Proven, id, rep.Checkpoint.Size, rep.Checkpoint.Root, rep.Newer)
		return nil
	}
	opt := audit.Options{Key: key}
	for _, path := range seen {
		b, err := os.ReadFile(path)
		if err == nil {
			var cp tlog.Checkpoint
			if cp, err = tlog.OpenCheckpoint(b, key); err == nil {
				opt.Seen = append(opt.Seen, cp)
			}
		}
		if err != nil {
			return fmt.Errorf("--seen %s: %w", path, err)
		}
	}
	events, closeEvents, err := openAuditEvents(ctx, *dsn, *esdbURL)
	if err != nil {
		return err
	}
	defer closeEvents()
	if events != nil {
		opt.Events = events
	}
	rep, err := audit.Verify(ctx, client, opt)
	if err != nil {
		return fmt.Errorf("audit failed: %w", err)
	}
	fmt.Fprintf(stdout, "OK: %d checkpoints signed and consistent; the newest has %d events, root %x\n", rep.Checkpoints, rep.Latest.Size, rep.Latest.Root)
	if events != nil {
		fmt.Fprintf(stdout, "OK: the tree recomputed from the store's %d events matches every checkpoint\n", rep.Events)
	}
	return nil
}

// publicKeyArg reads --key: the key itself or a file holding it.
func publicKeyArg(arg string) (note.Verifier, error) {
	if b, err := os.ReadFile(arg); err == nil {
		arg = strings.TrimSpace(string(b))
	}
	v, err := note.NewVerifier(arg)
	if err != nil {
		return nil, usageError(fmt.Sprintf("--key: not a public key or a file holding one: %v", err))
	}
	return v, nil
}

// openAuditEvents opens the store the audit recomputes the tree from, without migrating or
// writing anything; none when neither flag is given.
func openAuditEvents(ctx context.Context, dsn, esdbURL string) (eventstore.Store, func(), error) {
	switch {
	case dsn != "" && esdbURL != "":
		return nil, nil, usageError("audit verify: --database-url or --eventstore, not both")
	case esdbURL != "":
		s, err := esdb.Open(ctx, esdbURL, zap.NewNop())
		if err != nil {
			return nil, nil, err
		}
		return s, func() { _ = s.Close() }, nil
	case dsn != "":
		pool, err := connect(ctx, dsn)
		if err != nil {
			return nil, nil, err
		}
		s, err := postgres.New(ctx, pool)
		if err != nil {
			pool.Close()
			return nil, nil, err
		}
		return s, func() { _ = s.Close(); pool.Close() }, nil
	}
	return nil, func() {}, nil
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
