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
	staged    map[*memStaged]bool
}

var _ documents.BlobStore = (*Memory)(nil)

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{committed: map[string]memBlob{}, staged: map[*memStaged]bool{}}
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
	s := &memStaged{Digest: documents.Digest{Hex: hex.EncodeToString(sum[:]), Bytes: int64(len(b))}, m: m, content: b}
	m.mu.Lock()
	m.staged[s] = true
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

// List reports the committed blobs.
func (m *Memory) List(_ context.Context, fn func(documents.Blob) error) error {
	m.mu.Lock()
	blobs := make([]documents.Blob, 0, len(m.committed))
	for key, b := range m.committed {
		blobs = append(blobs, documents.Blob{Key: key, Size: int64(len(b.content)), Committed: b.at})
	}
	m.mu.Unlock()
	for _, b := range blobs {
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

// Remove forgets a committed blob.
func (m *Memory) Remove(_ context.Context, key string) error {
	if _, ok := documents.DigestOfKey(key); !ok {
		return fmt.Errorf("memory: key %q: %w", key, documents.ErrBlobNotFound)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.committed, key)
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
	content []byte
}

func (s *memStaged) Commit(context.Context) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.committed[s.Key()] = memBlob{content: s.content, at: time.Now()}
	delete(s.m.staged, s)
	return nil
}

func (s *memStaged) Discard(context.Context) error {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	delete(s.m.staged, s)
	return nil
}
