package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/deploy/pgcluster/pgtest"
)

// shafaf migrate prepares an empty database for a server, and running it again changes nothing.
func TestMigrateCommand(t *testing.T) {
	t.Setenv("DATABASE_URL", pgtest.NewDatabase(t))
	for range 2 {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{"migrate"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "migrations applied") {
			t.Fatalf("migrate: %v\n%s%s", err, out.String(), errOut.String())
		}
	}
	t.Setenv("DATABASE_URL", "")
	var usage usageError
	if err := run(context.Background(), []string{"migrate"}, &bytes.Buffer{}, &bytes.Buffer{}); !errors.As(err, &usage) {
		t.Fatalf("migrate without DATABASE_URL: %v", err)
	}
}
