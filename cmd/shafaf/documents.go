package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/fsblob"
	"github.com/shafaf-city/shafaf/commands/documents/s3blob"
)

// documentsConfig says where uploaded files live and how large they may be. Zero fields come
// from the environment (SHAFAF_BLOBS, SHAFAF_DATA_DIR, SHAFAF_DOCUMENT_MAX_BYTES,
// SHAFAF_DOCUMENT_QUOTA_BYTES), else the defaults: files under ./.shafaf/documents, 20 MiB a
// file, 200 MiB a case.
type documentsConfig struct {
	Blobs string // a directory, or s3://KEY:SECRET@host:port/bucket?tls=false
	// DataDir is the server's data directory; files go to DataDir/documents unless Blobs (or
	// SHAFAF_BLOBS) says otherwise. `shafaf dev` sets it from its --data-dir.
	DataDir string
	Limits  documents.Limits
}

// defaultDataDir is where `shafaf dev` keeps its data (its cluster in pg/, its signing key)
// unless told otherwise.
const defaultDataDir = "./.shafaf"

// blobsIn is where the files of a data directory live.
func blobsIn(dataDir string) string { return filepath.Join(dataDir, "documents") }

// fromEnv fills the zero fields from the environment.
func (c documentsConfig) fromEnv() (documentsConfig, error) {
	if c.Blobs == "" {
		c.Blobs = os.Getenv("SHAFAF_BLOBS")
	}
	if c.DataDir == "" {
		c.DataDir = envOr("SHAFAF_DATA_DIR", defaultDataDir)
	}
	if c.Blobs == "" {
		c.Blobs = blobsIn(c.DataDir)
	}
	for _, v := range []struct {
		dst *int64
		key string
	}{{&c.Limits.MaxBytes, "SHAFAF_DOCUMENT_MAX_BYTES"}, {&c.Limits.QuotaBytes, "SHAFAF_DOCUMENT_QUOTA_BYTES"}} {
		if raw := os.Getenv(v.key); *v.dst == 0 && raw != "" {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || n <= 0 {
				return c, usageError(fmt.Sprintf("%s=%q: want a positive number of bytes", v.key, raw))
			}
			*v.dst = n
		}
	}
	return c, nil
}

// openBlobs opens the blob store a location names: s3:// is object storage, anything else a
// directory.
func openBlobs(ctx context.Context, location string) (documents.BlobStore, error) {
	if strings.HasPrefix(location, "s3://") {
		return s3blob.Open(ctx, location)
	}
	return fsblob.New(location), nil
}

// openDocuments wires the documents over the case commands.
func openDocuments(ctx context.Context, cfg documentsConfig, cases documents.Cases) (*documents.Service, error) {
	cfg, err := cfg.fromEnv()
	if err != nil {
		return nil, err
	}
	blobs, err := openBlobs(ctx, cfg.Blobs)
	if err != nil {
		return nil, err
	}
	return documents.New(cases, blobs, cfg.Limits, uuid.New)
}

// errMismatch makes `documents verify` exit 1 once it has reported every mismatch.
var errMismatch = errors.New("stored documents do not match their history")

// documentsUsage names the document tools and their flags.
const documentsUsage = "usage: shafaf documents verify|gc [--database-url DSN] [--data-dir DIR | --blobs DIR|s3://…] " +
	"(gc: [--grace 1h] [--delete])"

// runDocuments holds the document tools: `verify` re-hashes every attached file, `gc` sweeps
// the files no event references (a dry run unless --delete).
func runDocuments(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "gc") {
		return usageError(documentsUsage)
	}
	fs := flag.NewFlagSet("documents "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("database-url", os.Getenv("DATABASE_URL"), "the event store: postgres://… or esdb://… (env DATABASE_URL)")
	dataDir := fs.String("data-dir", envOr("SHAFAF_DATA_DIR", defaultDataDir), "the server's data directory; the files are in DIR/documents (env SHAFAF_DATA_DIR)")
	location := fs.String("blobs", os.Getenv("SHAFAF_BLOBS"), "where the files are, if not under --data-dir: a directory or s3://… (env SHAFAF_BLOBS)")
	grace := fs.Duration("grace", documents.DefaultSweepGrace, "gc: spare files committed this recently, whose events may be on their way")
	remove := fs.Bool("delete", false, "gc: delete the unreferenced files instead of listing them")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(err.Error())
	}
	if *dsn == "" {
		return usageError("documents " + args[0] + " needs --database-url or DATABASE_URL")
	}
	if *location == "" {
		*location = blobsIn(*dataDir)
	}
	store, closeStore, err := openStoreDSN(ctx, *dsn)
	if err != nil {
		return err
	}
	defer closeStore()
	blobs, err := openBlobs(ctx, *location)
	if err != nil {
		return err
	}
	if args[0] == "gc" {
		return sweepDocuments(ctx, store, blobs, *grace, *remove, stdout)
	}
	rep, err := documents.Verify(ctx, store, blobs)
	if err != nil {
		return err
	}
	for _, f := range rep.Findings {
		fmt.Fprintln(stdout, f)
	}
	fmt.Fprintf(stdout, "checked %d attached files: %d match their history, %d do not\n",
		rep.Checked, rep.Checked-len(rep.Findings), len(rep.Findings))
	if len(rep.Findings) > 0 {
		return errMismatch
	}
	return nil
}

// sweepDocuments runs `documents gc` and prints each unreferenced file and the total.
func sweepDocuments(ctx context.Context, log documents.EventLog, blobs documents.BlobStore, grace time.Duration, remove bool, stdout io.Writer) error {
	rep, err := documents.Sweep(ctx, log, blobs, time.Now().Add(-grace), remove)
	verb := map[bool]string{false: "would delete", true: "deleted"}[remove]
	for _, b := range rep.Unreferenced {
		what := map[bool]string{false: "committed", true: "staged, never committed,"}[b.Staged]
		fmt.Fprintf(stdout, "%s %s (%d bytes, %s %s)\n", verb, b.Key, b.Size, what, b.Committed.UTC().Format(time.RFC3339))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d files no event references and older than %s: %d bytes", len(rep.Unreferenced), grace, rep.Bytes)
	if !remove && len(rep.Unreferenced) > 0 {
		fmt.Fprint(stdout, "; run again with --delete to delete them")
	}
	fmt.Fprintln(stdout)
	return nil
}
