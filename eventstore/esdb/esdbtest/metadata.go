package esdbtest

import (
	"encoding/json"
	"math"
	"time"
)

// deletedTB is the truncate-before value a soft delete writes: every revision is hidden.
const deletedTB = math.MaxInt64

// metaStream names the stream holding stream s's metadata, as the real server does.
func metaStream(s string) string { return "$$" + s }

// streamMeta is the part of a stream's metadata that changes what reads return.
type streamMeta struct {
	raw      map[string]any
	tb       *int64 // $tb: hide revisions below
	maxCount *int64 // $maxCount: keep only the newest N
	maxAge   *int64 // $maxAge: hide events older than N seconds
}

// metaOf reads the newest $metadata event of name's metadata stream; callers hold d.mu.
func (d *db) metaOf(name string) streamMeta {
	m := streamMeta{raw: map[string]any{}}
	st := d.streams[metaStream(name)]
	if st == nil || len(st.events) == 0 {
		return m
	}
	if json.Unmarshal(st.events[len(st.events)-1].data, &m.raw) != nil {
		return streamMeta{raw: map[string]any{}}
	}
	m.tb, m.maxCount, m.maxAge = intProp(m.raw, "$tb"), intProp(m.raw, "$maxCount"), intProp(m.raw, "$maxAge")
	return m
}

func intProp(raw map[string]any, key string) *int64 {
	f, ok := raw[key].(float64)
	if !ok {
		return nil
	}
	n := int64(f)
	if f >= math.MaxInt64 {
		n = math.MaxInt64
	}
	return &n
}

// softDeleted reports whether a delete hid the whole stream and nothing was appended since.
func (m streamMeta) softDeleted() bool { return m.tb != nil && *m.tb == deletedTB }

// writeMeta appends a $metadata event to name's metadata stream with key set to value,
// keeping the other properties; callers hold d.mu.
func (d *db) writeMeta(name string, key string, value int64) *record {
	raw := d.metaOf(name).raw
	raw[key] = value
	data, _ := json.Marshal(raw) // a map of strings to JSON values always marshals
	return d.appendNext(metaStream(name), []proposed{{
		id: newID(), eventType: "$metadata", contentType: "application/json", data: data,
	}})[0]
}

// visible applies the stream's metadata to its events; callers hold d.mu. found is false for a
// stream never written or soft-deleted, which reads report as not found.
func (d *db) visible(name string) (events []*record, found bool) {
	st := d.streams[name]
	if st == nil || len(st.events) == 0 {
		return nil, false
	}
	m := d.metaOf(name)
	if m.softDeleted() {
		return nil, false
	}
	last := int64(len(st.events)) - 1
	minAge := int64(math.MinInt64)
	if m.maxAge != nil {
		minAge = d.now().Add(-time.Duration(*m.maxAge)*time.Second).UnixNano() / 100
	}
	for _, r := range st.events {
		rev := int64(r.revision)
		switch {
		case m.tb != nil && rev < *m.tb:
		case m.maxCount != nil && rev <= last-*m.maxCount:
		case r.created < minAge:
		default:
			events = append(events, r)
		}
	}
	return events, true
}
