package projector

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		done, total uint64
		rate        float64
		bar         bool
		want        string
	}{
		{"half way on a terminal", 1000, 2000, 400, true,
			"[###############---------------]  50.0%  1000/2000 events  400 ev/s  ETA 3s"},
		{"half way in a log", 1000, 2000, 400, false, "rebuild:  50.0%  1000/2000 events  400 ev/s  ETA 3s"},
		{"unknown total", 1000, 0, 400, false, "rebuild: 1000 events  400 ev/s"},
		{"no rate yet", 0, 2000, 0, false, "rebuild:   0.0%  0/2000 events  0 ev/s  ETA ?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := progressLine(tt.done, tt.total, tt.rate, tt.bar); got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestProgressWriter(t *testing.T) {
	t.Parallel()
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }

	t.Run("a log gets a line every few seconds and at the end", func(t *testing.T) {
		var out bytes.Buffer
		report := progressWriter(&out, false, now)
		report(10, 100, 5)
		report(20, 100, 5) // same instant: no line
		clock = clock.Add(logEvery)
		report(30, 100, 5)
		report(100, 100, 5)
		if lines := strings.Count(out.String(), "\n"); lines != 3 {
			t.Fatalf("%d lines, want 3:\n%s", lines, out.String())
		}
	})

	t.Run("a terminal gets the bar redrawn in place", func(t *testing.T) {
		var out bytes.Buffer
		report := progressWriter(&out, true, now)
		report(10, 100, 5)
		report(100, 100, 5)
		if got := out.String(); strings.Count(got, "\r") != 2 || !strings.HasSuffix(got, "\n") {
			t.Fatalf("got %q, want two redraws and a final newline", got)
		}
	})

	t.Run("a buffer is not a terminal", func(t *testing.T) {
		if isTerminal(&bytes.Buffer{}) {
			t.Fatal("a bytes.Buffer counted as a terminal")
		}
	})
}
