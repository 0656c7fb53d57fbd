// Package tlog keeps the transparency log: a Merkle tree (RFC 6962/9162 hashing) over every
// event of the store in global order, maintained by the projector runtime like a read model,
// and the signed checkpoints (C2SP tlog-checkpoint) that commit the municipality to it.
// docs/transparency-log.md is the contract: the leaf encoding byte by byte, the endpoints and
// how an outsider verifies them.
package tlog

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/transparency-dev/merkle/rfc6962"

	"github.com/shafaf-city/shafaf/eventstore"
)

// leafTag starts every leaf, so a leaf of this encoding can never be read as another's.
const leafTag = "shafaf/event/v1\x00"

// personalMember is the top-level member of an event's data that holds personal data (the
// domain keeps an applicant's and a file's personal fields under it). The leaf commits to its
// hash, not its bytes, so the value can be erased without changing the leaf.
const personalMember = "personal"

// erasedMember names the one member of the object that replaces an erased personal value:
// {"erased_sha256":"<hex of the SHA-256 of the value's bytes>"}.
const erasedMember = "erased_sha256"

// Hasher is the tree's hash: RFC 6962 over SHA-256.
var Hasher = rfc6962.DefaultHasher

// Leaf is the canonical encoding of an event that the tree's leaf hashes (see
// docs/transparency-log.md for the layout).
func Leaf(rec eventstore.RecordedEvent) []byte {
	b := make([]byte, 0, 256)
	b = append(b, leafTag...)
	b = append(b, rec.ID[:]...)
	b = appendString(b, rec.Stream)
	b = binary.BigEndian.AppendUint64(b, rec.Revision)
	b = appendString(b, rec.Type)
	b = binary.BigEndian.AppendUint64(b, uint64(rec.RecordedAt.UnixNano()))
	m := rec.Metadata
	for _, s := range []string{m.ActorID, m.ActorRole, m.CorrelationID, m.CausationID, m.RequestID} {
		b = appendString(b, s)
	}
	rest, personal, ok := splitPersonal(rec.Data)
	digest := sha256.Sum256(rest)
	b = append(b, digest[:]...)
	if !ok {
		return append(b, 0)
	}
	return append(append(b, 1), personal[:]...)
}

// LeafHash is the tree's hash of the event's leaf.
func LeafHash(rec eventstore.RecordedEvent) []byte { return Hasher.HashLeaf(Leaf(rec)) }

func appendString(b []byte, s string) []byte {
	return append(binary.BigEndian.AppendUint32(b, uint32(len(s))), s...)
}

// splitPersonal finds the value of data's top-level "personal" member. When there is one, it
// returns data with that value's bytes replaced by null, and the value's commitment: the
// SHA-256 of its bytes, or the hash an erasure left in its place. Data that is not a JSON
// object, or has no such member, is returned whole.
func splitPersonal(data []byte) (rest []byte, digest [32]byte, ok bool) {
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return data, digest, false
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return data, digest, false
		}
		name := tok.String() // before the next read voids tok
		val, err := dec.ReadValue()
		if err != nil {
			return data, digest, false
		}
		if name != personalMember {
			continue
		}
		end := int(dec.InputOffset())
		start := end - len(val)
		rest = make([]byte, 0, len(data)-len(val)+4)
		rest = append(append(append(rest, data[:start]...), "null"...), data[end:]...)
		return rest, personalDigest(val), true
	}
	return data, digest, false
}

// personalDigest is the commitment to a personal value: the hash an erasure recorded, or the
// SHA-256 of the value's bytes.
func personalDigest(val []byte) [32]byte {
	var erased map[string]string
	if json.Unmarshal(val, &erased) == nil && len(erased) == 1 {
		if h, err := hex.DecodeString(erased[erasedMember]); err == nil && len(h) == sha256.Size {
			return [32]byte(h)
		}
	}
	return sha256.Sum256(val)
}
