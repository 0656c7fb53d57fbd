package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/projections/projector"
)

const projectionsUsage = `usage: shafaf projections status | rebuild NAME... | rebuild --all
       shafaf projections retry NAME [--stream STREAM | --event ID]
       shafaf projections skip NAME [--stream STREAM | --event ID]
An event a read model cannot apply parks its case (stream): the case's later events wait
behind it and every other case flows on. retry applies the parked event and those queued
behind it, in order; skip drops the parked event and applies the others. Without --stream or
--event they act on every parked case of NAME.`

// runProjections operates the read models of the database in DATABASE_URL, whether or not a
// server is running against it: the runtime keeps its state in the database.
func runProjections(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError(projectionsUsage)
	}
	verb, rest := args[0], args[1:]
	var which projector.Which
	needsName := verb == "retry" || verb == "skip"
	if needsName {
		var err error
		if rest, which, err = parseWhich(rest); err != nil {
			return err
		}
	}
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
		return printParked(ctx, rt, stdout, names)
	}
	resolve := rt.Retry
	if verb == "skip" {
		resolve = rt.Skip
	}
	parked, err := resolve(ctx, rest[0], which)
	if errors.Is(err, projector.ErrNothingParked) {
		return fmt.Errorf("%s has no parked event that matches", rest[0])
	}
	for _, p := range parked {
		fmt.Fprintf(stdout, "%s: %s event %s (%s at %s) of %s\n", rest[0], verb, p.EventID, p.EventType, p.Position, p.Stream)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d case(s) released\n", rest[0], len(parked))
	return nil
}

// parseWhich takes the --stream S or --event ID option out of the arguments of retry and skip.
func parseWhich(args []string) ([]string, projector.Which, error) {
	var w projector.Which
	if len(args) != 3 {
		return args, w, nil
	}
	switch args[1] {
	case "--stream":
		w.Stream = args[2]
	case "--event":
		id, err := uuid.Parse(args[2])
		if err != nil {
			return nil, w, usageError(projectionsUsage)
		}
		w.Event = id
	default:
		return nil, w, usageError(projectionsUsage)
	}
	return args[:1], w, nil
}

func printStatus(ctx context.Context, rt *projector.Runtime, w io.Writer) error {
	statuses, err := rt.Status(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROJECTION\tSTATE\tPOSITION\tLAG EVENTS\tLAG SECONDS\tPARKED CASES\tUNKNOWN\tHOLDER\tINDEXES TO BUILD")
	for _, s := range statuses {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%.1f\t%d\t%d\t%s\t%d\n", s.Name, s.State, s.Position, s.LagEvents,
			s.LagSeconds, len(s.Parked), s.UnknownEvents, s.Holder, s.DeferredIndexes)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return printParked(ctx, rt, w, nil)
}

// printParked lists the parked cases of the named projections, all when names is empty.
func printParked(ctx context.Context, rt *projector.Runtime, w io.Writer, names []string) error {
	statuses, err := rt.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range statuses {
		if len(names) > 0 && !slices.Contains(names, s.Name) {
			continue
		}
		for _, p := range s.Parked {
			fmt.Fprintf(w, "parked in %s: case %s waits on %s %s at %s (%d attempts): %s\n",
				s.Name, p.Stream, p.EventID, p.EventType, p.Position, p.Attempts, p.Error)
		}
	}
	return nil
}
