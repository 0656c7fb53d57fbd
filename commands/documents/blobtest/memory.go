package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/documents"
)

// Memory is an in-memory BlobStore for tests that need a fast store, such as fuzzing the
// upload path; it passes the same suite as the real adapters.
type Memory struct {
	mu        sync.Mutex
	committed map[string]memBlob
	staged    map[string]*memStaged // by the name List reports
	names     int                   // staged so far, to name the next
}

var _ documents.BlobStore = (*Memory)(nil)

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{committed: map[string]memBlob{}, staged: map[string]*memStaged{}}
}

// Count is the store's Counter.
func (m *Memory) Count(testing.TB) (committed, staged int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.committed), len(m.staged)
}

// Stage reads r whole.
func (m *Memory) Stage(_ context.Context, r io.Reader) (documents.Staged, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("memory: stage: %w", err)
	}
	sum := sha256.Sum256(b)
	s := &memStaged{Digest: documents.Digest{Hex: hex.EncodeToString(sum[:]), Bytes: int64(len(b))}, m: m,
		content: memBlob{content: b, at: time.Now()}}
	m.mu.Lock()
	m.names++
	s.name = fmt.Sprintf("tmp/%d", m.names)
	m.staged[s.name] = s
	m.mu.Unlock()
	return s, nil
}

// Open reads a committed blob.
func (m *Memory) Open(_ context.Context, key string) (io.ReadCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.committed[key]
	if !ok {
		return nil, fmt.Errorf("memory: key %q: %w", key, documents.ErrBlobNotFound)
	}
	return io.NopCloser(bytes.NewReader(b.content)), nil
}

// List reports the committed blobs and the staged ones.
func (m *Memory) List(_ context.Context, fn func(documents.Blob) error) error {
	m.mu.Lock()
	blobs := make([]documents.Blob, 0, len(m.committed)+len(m.staged))
	for key, b := range m.committed {
		blobs = append(blobs, documents.Blob{Key: key, Size: int64(len(b.content)), Committed: b.at})
	}
	for name, s := range m.staged {
		blobs = append(blobs, documents.Blob{Key: name, Size: s.Bytes, Committed: s.content.at, Staged: true})
	}
	m.mu.Unlock()
	for _, b := range blobs {
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

// Remove forgets a committed or staged blob.
func (m *Memory) Remove(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := documents.DigestOfKey(key); !ok && m.staged[key] == nil {
		return fmt.Errorf("memory: key %q: %w", key, documents.ErrBlobNotFound)
	}
	delete(m.committed, key)
	delete(m.staged, key)
	return nil
}

// memBlob is a committed blob and when it was last committed.
type memBlob struct {
	content []byte
	at      time.Time
}

type memStaged struct {
	documents.Digest
	m       *Memory
	name    string
	content memBlob // staged at content.at
}

func (s *memStaged) Commit(context.Context) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.committed[s.Key()] = memBlob{content: s.content.content, at: time.Now()}
	delete(s.m.staged, s.name)
	return nil
}

func (s *memStaged) Discard(context.Context) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	delete(s.m.staged, s.name)
	return nil
}
