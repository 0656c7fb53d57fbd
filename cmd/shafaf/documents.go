package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/fsblob"
	"github.com/shafaf-city/shafaf/commands/documents/s3blob"
)

// documentsConfig says where uploaded files live and how large they may be. Zero fields come
// from the environment (SHAFAF_BLOBS, SHAFAF_DOCUMENT_MAX_BYTES, SHAFAF_DOCUMENT_QUOTA_BYTES),
// else the defaults: files under ./.shafaf/documents, 20 MiB a file, 200 MiB a case.
type documentsConfig struct {
	Blobs  string // a directory, or s3://KEY:SECRET@host:port/bucket?tls=false
	Limits documents.Limits
}

// defaultBlobs sits beside the dev cluster's data directory.
const defaultBlobs = "./.shafaf/documents"

// fromEnv fills the zero fields from the environment.
func (c documentsConfig) fromEnv() (documentsConfig, error) {
	if c.Blobs == "" {
		c.Blobs = envOr("SHAFAF_BLOBS", defaultBlobs)
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

// runDocuments holds the document tools; today that is `verify`.
func runDocuments(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError("usage: shafaf documents verify [--database-url DSN] [--blobs DIR|s3://…]")
	}
	fs := flag.NewFlagSet("documents verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("database-url", os.Getenv("DATABASE_URL"), "the event store: postgres://… or esdb://… (env DATABASE_URL)")
	location := fs.String("blobs", envOr("SHAFAF_BLOBS", defaultBlobs), "where the files are: a directory or s3://… (env SHAFAF_BLOBS)")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(err.Error())
	}
	if *dsn == "" {
		return usageError("documents verify needs --database-url or DATABASE_URL")
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
