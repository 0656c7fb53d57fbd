package commands

import (
	"context"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/eventstore"
)

// RecordDownload logs that actor read one of the case's files. The record goes to the case's
// access stream, appended whatever its revision: reading is not writing, so it never moves the
// case's revision (a clerk's If-Match stays good) nor contends with commands on the case.
func (h *Cases) RecordDownload(ctx context.Context, id, documentID uuid.UUID, actor Actor) error {
	c, err := h.load(ctx, id)
	if err != nil {
		return err
	}
	if !c.state.Exists() {
		return access.CaseNotFound()
	}
	cmd := cases.RecordDownload{DocumentID: documentID, At: h.now()}
	deps, err := h.deps(c.state, cmd)
	if err != nil {
		return err
	}
	action, target := commandAccess(cmd, c.state, c.who, deps.Service)
	if actor, err = h.permit(actor, action, target, false); err != nil {
		return err
	}
	events, err := cases.Decide(c.state, cmd, deps)
	if err != nil {
		return err
	}
	_, err = h.appendExpecting(ctx, h.ids(ctx), cases.AccessStreamName(id), id, eventstore.Any, events, actor)
	return err
}

// Downloads is the case's access log: every logged read of its files, oldest first.
func (h *Cases) Downloads(ctx context.Context, id uuid.UUID) ([]eventstore.RecordedEvent, error) {
	return h.read(ctx, cases.AccessStreamName(id))
}
