package main

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
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
		if time.Since(start) > time.Minute && int(time.Since(start).Seconds())%30 == 0 {
			println("  read models still", int(behind), "events behind")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// watchRSS samples the server's resident memory every half second until the returned
// function is called, which answers the peak seen.
func (s *server) watchRSS(ctx context.Context) func() uint64 {
	ctx, cancel := context.WithCancel(ctx)
	var mu sync.Mutex
	var peak float64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if v, err := s.gauges(ctx, "process_resident_memory_bytes"); err == nil && len(v) == 1 {
				mu.Lock()
				peak = max(peak, v[0])
				mu.Unlock()
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(500 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		cancel()
		<-done
		mu.Lock()
		defer mu.Unlock()
		return uint64(peak)
	}
}
