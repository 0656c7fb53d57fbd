package httpapi

import (
	"testing"
	"time"
)

func TestBodyTime(t *testing.T) {
	t.Parallel()
	const largest = 20 << 20
	for _, tt := range []struct {
		name     string
		declared int64
		want     time.Duration
	}{
		{"a JSON body gets a fraction of a second", 4 << 10, 62500 * time.Microsecond},
		{"an upload of the largest document gets 320 s at 512 kbit/s", largest, 320 * time.Second},
		{"a larger declared length gets no more than the largest body", 10 << 30, 320 * time.Second},
		{"an unknown length (chunked) gets nothing", -1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := bodyTime(tt.declared, largest); got != tt.want {
				t.Fatalf("bodyTime(%d) = %s, want %s", tt.declared, got, tt.want)
			}
		})
	}
}
