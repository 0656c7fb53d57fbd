// Package domain holds what Shafaf knows about urban-planning cases, free of infrastructure:
// typed errors, the event-name registry, and (in sub-packages) aggregates, the service
// catalogue, identifiers, clocks and fees. It imports only the standard library, uuid and the
// Jalali calendar library; purity_test.go enforces that.
package domain
