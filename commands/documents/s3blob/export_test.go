package s3blob

import "github.com/minio/minio-go/v7"

// Client exposes the store's client so tests can list the bucket.
func Client(s *Store) *minio.Client { return s.client }
