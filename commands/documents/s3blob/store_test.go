package s3blob_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"

	"github.com/shafaf-city/shafaf/commands/documents"
	"github.com/shafaf-city/shafaf/commands/documents/blobtest"
	"github.com/shafaf-city/shafaf/commands/documents/s3blob"
)

// MustOpenFakeS3 starts an in-process S3 server (gofakes3's in-memory backend) and opens a
// store on a new bucket in it.
func MustOpenFakeS3(tb testing.TB) (*s3blob.Store, *minio.Client) {
	tb.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	tb.Cleanup(srv.Close)
	url := "s3://shafaf:secret-key@" + strings.TrimPrefix(srv.URL, "http://") + "/documents?tls=false&region=us-east-1"
	store, err := s3blob.Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	return store, s3blob.Client(store)
}

func TestConformance(t *testing.T) {
	blobtest.Run(t, func(tb testing.TB) (documents.BlobStore, blobtest.Counter) {
		store, client := MustOpenFakeS3(tb)
		return store, func(tb testing.TB) (int, int) {
			return countObjects(tb, client, "sha256/"), countObjects(tb, client, "tmp/")
		}
	})
}

func TestOpenRefusesAMalformedURL(t *testing.T) {
	for _, url := range []string{"http://host/bucket", "s3://host", "s3:///bucket"} {
		if _, err := s3blob.Open(context.Background(), url); err == nil {
			t.Errorf("Open(%q) succeeded", url)
		}
	}
}

func countObjects(tb testing.TB, client *minio.Client, prefix string) int {
	tb.Helper()
	n := 0
	for obj := range client.ListObjects(context.Background(), "documents", minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			tb.Fatal(obj.Err)
		}
		n++
	}
	return n
}
