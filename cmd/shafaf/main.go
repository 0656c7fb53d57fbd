// Command shafaf is the Shafaf server and its operator tools. This package only wires: every
// behaviour lives in the packages it calls.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// subcommand is one verb of the binary.
type subcommand struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func subcommands() map[string]subcommand {
	return map[string]subcommand{
		"serve":         {"run the API and projectors against DATABASE_URL", runServe},
		"dev":           {"start a throwaway PostgreSQL, migrate, seed and serve (the embedded default)", runDev},
		"migrate":       {"apply database migrations to DATABASE_URL and exit", runMigrate},
		"projections":   {"status | rebuild NAME | retry NAME [--stream S | --event ID] | skip NAME [...]: operate the read models", runProjections},
		"notifications": {"status | retry [SEQ] | skip SEQ | skip --dead | opt-out CASE | opt-in CASE: operate the SMS outbox", runNotifications},
		"webhooks":      {"add --url URL [--events T,T] [--services S,S] [--trusted] | list | remove ID | rotate ID | replay ID --from POS: webhook subscriptions", runWebhooks},
		"payments":      {"reconcile --day DAY [--json]: the gateway's payments of a day against the cases' payment events", runPayments},
		"eventstore":    {"copy --from DSN --to DSN: move every event to another store", runEventstore},
		"catalogue":     {"validate FILE: report every problem of a service catalogue file", runCatalogue},
		"documents":     {"verify | gc: re-hash every stored file against its history | sweep files no event references", runDocuments},
		"token":         {"--role R --sub ID [--department D] [--national-id N]: print a bearer token for `shafaf dev`", runToken},

		// The signed event log (docs/transparency-log.md).
		"transparency": {"keygen --out FILE: make the key that signs the event log's checkpoints", runTransparency},
		"audit":        {"verify | case ID: check the signed event log from outside", runAudit},
		"config":       {"[markdown | check]: list every setting | as docs/configuration.md | validate the environment", runConfig},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	var usage usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "shafaf:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmds := subcommands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout, cmds)
		return nil
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		printUsage(stderr, cmds)
		return usageError(fmt.Sprintf("unknown command %q", args[0]))
	}
	return cmd.run(ctx, args[1:], stdout, stderr)
}

// usageError is a mistake in how the binary was called (exit code 2).
type usageError string

func (e usageError) Error() string { return string(e) }
