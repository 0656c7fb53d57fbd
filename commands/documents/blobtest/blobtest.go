// Package blobtest is the conformance suite every documents.BlobStore adapter runs, so the
// embedded store and object storage keep the same promises.
package blobtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/shafaf-city/shafaf/commands/documents"
)

// Harness makes a fresh, empty store and a way to count the committed blobs and the staged
// leftovers it holds.
type Harness func(tb testing.TB) (documents.BlobStore, Counter)

// Counter counts what one store holds.
type Counter func(tb testing.TB) (committed, staged int)

// Run runs the suite.
func Run(t *testing.T, h Harness) {
	tests := []struct {
		name string
		run  func(t *testing.T, s documents.BlobStore, count Counter)
	}{
		{"stores bytes under their SHA-256 only once committed", storesByDigest},
		{"stores the same bytes once", storesOnce},
		{"discards a staged file without a trace", discards},
		{"refuses keys it never committed", refusesUnknownKeys},
		{"cleans up when the reader fails", cleansUpFailedReads},
		{"keeps a file larger than one upload part whole", keepsLargeFiles},
		{"commits the same bytes concurrently", commitsConcurrently},
		{"commits again after a success", commitsAgain},
		{"lists and removes committed blobs only", listsAndRemoves},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, count := h(t)
			tt.run(t, s, count)
		})
	}
}

// MustStage stages content and fails the test on error.
func MustStage(tb testing.TB, s documents.BlobStore, content []byte) documents.Staged {
	tb.Helper()
	st, err := s.Stage(context.Background(), bytes.NewReader(content))
	if err != nil {
		tb.Fatalf("stage: %v", err)
	}
	return st
}

// MustRead returns what key holds.
func MustRead(tb testing.TB, s documents.BlobStore, key string) []byte {
	tb.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		tb.Fatalf("open %s: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		tb.Fatalf("read %s: %v", key, err)
	}
	return b
}

