package commands

import (
	"context"

	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// AttachDocument records a file as one of the case's documents; when it completes an open
// document request the request is answered and the clock resumes. store moves the file's bytes
// to cmd.StorageKey and runs only once the case's rules accept the file, so a refused upload
// leaves nothing stored. It runs before execute asks the access policy, so callers ask it
// first (commands/documents does, and has uploads to one case take turns so they do not lose
// the append to each other); a file stored for an append that then fails stays unreferenced
// until `shafaf documents gc` sweeps it, and the same bytes uploaded again reuse it.
func (h *Cases) AttachDocument(ctx context.Context, id uuid.UUID, cmd cases.AttachDocument, actor Actor, store func(context.Context) error) (Result, error) {
	cmd.At = h.now()
	accepted := func(ctx context.Context, s cases.State) (cases.Command, error) {
		if !s.Exists() {
			return cmd, nil // execute answers as for a case the caller may not see
		}
		deps, err := h.deps(s, cmd)
		if err == nil {
			_, err = cases.Decide(s, cmd, deps)
		}
		if err == nil {
			err = store(ctx)
		}
		return cmd, err
	}
	return h.execute(ctx, id, accepted, actor, nil)
}
