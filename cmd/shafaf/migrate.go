package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

// runMigrate applies the event store's and every read model's migrations, then exits.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	_, closeAll, err := openOperatorRuntime(ctx, "migrate")
	if err != nil {
		return err
	}
	closeAll()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}
