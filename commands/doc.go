// Package commands is the application layer: each use case loads a case's stream, asks the pure
// domain to decide, and appends the resulting events with the exact expected revision, so two
// clerks acting on the same case at once can never both win.
package commands
