// Package fsblob is the embedded default blob store: files under the data directory, one per
// SHA-256, written to a temporary file and renamed into place so a reader never sees half a file.
package fsblob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/commands/documents"
)

// Store keeps blobs under root: root/tmp holds staged files, root/sha256/ab/abcd… the
// committed ones. Directories are made on first use, so a server that never receives a file
// leaves no trace.
type Store struct{ root string }

var _ documents.BlobStore = (*Store)(nil)

// New returns a store rooted at dir.
func New(dir string) *Store { return &Store{root: dir} }

// path is where a committed blob with the hexadecimal digest lives.
func (s *Store) path(digest string) string {
	return filepath.Join(s.root, "sha256", digest[:2], digest)
}

// Path returns the file holding key, for operators and tests; false for a malformed key.
func (s *Store) Path(key string) (string, bool) {
	digest, ok := documents.DigestOfKey(key)
	if !ok {
		return "", false
	}
	return s.path(digest), true
}

// Stage copies r to a temporary file under root/tmp while hashing it.
func (s *Store) Stage(ctx context.Context, r io.Reader) (documents.Staged, error) {
	dir := filepath.Join(s.root, "tmp")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "stage-*")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), ctxReader{ctx, r})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return nil, fmt.Errorf("fsblob: stage: %w", err)
	}
	return &staged{Digest: documents.Digest{Hex: hex.EncodeToString(h.Sum(nil)), Bytes: n}, store: s, temp: f.Name()}, nil
}

// Open streams the committed blob under key.
func (s *Store) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, ok := s.Path(key)
	if !ok {
		return nil, fmt.Errorf("fsblob: key %q: %w", key, documents.ErrBlobNotFound)
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("fsblob: key %q: %w", key, documents.ErrBlobNotFound)
	}
	return f, err
}

// List walks root/sha256 and root/tmp, skipping anything not named as a blob or staged file.
func (s *Store) List(ctx context.Context, fn func(documents.Blob) error) error {
	for _, dir := range []string{"sha256", "tmp"} {
		err := filepath.WalkDir(filepath.Join(s.root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			key := documents.KeyOf(d.Name())
			if dir == "tmp" {
				key = stagedPrefix + d.Name()
			}
			if p, ok := s.objectPath(key); !ok || p != path {
				return nil
			}
			info, err := d.Info()
			if errors.Is(err, fs.ErrNotExist) {
				return nil // committed, discarded or removed since the directory was read
			}
			if err != nil {
				return err
			}
			return fn(documents.Blob{Key: key, Size: info.Size(), Committed: info.ModTime(), Staged: dir == "tmp"})
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) { // a missing directory holds nothing
			return err
		}
	}
	return nil
}

// stagedPrefix starts the key List gives a staged file: tmp/ and its name.
const stagedPrefix = "tmp/"

// objectPath is the file behind a key List reports: a committed blob or a staged file.
func (s *Store) objectPath(key string) (string, bool) {
	if name, ok := strings.CutPrefix(key, stagedPrefix); ok {
		valid := strings.HasPrefix(name, "stage-") && filepath.Base(name) == name
		return filepath.Join(s.root, "tmp", name), valid
	}
	return s.Path(key)
}

// Remove deletes the file behind key.
func (s *Store) Remove(_ context.Context, key string) error {
	p, ok := s.objectPath(key)
	if !ok {
		return fmt.Errorf("fsblob: key %q: %w", key, documents.ErrBlobNotFound)
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("fsblob: remove: %w", err)
	}
	return nil
}

type staged struct {
	documents.Digest
	store *Store
	temp  string
}

// Commit renames the temporary file into place; when the blob exists already the same bytes
// are there (the name is their hash), so the copy is dropped instead. Either way the file's
// modification time becomes now: it is when the blob was last committed.
func (s *staged) Commit(context.Context) error {
	final := s.store.path(s.Hex)
	now := time.Now()
	if _, err := os.Stat(final); err == nil {
		if err := os.Chtimes(final, now, now); err != nil {
			return fmt.Errorf("fsblob: commit: %w", err)
		}
		return s.Discard(context.Background())
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return err
	}
	if err := os.Chmod(s.temp, 0o440); err != nil {
		return err
	}
	if err := os.Chtimes(s.temp, now, now); err != nil {
		return err
	}
	if err := os.Rename(s.temp, final); err != nil {
		return fmt.Errorf("fsblob: commit: %w", err)
	}
	return syncDir(filepath.Dir(final))
}

func (s *staged) Discard(context.Context) error {
	if err := os.Remove(s.temp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// syncDir makes a rename durable across a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// ctxReader stops a copy when the request that feeds it is gone.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
