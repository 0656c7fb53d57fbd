package s3blob

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Open connects to the bucket an s3:// URL names and creates the bucket when it is missing:
//
//	s3://ACCESS_KEY:SECRET_KEY@host:port/bucket?tls=false&region=us-east-1
//
// Without credentials in the URL, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are used.
// Buckets are addressed by path, which every S3-compatible server understands.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "s3" || u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return nil, fmt.Errorf("s3blob: want s3://KEY:SECRET@host:port/bucket?tls=false, got %q", redact(rawURL))
	}
	creds := credentials.NewEnvAWS()
	if u.User != nil {
		secret, _ := u.User.Password()
		creds = credentials.NewStaticV4(u.User.Username(), secret, "")
	}
	client, err := minio.New(u.Host, &minio.Options{Creds: creds, Secure: u.Query().Get("tls") != "false",
		Region: u.Query().Get("region"), BucketLookup: minio.BucketLookupPath})
	if err != nil {
		return nil, fmt.Errorf("s3blob: %w", err)
	}
	bucket := strings.Trim(u.Path, "/")
	ok, err := client.BucketExists(ctx, bucket)
	if err == nil && !ok {
		err = client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{Region: u.Query().Get("region")})
	}
	if err != nil {
		return nil, fmt.Errorf("s3blob: bucket %s: %w", bucket, err)
	}
	return New(client, bucket), nil
}

// redact hides the secret key of a URL before it is printed.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(an unparsable URL)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}
