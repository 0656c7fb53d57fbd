package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// gauges reads the server's /metrics and returns the values of the series named name
// (one per label set).
func (s *server) gauges(ctx context.Context, name string) ([]float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	if err := expect(req, http.StatusOK, &body); err != nil {
		return nil, err
	}
	var out []float64
	sc := bufio.NewScanner(&body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
		if err == nil {
			out = append(out, v)
		}
	}
	return out, sc.Err()
}

// waitCaughtUp waits until every read model has processed the whole seeded log.
func (s *server) waitCaughtUp(ctx context.Context) error {
	start := time.Now()
	for {
		lags, err := s.gauges(ctx, "shafaf_projector_lag_events")
		behind := 0.0
		for _, l := range lags {
			behind += l
		}
		if err == nil && len(lags) > 0 && behind == 0 {
			return nil
		}
		if len(lags) == 0 {
			fmt.Printf("  %s: the server does not report read-model lag yet (counting a large backlog)\n", time.Since(start).Round(time.Second))
		} else {
			fmt.Printf("  %s: read models %.0f events behind\n", time.Since(start).Round(time.Second), behind)
		}
		// Each scrape counts the backlog of every read model: poll gently, or the counting
		// itself slows the catch-up it waits for.
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(15 * time.Second):
		}
	}
}

// metricsRSS is the server's resident memory now, as its /metrics reports it.
func (s *server) metricsRSS(ctx context.Context) (uint64, string, error) {
	v, err := s.gauges(ctx, "process_resident_memory_bytes")
	if err != nil || len(v) != 1 {
		return 0, "", fmt.Errorf("process_resident_memory_bytes: %v (%d series)", err, len(v))
	}
	return uint64(v[0]), "RSS at the end of the run", nil
}

// peakRSS is the high-water mark of a local process's resident memory (VmHWM).
func peakRSS(pid int) (uint64, string, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, "", err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, "peak RSS (VmHWM) over the whole run, catch-up included", err
		}
	}
	return 0, "", fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}
