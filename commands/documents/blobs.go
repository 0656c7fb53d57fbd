// Package documents is the application side of uploaded files: it sniffs and bounds what
// applicants send, keeps the bytes in a content-addressed blob store, records each file in the
// case's history, serves it to those allowed and checks stored bytes still match that history.
package documents

import (
	"context"
	"errors"
	"io"
	"time"
)

// BlobStore keeps file contents under their SHA-256, so the same bytes are stored once and a
// stored file can always be checked against the hash its event recorded. Adapters: fsblob (files
// under the data directory, the embedded default) and s3blob (S3-compatible object storage).
type BlobStore interface {
	// Stage copies r to a temporary object while hashing it; nothing is visible under a content
	// key until Commit. A read error from r is returned as is, wrapped, after cleaning up.
	Stage(ctx context.Context, r io.Reader) (Staged, error)
	// Open streams the bytes stored under key; a key never committed is ErrBlobNotFound.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// List calls fn with every committed blob and every staged object, in no set order, until
	// fn returns an error.
	List(ctx context.Context, fn func(Blob) error) error
	// Remove deletes the object under a key List reported; one already gone is no error. Only
	// the sweep of objects no event references (Sweep) calls it.
	Remove(ctx context.Context, key string) error
}

// Blob is one stored object as List sees it.
type Blob struct {
	Key  string // a content key, or for a staged object its temporary name
	Size int64
	// Committed is when the blob was last committed, or the staged object last written: a
	// sweep spares objects touched lately, whose uploads may still be under way.
	Committed time.Time
	// Staged marks an object staged and never committed nor discarded: the leftover of an
	// upload cut off by a crash, unless it is younger than the sweep's grace period.
	Staged bool
}

// Staged is one file written to temporary storage, hashed, waiting to be kept or dropped.
type Staged interface {
	// Key is the content key Commit stores the bytes under: KeyOf(SHA256()).
	Key() string
	// SHA256 is the hexadecimal digest of the staged bytes.
	SHA256() string
	// Size is the number of staged bytes.
	Size() int64
	// Commit moves the bytes to Key; when that key already holds them it only drops the copy.
	// Either way the blob counts as committed now (see Blob.Committed), and committing again
	// after a success does no harm, so an append that must be retried can store again.
	Commit(ctx context.Context) error
	// Discard drops the temporary copy; it is safe after Commit and more than once.
	Discard(ctx context.Context) error
}

// Digest is what staged bytes hash to. Adapters embed it in their Staged, so Key, SHA256 and
// Size mean the same in every store.
type Digest struct {
	Hex   string // the SHA-256, hexadecimal
	Bytes int64
}

// Key is the content key of the bytes.
func (d Digest) Key() string { return KeyOf(d.Hex) }

// SHA256 is the hexadecimal digest.
func (d Digest) SHA256() string { return d.Hex }

// Size is the number of bytes.
func (d Digest) Size() int64 { return d.Bytes }

// ErrBlobNotFound says no committed object has the key.
var ErrBlobNotFound = errors.New("blob not found")

// KeyOf is the content key of a SHA-256 digest given in hexadecimal. Every adapter uses it, so
// the storage keys in history mean the same thing whichever store holds the bytes.
func KeyOf(sha256Hex string) string { return "sha256/" + sha256Hex }