func wantObjects(tb testing.TB, count Counter, committed, staged int) {
	tb.Helper()
	if c, st := count(tb); c != committed || st != staged {
		tb.Fatalf("store holds %d committed and %d staged objects, want %d and %d", c, st, committed, staged)
	}
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func storesByDigest(t *testing.T, s documents.BlobStore, count Counter) {
	ctx := context.Background()
	content := []byte("%PDF-1.7 سند مالکیت")
	st := MustStage(t, s, content)
	if st.SHA256() != digest(content) || st.Key() != documents.KeyOf(digest(content)) || st.Size() != int64(len(content)) {
		t.Fatalf("staged %s %s %d, want the content's digest and size", st.Key(), st.SHA256(), st.Size())
	}
	if _, err := s.Open(ctx, st.Key()); !errors.Is(err, documents.ErrBlobNotFound) {
		t.Fatalf("open before commit = %v, want ErrBlobNotFound", err)
	}
	if err := st.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := MustRead(t, s, st.Key()); !bytes.Equal(got, content) {
		t.Fatalf("read %q, want %q", got, content)
	}
	wantObjects(t, count, 1, 0)
}

func storesOnce(t *testing.T, s documents.BlobStore, count Counter) {
	for range 3 {
		if err := MustStage(t, s, []byte("same bytes")).Commit(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	wantObjects(t, count, 1, 0)
}

func discards(t *testing.T, s documents.BlobStore, count Counter) {
	ctx := context.Background()
	st := MustStage(t, s, []byte("not wanted"))
	for range 2 {
		if err := st.Discard(ctx); err != nil {
			t.Fatalf("discard: %v", err)
		}
	}
	wantObjects(t, count, 0, 0)
	kept := MustStage(t, s, []byte("wanted"))
	if err := kept.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := kept.Discard(ctx); err != nil {
		t.Fatalf("discard after commit: %v", err)
	}
	MustRead(t, s, kept.Key())
	wantObjects(t, count, 1, 0)
}

func refusesUnknownKeys(t *testing.T, s documents.BlobStore, _ Counter) {
	for _, key := range []string{documents.KeyOf(strings.Repeat("0", 64)), "sha256/../../etc/passwd", "tmp/x", ""} {
		if _, err := s.Open(context.Background(), key); !errors.Is(err, documents.ErrBlobNotFound) {
			t.Errorf("open %q = %v, want ErrBlobNotFound", key, err)
		}
	}
}

var errBroken = errors.New("connection reset by applicant")

// brokenReader yields some bytes, then fails as a dropped upload does.
type brokenReader struct{ left int }

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errBroken
	}
	n := min(len(p), b.left)
	b.left -= n
	return n, nil
}

func cleansUpFailedReads(t *testing.T, s documents.BlobStore, count Counter) {
	for _, size := range []int{0, 1000, 6 << 20} {
		if _, err := s.Stage(context.Background(), &brokenReader{left: size}); !errors.Is(err, errBroken) {
			t.Fatalf("stage of a failing reader after %d bytes = %v, want its error", size, err)
		}
	}
	wantObjects(t, count, 0, 0)
}

func keepsLargeFiles(t *testing.T, s documents.BlobStore, count Counter) {
	content := make([]byte, 11<<20+123)
	_, _ = rand.Read(content)
	st := MustStage(t, s, content)
	if err := st.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := MustRead(t, s, st.Key()); digest(got) != digest(content) {
		t.Fatalf("read back %d bytes that differ from the %d written", len(got), len(content))
	}
	wantObjects(t, count, 1, 0)
}

func commitsConcurrently(t *testing.T, s documents.BlobStore, count Counter) {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			st, err := s.Stage(context.Background(), strings.NewReader("a deed uploaded twice at once"))
			if err == nil {
				err = st.Commit(context.Background())
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	wantObjects(t, count, 1, 0)
}

func commitsAgain(t *testing.T, s documents.BlobStore, count Counter) {
	st := MustStage(t, s, []byte("an upload whose append was retried"))
	for range 2 {
		if err := st.Commit(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	MustRead(t, s, st.Key())
	wantObjects(t, count, 1, 0)
}

func listsAndRemoves(t *testing.T, s documents.BlobStore, count Counter) {
	ctx := context.Background()
	want := map[string]int64{}
	for _, content := range []string{"a deed", "a site plan, longer"} {
		st := MustStage(t, s, []byte(content))
		if err := st.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		want[st.Key()] = int64(len(content))
	}
	MustStage(t, s, []byte("an upload cut off by a crash"))
	list := func() (committed map[string]int64, staged []string) {
		committed = map[string]int64{}
		err := s.List(ctx, func(b documents.Blob) error {
			switch {
			case b.Committed.IsZero():
				t.Errorf("%s lists no time", b.Key)
			case b.Staged:
				staged = append(staged, b.Key)
			default:
				committed[b.Key] = b.Size
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return committed, staged
	}
	committed, staged := list()
	if !maps.Equal(committed, want) || len(staged) != 1 {
		t.Fatalf("listed %v and staged %v, want the committed %v and one staged", committed, staged, want)
	}
	gone := documents.KeyOf(digest([]byte("a deed")))
	for _, key := range []string{gone, gone, staged[0]} {
		if err := s.Remove(ctx, key); err != nil {
			t.Fatalf("remove %s: %v", key, err)
		}
	}
	delete(want, gone)
	if committed, staged := list(); !maps.Equal(committed, want) || len(staged) != 0 {
		t.Fatalf("listed %v and staged %v after removing %s, want %v alone", committed, staged, gone, want)
	}
	if _, err := s.Open(ctx, gone); !errors.Is(err, documents.ErrBlobNotFound) {
		t.Fatalf("open of a removed blob = %v, want ErrBlobNotFound", err)
	}
	for _, key := range []string{"sha256/../../etc/passwd", "tmp/../../etc/passwd", "elsewhere"} {
		if err := s.Remove(ctx, key); err == nil {
			t.Errorf("removed the malformed key %q", key)
		}
	}
	wantObjects(t, count, 1, 0)
}
