package tlog_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// vectorEvent is the event of docs/transparency-log.md's test vector.
func vectorEvent() eventstore.RecordedEvent {
	return eventstore.RecordedEvent{
		ID:         uuid.MustParse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
		Stream:     "case-1",
		Revision:   0,
		Type:       "case.Submitted.v1",
		Data:       []byte(`{"service":"permit.renew","personal":{"name":"Sara"}}`),
		Metadata:   eventstore.Metadata{ActorID: "clerk-7", ActorRole: "clerk", RequestID: "r1"},
		RecordedAt: time.Date(2026, 12, 7, 8, 30, 0, 0, time.UTC),
	}
}

// TestLeafEncodingMatchesTheDocument assembles the vector's leaf from the byte layout of
// docs/transparency-log.md, field by field, and checks Leaf and LeafHash against it and
// against the hashes the document prints.
func TestLeafEncodingMatchesTheDocument(t *testing.T) {
	rest := sha256.Sum256([]byte(`{"service":"permit.renew","personal":null}`))
	personal := sha256.Sum256([]byte(`{"name":"Sara"}`))
	want := strings.Join([]string{
		hex.EncodeToString([]byte("shafaf/event/v1\x00")),
		"0190a1b2c3d47e5f8a9b0c1d2e3f4a5b",                           // event id
		"00000006" + hex.EncodeToString([]byte("case-1")),            // stream
		"0000000000000000",                                           // revision
		"00000011" + hex.EncodeToString([]byte("case.Submitted.v1")), // type
		"18eeeb7789075000",                                           // recorded at: 1796632200 s since 1970, in ns
		"00000007" + hex.EncodeToString([]byte("clerk-7")),           // actor id
		"00000005" + hex.EncodeToString([]byte("clerk")),             // actor role
		"00000000", "00000000", // correlation, causation
		"00000002" + hex.EncodeToString([]byte("r1")),                      // request id
		hex.EncodeToString(rest[:]), "01", hex.EncodeToString(personal[:]), // data
	}, "")
	got := hex.EncodeToString(tlog.Leaf(vectorEvent()))
	if got != want {
		t.Fatalf("leaf\n got %s\nwant %s", got, want)
	}
	const docLeafHash = "8ed0d5603f5bc1e9ab9cb7825f5b8413ce28bd417c1f5b221b47b9e377042169" // SHA-256(00 || leaf), as the document prints it
	if got := hex.EncodeToString(tlog.LeafHash(vectorEvent())); got != docLeafHash {
		t.Fatalf("leaf hash %s, want %s", got, docLeafHash)
	}
}

// TestLeafSurvivesErasingPersonalData replaces the personal value with the erasure marker
// holding its hash: the leaf is unchanged. Any other change to the data changes it.
func TestLeafSurvivesErasingPersonalData(t *testing.T) {
	ev := vectorEvent()
	digest := sha256.Sum256([]byte(`{"name":"Sara"}`))
	erased := ev
	erased.Data = []byte(`{"service":"permit.renew","personal":{"erased_sha256":"` + hex.EncodeToString(digest[:]) + `"}}`)
	if !bytes.Equal(tlog.Leaf(erased), tlog.Leaf(ev)) {
		t.Fatal("erasing the personal value changed the leaf")
	}
	for name, data := range map[string]string{
		"another personal value": `{"service":"permit.renew","personal":{"name":"Sarah"}}`,
		"another public value":   `{"service":"permit.issue","personal":{"name":"Sara"}}`,
		"other whitespace":       `{"service": "permit.renew","personal":{"name":"Sara"}}`,
		"a wrong erasure hash":   `{"service":"permit.renew","personal":{"erased_sha256":"` + strings.Repeat("0", 64) + `"}}`,
	} {
		changed := ev
		changed.Data = []byte(data)
		if bytes.Equal(tlog.Leaf(changed), tlog.Leaf(ev)) {
			t.Errorf("%s: the leaf did not change", name)
		}
	}
}

// TestLeafCommitsToDataThatIsNotAnObject hashes data without a personal member whole.
func TestLeafCommitsToDataThatIsNotAnObject(t *testing.T) {
	for _, data := range []string{`[1,2]`, `"text"`, `{"a":1}`, `{not json`} {
		ev := vectorEvent()
		ev.Data = []byte(data)
		leaf := tlog.Leaf(ev)
		digest := sha256.Sum256([]byte(data))
		if tail := leaf[len(leaf)-33:]; !bytes.Equal(tail[:32], digest[:]) || tail[32] != 0 {
			t.Errorf("%s: leaf ends %x, want the data's SHA-256 and 00", data, tail)
		}
	}
}
