package documents

import (
	"context"
	"sync"

	"github.com/google/uuid"
)

// turns lets the uploads to one case attach one at a time within this process. Uploads racing
// for a case's quota would otherwise all store their bytes against the same revision and all
// but one lose the append, leaving blobs no event references and no quota counts; taking turns,
// each one decides against the files recorded before it.
type turns struct {
	mu    sync.Mutex
	cases map[uuid.UUID]*turn
}

// turn is one case's token (a channel, so a caller who gives up stops waiting) and how many
// callers hold or wait for it, so the map forgets a case once nobody does.
type turn struct {
	token   chan struct{}
	holders int
}

// take waits for the case's turn and returns its release, or ctx's error when ctx ends first.
func (t *turns) take(ctx context.Context, id uuid.UUID) (release func(), err error) {
	t.mu.Lock()
	if t.cases == nil {
		t.cases = map[uuid.UUID]*turn{}
	}
	tu := t.cases[id]
	if tu == nil {
		tu = &turn{token: make(chan struct{}, 1)}
		t.cases[id] = tu
	}
	tu.holders++
	t.mu.Unlock()
	leave := func() {
		t.mu.Lock()
		if tu.holders--; tu.holders == 0 {
			delete(t.cases, id)
		}
		t.mu.Unlock()
	}
	select {
	case tu.token <- struct{}{}:
		return func() { <-tu.token; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
}
