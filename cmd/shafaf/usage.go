package main

import (
	"fmt"
	"io"
	"sort"
)

func printUsage(w io.Writer, cmds map[string]subcommand) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "Shafaf (شفاف): event-sourced case management for urban-planning e-services.")
	fmt.Fprintln(w, "\nUsage: shafaf COMMAND [flags]\n\nCommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'shafaf COMMAND -h' for a command's flags.")
}
