package tlog

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Checkpoint is a signed tree head in the C2SP tlog-checkpoint format: the log's origin, its
// size and root hash, as a signed note.
type Checkpoint struct {
	Origin   string    `json:"origin"`
	Size     uint64    `json:"size"`
	Root     []byte    `json:"root"`
	Note     string    `json:"note"` // the signed note, as published
	SignedAt time.Time `json:"signed_at"`
}

// body is the note text of a checkpoint: origin, size and base64 root, one per line.
func body(origin string, size uint64, root []byte) string {
	return fmt.Sprintf("%s\n%d\n%s\n", origin, size, base64.StdEncoding.EncodeToString(root))
}

// sign makes the checkpoint of a tree head.
func sign(s note.Signer, size uint64, root []byte, at time.Time) (Checkpoint, error) {
	msg, err := note.Sign(&note.Note{Text: body(s.Name(), size, root)}, s)
	if err != nil {
		return Checkpoint{}, err
	}
	return Checkpoint{Origin: s.Name(), Size: size, Root: root, Note: string(msg), SignedAt: at.UTC()}, nil
}

// OpenCheckpoint checks a signed note against the public keys it must carry signatures of
// (the log's own key, and any witnesses' for a quorum) and parses its checkpoint. It is what
// outsiders run: nothing of the server's state goes into it.
func OpenCheckpoint(signed []byte, keys ...note.Verifier) (Checkpoint, error) {
	if len(keys) == 0 {
		return Checkpoint{}, fmt.Errorf("tlog: no key to check the checkpoint with")
	}
	n, err := note.Open(signed, note.VerifierList(keys...))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("tlog: checkpoint signature: %w", err)
	}
	for _, k := range keys {
		if !signedBy(n, k) {
			return Checkpoint{}, fmt.Errorf("tlog: checkpoint not signed by %s", k.Name())
		}
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		return Checkpoint{}, fmt.Errorf("tlog: checkpoint has %d lines, want origin, size and root", len(lines)-1)
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("tlog: checkpoint size %q: %w", lines[1], err)
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != Hasher.Size() {
		return Checkpoint{}, fmt.Errorf("tlog: checkpoint root %q is not a base64 SHA-256 hash", lines[2])
	}
	if lines[0] != keys[0].Name() {
		return Checkpoint{}, fmt.Errorf("tlog: checkpoint of log %q, want %q", lines[0], keys[0].Name())
	}
	return Checkpoint{Origin: lines[0], Size: size, Root: root, Note: string(signed)}, nil
}

func signedBy(n *note.Note, k note.Verifier) bool {
	for _, s := range n.Sigs {
		if s.Name == k.Name() && s.Hash == k.KeyHash() {
			return true
		}
	}
	return false
}
