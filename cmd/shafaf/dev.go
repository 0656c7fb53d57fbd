package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/deploy/pgcluster"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// runDev is the embedded default: a throwaway PostgreSQL cluster from the local server
// binaries, migrated and served, stopped again on SIGINT/SIGTERM.
func runDev(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "./.shafaf/pg", "where the throwaway cluster keeps its files")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	seed := fs.Int("seed", 2000, "cases of the demo city seeded into an empty database")
	noSeed := fs.Bool("no-seed", false, "start with an empty city")
	checkpointEvery := fs.Duration("checkpoint-every", 10*time.Second, "how often the event log's checkpoint is signed while events arrive")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	log, err := zap.NewDevelopment()
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	cluster, err := pgcluster.Start(ctx, pgcluster.Options{DataDir: *dataDir, Logger: log})
	if err != nil {
		return err
	}
	defer func() {
		if err := cluster.Stop(); err != nil {
			log.Warn("stopping PostgreSQL", zap.Error(err))
		}
	}()
	// The data dir survives between runs, so the database may already be there.
	var pgErr *pgconn.PgError
	if err := cluster.CreateDatabase(ctx, "shafaf"); err != nil && !(errors.As(err, &pgErr) && pgErr.Code == "42P04") {
		return err
	}
	fmt.Fprintf(stdout, "PostgreSQL (throwaway) at %s\n", cluster.DSN("shafaf"))
	if !*noSeed && *seed > 0 {
		store, closeStore, err := openStoreDSN(ctx, cluster.DSN("shafaf"))
		if err != nil {
			return err
		}
		head, err := store.Head(ctx)
		if err == nil && head == (eventstore.Position{}) {
			fmt.Fprintf(stdout, "Seeding a demo city of %d cases…\n", *seed)
			// Generated in memory and loaded stream by stream: the same events the commands
			// would append one by one, in a fraction of the time.
			began := time.Now()
			var hist *demo.History
			var sum demo.Summary
			if hist, sum, err = demo.Generate(ctx, demo.Options{Cases: *seed}); err == nil {
				err = hist.AppendTo(ctx, store, seedWorkers)
			}
			if err == nil {
				fmt.Fprintf(stdout, "Seeded %d cases (%d events) in %s; a valid certificate to verify: %s code %s\n",
					sum.Cases, sum.Events, time.Since(began).Round(time.Millisecond), sum.Valid.Number, sum.Valid.Code)
			}
		}
		closeStore()
		if err != nil {
			return fmt.Errorf("seed the demo city: %w", err)
		}
	}
	issuer, err := devIssuer(filepath.Dir(*dataDir), true)
	if err != nil {
		return err
	}
	if err := printDevTokens(stdout, issuer, "http://"+*addr, filepath.Dir(*dataDir)); err != nil {
		return err
	}
	tlogKey, err := devTlogKey(filepath.Dir(*dataDir))
	if err != nil {
		return err
	}
	if err := printAuditHint(stdout, tlogKey, "http://"+*addr, cluster.DSN("shafaf")); err != nil {
		return err
	}
	gateway, err := devGateway(ctx, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Sandbox payment gateway (Zarinpal's API, no money moves) at %s: as the applicant, POST /v1/cases/ID/payments and open its redirect_url\n", gateway.BaseURL)
	return serveUntilDone(ctx, appConfig{DatabaseURL: cluster.DSN("shafaf"), Addr: *addr, Auth: issuer.Config(), Logger: log,
		Documents: devDocuments(*dataDir), Transparency: transparencyConfig{Key: tlogKey, Every: *checkpointEvery},
		PublicURL: "http://" + *addr, Notify: notifyConfig{SMS: "log"},
		Payments: paymentsConfig{Gateway: gateway, CallbackBase: "http://" + *addr}}, stdout)
}

// devDocuments keeps the dev server's files beside its cluster, in the --data-dir's parent
// where its signing key is too, wherever the server was started from.
func devDocuments(clusterDir string) documentsConfig {
	return documentsConfig{DataDir: filepath.Dir(clusterDir)}
}

// seedWorkers append the demo city's streams side by side.
const seedWorkers = 8

// Who the printed dev tokens name: staff of the seeded city's district 1, and an applicant
// whose cases are those submitted with devNationalID.
const (
	devDepartment = "district-1"
	devNationalID = "3974017844"
	devTokenTTL   = 24 * time.Hour
)

// printDevTokens prints a ready bearer token per role and how to use and mint more.
func printDevTokens(w io.Writer, issuer *auth.DevIssuer, base, keyDir string) error {
	fmt.Fprintf(w, "Dev bearer tokens (valid %s; staff of %s; the applicant's national ID is %s):\n", devTokenTTL, devDepartment, devNationalID)
	tokens := map[access.Role]string{}
	for _, role := range access.Roles {
		department, nid := devDepartment, ""
		if role == access.Applicant {
			department, nid = "", devNationalID
		}
		token, err := issuer.Token(string(role), devSubject(role), department, nid, devTokenTTL)
		if err != nil {
			return err
		}
		tokens[role] = token
		fmt.Fprintf(w, "  %-10s %s\n", role, token)
	}
	fmt.Fprintf(w, "Try (a clerk registers a walk-in):\n  curl -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\\n"+
		"    -d '{\"service\":\"permit.renew\",\"channel\":\"walk_in\",\"district\":\"1\",\"applicant\":{\"name\":\"Sara Ahmadi\",\"national_id\":\"%s\"}}' \\\n"+
		"    %s/v1/cases\n", tokens[access.Clerk], devNationalID, base)
	fmt.Fprintf(w, "More: shafaf token --role clerk --sub clerk-3-1 --department district-3 --data-dir %s\n", keyDir)
	return nil
}

// devSubject is who a dev token of role names: the first of its role on the staff roster of
// devDepartment, so cases can be assigned to them, else "<role>-1".
func devSubject(role access.Role) string {
	for _, m := range catalogue.StaffOf(devDepartment) {
		if m.Role == role {
			return m.ID
		}
	}
	return string(role) + "-1"
}
