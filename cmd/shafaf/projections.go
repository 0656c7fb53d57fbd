package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/shafaf-city/shafaf/projections/projector"
)

const projectionsUsage = "usage: shafaf projections status | rebuild NAME... | rebuild --all | retry NAME | skip NAME"

// runProjections operates the read models of the database in DATABASE_URL, whether or not a
// server is running against it: the runtime keeps its state in the database.
func runProjections(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError(projectionsUsage)
	}
	verb, rest := args[0], args[1:]
	needsName := verb == "retry" || verb == "skip"
	valid := verb == "rebuild" && len(rest) > 0 || needsName && len(rest) == 1 || verb == "status" && len(rest) == 0
	if !valid {
		return usageError(projectionsUsage)
	}
	rt, closeAll, err := openOperatorRuntime(ctx, "projections")
	if err != nil {
		return err
	}
	defer closeAll()
	switch verb {
	case "status":
		return printStatus(ctx, rt, stdout)
	case "rebuild":
		// A process of its own, so it may trade memory for speed (see CatchUpGC).
		defer projector.CatchUpGC()()
		// Several read models rebuild together: they share one read of the log.
		names, what := rest, strings.Join(rest, ", ")
		if len(rest) == 1 && rest[0] == "--all" {
			names, what = nil, "every read model"
		}
		if err := rt.RebuildMany(ctx, names, projector.ProgressBar(stderr)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s rebuilt and live\n", what)
		return nil
	}
	resolve := rt.Retry
	if verb == "skip" {
		resolve = rt.Skip
	}
	parked, err := resolve(ctx, rest[0])
	if errors.Is(err, projector.ErrNothingParked) {
		return fmt.Errorf("%s has no parked event", rest[0])
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s event %s (%s at %s); the projection resumes\n", rest[0], verb, parked.EventID, parked.EventType, parked.Position)
	return nil
}

func printStatus(ctx context.Context, rt *projector.Runtime, w io.Writer) error {
	statuses, err := rt.Status(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROJECTION\tSTATE\tPOSITION\tLAG EVENTS\tLAG SECONDS\tPARKED\tUNKNOWN\tHOLDER\tINDEXES TO BUILD")
	for _, s := range statuses {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%.1f\t%d\t%d\t%s\t%d\n", s.Name, s.State, s.Position, s.LagEvents,
			s.LagSeconds, len(s.Parked), s.UnknownEvents, s.Holder, s.DeferredIndexes)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range statuses {
		for _, p := range s.Parked {
			fmt.Fprintf(w, "parked in %s: %s %s on %s at %s: %s\n", s.Name, p.EventID, p.EventType, p.Stream, p.Position, p.Error)
		}
	}
	return nil
}
