package tlog

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// Key is the municipality's checkpoint signing key: a note signer whose name is the log's
// origin, and the public verifier key that anyone checks checkpoints with.
type Key struct {
	Signer    note.Signer
	PublicKey string // note verifier key: "<origin>+<hash>+<base64 Ed25519 public key>"
}

// GenerateKey makes a new Ed25519 key for the log named origin and returns its private key in
// the note signer format ("PRIVATE+KEY+<origin>+…"), the text a key file or variable holds.
func GenerateKey(origin string) (private, public string, err error) {
	return note.GenerateKey(rand.Reader, origin)
}

// ParseKey reads a private key that GenerateKey made.
func ParseKey(private string) (Key, error) {
	private = strings.TrimSpace(private)
	s, err := note.NewSigner(private)
	if err != nil {
		return Key{}, err
	}
	// The signer keeps its public half to itself; derive it from the seed, the key's fifth
	// field (base64, which may itself hold "+").
	fields := strings.SplitN(private, "+", 5)
	raw, err := base64.StdEncoding.DecodeString(fields[len(fields)-1])
	if err != nil || len(raw) != 1+ed25519.SeedSize {
		return Key{}, errors.New("tlog: not an Ed25519 signing key")
	}
	pub := ed25519.NewKeyFromSeed(raw[1:]).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(s.Name(), pub)
	return Key{Signer: s, PublicKey: vkey}, err
}
