package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// runCatalogue is `shafaf catalogue validate FILE`: it prints every problem of a catalogue file
// with its location and fails (exit 1) when there is any, so a broken catalogue never ships.
func runCatalogue(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) != 2 || args[0] != "validate" {
		return usageError("usage: shafaf catalogue validate FILE")
	}
	data, err := os.ReadFile(args[1])
	if err != nil {
		return err
	}
	problems := catalogue.Validate(data)
	for _, p := range problems {
		fmt.Fprintf(stdout, "%s:%d: %s: %s\n", args[1], p.Line, p.Location, p.Message)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %d problems", args[1], len(problems))
	}
	fmt.Fprintf(stdout, "%s: valid\n", args[1])
	return nil
}
