package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// devKeyName is the file under the dev data dir holding the HS256 secret of `shafaf dev`, so
// `shafaf token` in another terminal mints tokens the running dev server accepts.
const devKeyName = "dev-token.key"

// devIssuer reads the dev signing secret under dir; with create it makes one (0600) if there
// is none yet. The secret survives restarts, so printed tokens stay valid until they expire.
func devIssuer(dir string, create bool) (*auth.DevIssuer, error) {
	path := filepath.Join(dir, devKeyName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		secret := make([]byte, 32)
		rand.Read(secret)
		b = []byte(hex.EncodeToString(secret))
		if err = os.MkdirAll(dir, 0o700); err == nil {
			err = os.WriteFile(path, b, 0o600)
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usageError(fmt.Sprintf("no dev signing key at %s: start `shafaf dev` first (or pass its --data-dir's parent as --data-dir)", path))
	}
	if err != nil {
		return nil, fmt.Errorf("dev signing key: %w", err)
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("dev signing key %s: %w", path, err)
	}
	return auth.NewDevIssuerWithSecret(secret)
}

// runToken prints a bearer token for the dev server: shafaf token --role clerk --sub clerk-7.
func runToken(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "", "one of "+roleNames())
	sub := fs.String("sub", "", "the subject (user id) the token names")
	department := fs.String("department", "", "the staff member's department, e.g. district-3")
	nationalID := fs.String("national-id", "", "an applicant's national ID: their cases are the ones submitted with it")
	ttl := fs.Duration("ttl", 12*time.Hour, "how long the token is valid")
	dataDir := fs.String("data-dir", "./.shafaf", "the directory holding the dev server's data (dev's --data-dir is DIR/pg)")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	if *role == "" || *sub == "" {
		return usageError("token needs --role and --sub, e.g. shafaf token --role clerk --sub clerk-7 --department district-3")
	}
	issuer, err := devIssuer(*dataDir, false)
	if err != nil {
		return err
	}
	token, err := issuer.Token(*role, *sub, *department, *nationalID, *ttl)
	if err != nil {
		return usageError(err.Error())
	}
	fmt.Fprintln(stdout, token)
	return nil
}

func roleNames() string {
	names := make([]string, len(access.Roles))
	for i, r := range access.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}
