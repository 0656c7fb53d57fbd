package main

import (
	"errors"
	"testing"
)

func TestCatchUpBatch(t *testing.T) {
	for _, tc := range []struct {
		raw     string
		want    int
		wantErr bool
	}{
		{"", serveCatchUpBatch, false},
		{"0", 0, false},
		{"250000", 250000, false},
		{"-1", 0, true},
		{"lots", 0, true},
	} {
		got, err := catchUpBatch(func(key string) string {
			if key != catchUpBatchEnv {
				t.Fatalf("read %s", key)
			}
			return tc.raw
		}, serveCatchUpBatch)
		var usage usageError
		if got != tc.want || (err != nil) != tc.wantErr || err != nil && !errors.As(err, &usage) {
			t.Errorf("%s=%q: %d, %v; want %d, error %v (a usage error)", catchUpBatchEnv, tc.raw, got, err, tc.want, tc.wantErr)
		}
	}
}
