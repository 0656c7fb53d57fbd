package esdbtest

import "errors"

// Outcomes of a write that the RPC layer turns into the real server's replies.
var (
	errDeleted              = errors.New("stream deleted")
	errWrongExpectedVersion = errors.New("wrong expected version")
)

// wev carries what the client needs to describe a wrong expected version.
type wev struct {
	current  int64
	expected expected
}

func (w *wev) Error() string { return errWrongExpectedVersion.Error() }

func (w *wev) Unwrap() error { return errWrongExpectedVersion }

// appended is where an append landed.
type appended struct {
	last int64 // revision of the last event, -1 for an empty append to a missing stream
	pos  uint64
}

// appendEvents is the real server's append: tombstone check, expected-revision check with
// idempotent retries, write, and re-creation of a soft-deleted stream.
func (d *db) appendEvents(name string, e expected, events []proposed) (appended, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.streams[name]
	if st != nil && st.tombstoned {
		return appended{}, errDeleted
	}
	if last, ok := st.idempotent(e, events); ok {
		return appended{last: int64(last), pos: st.events[last].pos}, nil
	}
	softDeleted := d.metaOf(name).softDeleted()
	cur := st.last()
	if !e.allows(cur, softDeleted) {
		return appended{}, &wev{current: cur, expected: e}
	}
	if len(events) == 0 {
		return appended{last: cur, pos: d.next}, nil
	}
	recs := d.appendNext(name, events)
	if softDeleted {
		d.writeMeta(name, "$tb", int64(recs[0].revision))
	}
	last := recs[len(recs)-1]
	return appended{last: int64(last.revision), pos: last.pos}, nil
}

// deleteStream soft-deletes (tombstone false) or tombstones name and returns the position of
// the record that did it.
func (d *db) deleteStream(name string, e expected, tombstone bool) (uint64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.streams[name]
	if st != nil && st.tombstoned {
		return 0, errDeleted
	}
	cur := st.last()
	if !e.allows(cur, d.metaOf(name).softDeleted()) {
		return 0, &wev{current: cur, expected: e}
	}
	if !tombstone {
		return d.writeMeta(name, "$tb", deletedTB).pos, nil
	}
	r := d.write(name, func(int) uint64 { return tombstoneRevision }, []proposed{{
		id: newID(), eventType: "$streamDeleted", contentType: "application/octet-stream",
	}})[0]
	d.streams[name].tombstoned = true
	return r.pos, nil
}

// readStream returns the visible events of name, or errDeleted for a tombstoned stream;
// found is false when reads must answer stream_not_found.
func (d *db) readStream(name string) (events []*record, found bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st := d.streams[name]; st != nil && st.tombstoned {
		return nil, false, errDeleted
	}
	events, found = d.visible(name)
	return events, found, nil
}

// tombstoned reports whether name was hard-deleted.
func (d *db) tombstoned(name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.streams[name]
	return st != nil && st.tombstoned
}
