// Package commands is the application layer: every command loads a case's stream, asks the pure
// domain to decide, and appends the resulting events with the exact expected revision, so two
// clerks acting on the same case at once can never both win. One pipeline (Run, execute) runs
// them all; the table in actions.go lists the commands that need nothing more, and only
// commands with logic of their own have a file.
package commands
