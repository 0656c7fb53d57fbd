// Package s3blob keeps documents in S3-compatible object storage (AWS S3, MinIO, SeaweedFS,
// Ceph) for production, where the servers share no disk. Objects are staged under tmp/ and
// copied server-side to their content key, so a reader never sees half a file.
package s3blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/shafaf-city/shafaf/commands/documents"
)

// partSize is the smallest multipart part S3 allows; a file of unknown length is buffered one
// part at a time, so this bounds the memory one upload takes.
const partSize = 5 << 20

// Store keeps blobs in one bucket.
type Store struct {
	client *minio.Client
	bucket string
}

var _ documents.BlobStore = (*Store)(nil)

// New returns a store over an existing bucket.
func New(client *minio.Client, bucket string) *Store { return &Store{client: client, bucket: bucket} }

// Stage uploads r to tmp/<uuid> while hashing it.
func (s *Store) Stage(ctx context.Context, r io.Reader) (documents.Staged, error) {
	temp := stagedPrefix + uuid.NewString()
	h := sha256.New()
	src := &firstError{r: io.TeeReader(r, h)}
	// Each part is buffered anyway, so it carries an MD5 the server checks; the payload is not
	// signed chunk by chunk (the aws-chunked encoding some S3 servers mishandle in parts).
	info, err := s.client.PutObject(ctx, s.bucket, temp, src, -1, minio.PutObjectOptions{PartSize: partSize,
		ContentType: "application/octet-stream", SendContentMd5: true, DisableContentSha256: true})
	if err != nil {
		_ = s.client.RemoveObject(context.WithoutCancel(ctx), s.bucket, temp, minio.RemoveObjectOptions{})
		if src.err != nil { // the client may hide the reader's error; the caller needs it
			err = src.err
		}
		return nil, fmt.Errorf("s3blob: stage: %w", err)
	}
	return &staged{Digest: documents.Digest{Hex: hex.EncodeToString(h.Sum(nil)), Bytes: info.Size}, store: s, temp: temp}, nil
}

// Open streams the committed object under key.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if _, ok := documents.DigestOfKey(key); !ok {
		return nil, fmt.Errorf("s3blob: key %q: %w", key, documents.ErrBlobNotFound)
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err == nil {
		_, err = obj.Stat() // GetObject is lazy; Stat makes a missing key fail here
	}
	if err != nil {
		return nil, notFound(key, err)
	}
	return obj, nil
}

// List lists the objects under sha256/ and tmp/, skipping any not named as a blob or a
// staged object.
func (s *Store) List(ctx context.Context, fn func(documents.Blob) error) error {
	ctx, cancel := context.WithCancel(ctx) // stops the listing when fn stops early
	defer cancel()
	for _, prefix := range []string{"sha256/", stagedPrefix} {
		for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
			if obj.Err != nil {
				return fmt.Errorf("s3blob: list: %w", obj.Err)
			}
			staged, ok := objectKey(obj.Key)
			if !ok {
				continue
			}
			if err := fn(documents.Blob{Key: obj.Key, Size: obj.Size, Committed: obj.LastModified, Staged: staged}); err != nil {
				return err
			}
		}
	}
	return nil
}

// stagedPrefix starts the name of every staged object.
const stagedPrefix = "tmp/"

// objectKey reports whether key names a staged object or a committed blob (ok), and which.
func objectKey(key string) (staged, ok bool) {
	if name, isStaged := strings.CutPrefix(key, stagedPrefix); isStaged {
		return true, uuid.Validate(name) == nil
	}
	_, ok = documents.DigestOfKey(key)
	return false, ok
}

// Remove deletes the object under key.
func (s *Store) Remove(ctx context.Context, key string) error {
	if _, ok := objectKey(key); !ok {
		return fmt.Errorf("s3blob: key %q: %w", key, documents.ErrBlobNotFound)
	}
	err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
	if err != nil && minio.ToErrorResponse(err).Code != "NoSuchKey" {
		return fmt.Errorf("s3blob: remove: %w", err)
	}
	return nil
}

func notFound(key string, err error) error {
	if minio.ToErrorResponse(err).Code == "NoSuchKey" {
		return fmt.Errorf("s3blob: key %q: %w", key, documents.ErrBlobNotFound)
	}
	return fmt.Errorf("s3blob: key %q: %w", key, err)
}

type staged struct {
	documents.Digest
	store *Store
	temp  string
}

// Commit copies the staged object to its content key, checks the copy's size, and drops the
// staged object. The copy is made even when the key holds the same bytes already, since it
// renews the object's LastModified: when the blob was last committed. Once the staged object
// is gone (a second Commit) only the committed one is checked.
func (s *staged) Commit(ctx context.Context) error {
	st := s.store
	_, err := st.client.CopyObject(ctx, minio.CopyDestOptions{Bucket: st.bucket, Object: s.Key()},
		minio.CopySrcOptions{Bucket: st.bucket, Object: s.temp})
	if err != nil && minio.ToErrorResponse(err).Code != "NoSuchKey" {
		return fmt.Errorf("s3blob: commit: %w", err)
	}
	info, err := st.client.StatObject(ctx, st.bucket, s.Key(), minio.StatObjectOptions{})
	if err != nil || info.Size != s.Bytes {
		return fmt.Errorf("s3blob: commit: %s holds %d bytes after the copy, want %d (%v)", s.Key(), info.Size, s.Bytes, err)
	}
	return s.Discard(ctx)
}

func (s *staged) Discard(ctx context.Context) error {
	err := s.store.client.RemoveObject(ctx, s.store.bucket, s.temp, minio.RemoveObjectOptions{})
	if err != nil && minio.ToErrorResponse(err).Code != "NoSuchKey" {
		return fmt.Errorf("s3blob: discard: %w", err)
	}
	return nil
}

// firstError remembers the first error its reader returned.
type firstError struct {
	r   io.Reader
	err error
}

func (f *firstError) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err != nil && err != io.EOF && f.err == nil {
		f.err = err
	}
	return n, err
}
