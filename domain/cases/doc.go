// Package cases is the case aggregate: every urban-planning application, certificate request or
// inquiry is one case whose history is a stream of events. Decide turns a command into events
// or a typed refusal; Evolve folds events into State. Both are pure.
package cases

import "github.com/google/uuid"

// StreamPrefix starts the name of every case stream; the rest is the case id.
const StreamPrefix = "case-"

// StreamName is the event stream that holds the case's history. It carries no personal data.
func StreamName(id uuid.UUID) string { return StreamPrefix + id.String() }
