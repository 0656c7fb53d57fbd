package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shafaf-city/shafaf/httpapi/web"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// Where the transparency log's signing key comes from in serve: the key itself, or a file
// holding it (a mounted secret). docs/transparency-log.md says how to make and publish one.
const (
	tlogKeyEnv     = "SHAFAF_TLOG_KEY"
	tlogKeyFileEnv = "SHAFAF_TLOG_KEY_FILE"
	tlogEveryEnv   = "SHAFAF_TLOG_CHECKPOINT_EVERY"
)

// defaultCheckpointEvery is how often a checkpoint is signed while events arrive.
const defaultCheckpointEvery = time.Minute

// defaultOrigin names the log in checkpoints and keys unless keygen is told otherwise.
const defaultOrigin = "shafaf.city/events"

// transparencyConfig says how the event log's checkpoints are signed.
type transparencyConfig struct {
	Key   string        // private key text (tlog.GenerateKey); empty: the log is kept, not signed
	Every time.Duration // between checkpoints; 0: defaultCheckpointEvery
}

// transparencyFromEnv reads serve's signing configuration.
func transparencyFromEnv(getenv func(string) string) (transparencyConfig, error) {
	var cfg transparencyConfig
	cfg.Key = getenv(tlogKeyEnv)
	if path := getenv(tlogKeyFileEnv); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("%s: %w", tlogKeyFileEnv, err)
		}
		cfg.Key = string(b)
	}
	if raw := getenv(tlogEveryEnv); raw != "" {
		d, err := time.ParseDuration(raw)
		if err != nil || d <= 0 {
			return cfg, usageError(fmt.Sprintf("%s=%q: want a duration such as 1m", tlogEveryEnv, raw))
		}
		cfg.Every = d
	}
	return cfg, nil
}

// openTransparency makes the log's reader and, given a key, its signer.
func openTransparency(ctx context.Context, pool *pgxpool.Pool, rt *projector.Runtime, cfg transparencyConfig, now func() time.Time) (tlog.Log, *tlog.Signer, error) {
	hist, err := tlog.OpenHistory(ctx, pool)
	if err != nil {
		return tlog.Log{}, nil, fmt.Errorf("transparency log: %w", err)
	}
	log := tlog.Log{Reads: rt, History: hist}
	if cfg.Key == "" {
		return log, nil, nil
	}
	key, err := tlog.ParseKey(cfg.Key)
	if err != nil {
		return log, nil, fmt.Errorf("transparency log signing key: %w", err)
	}
	return log, &tlog.Signer{Log: log, Key: key, Now: now}, nil
}

// devTlogKeyName is the dev server's log signing key, beside its token key.
const devTlogKeyName = "tlog.key"

// devTlogKey reads the dev server's signing key from dir, making one the first time.
func devTlogKey(dir string) (string, error) {
	path := filepath.Join(dir, devTlogKeyName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		var private string
		if private, _, err = tlog.GenerateKey(defaultOrigin); err != nil {
			return "", err
		}
		if err = os.MkdirAll(dir, 0o700); err == nil {
			err = os.WriteFile(path, []byte(private+"\n"), 0o600)
		}
		b = []byte(private)
	}
	if err != nil {
		return "", fmt.Errorf("dev transparency log key: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

const transparencyUsage = "usage: shafaf transparency keygen [--origin NAME] --out FILE"

// runTransparency is `shafaf transparency keygen`: a new signing key into a file, its public
// key on stdout, to publish.
func runTransparency(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "keygen" {
		return usageError(transparencyUsage)
	}
	fs := flag.NewFlagSet("transparency keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	origin := fs.String("origin", defaultOrigin, "the log's name in checkpoints (C2SP origin), e.g. the city's domain and a path")
	out := fs.String("out", "", "file to write the private key to (created, mode 0600); serve reads it from "+tlogKeyFileEnv)
	if err := fs.Parse(args[1:]); err != nil || *out == "" {
		return usageError(transparencyUsage)
	}
	private, public, err := tlog.GenerateKey(*origin)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err = fmt.Fprintln(f, private); err == nil {
		err = f.Close()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "private key written to %s\npublic key (publish it; verifiers pass it as --key):\n%s\n", *out, public)
	return nil
}

// publicKey is what the pages publish: the signer's public key, or nothing.
func publicKey(s *tlog.Signer) string {
	if s == nil {
		return ""
	}
	return s.Key.PublicKey
}

// printAuditHint tells the dev server's user the log's public key and how to audit it.
func printAuditHint(w io.Writer, private, base, dsn string) error {
	key, err := tlog.ParseKey(private)
	if err != nil {
		return fmt.Errorf("dev transparency log key: %w", err)
	}
	fmt.Fprintf(w, "Transparency log public key: %s\nAudit the signed event log (a checkpoint is signed within seconds of new events):\n"+
		"  shafaf audit verify --key '%s' --url %s --database-url '%s'\n", key.PublicKey, key.PublicKey, base, dsn)
	return nil
}

// publishedLog is the checkpoint history the pages show: none when no key signs it.
func publishedLog(log tlog.Log, s *tlog.Signer) web.Checkpoints {
	if s == nil {
		return nil
	}
	return log
}
