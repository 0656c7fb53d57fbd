// Package demo seeds a believable city: thousands of cases across the catalogue's services,
// as lopsided as a real city's demand (demand.go) and submitted in its working-day rhythm
// (rhythm.go), in ten districts, driven through the real application layer (commands.Cases)
// by applicants, clerks, inspectors and supervisors on a simulated clock, so a newcomer's
// dashboards, work queues and certificate checks show a living city at once. The same driver
// generates random but valid histories for read-model tests and benchmarks.
//
// Everything is deterministic for a given Options.Seed: case ids, people, times and codes.
package demo
