package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"time"

	"go.uber.org/zap"
)

// pprofAddrEnv names the listen address of the profiling endpoints; unset, there are none.
const pprofAddrEnv = "SHAFAF_PPROF_ADDR"

// profileFraction samples one in this many mutex contention and blocking events: enough to
// show where goroutines wait under load, too few to cost measurable time.
const profileFraction = 100

// servePprof serves net/http/pprof on its own listener, never on the API's router, so the
// profiles are reachable only where the operator binds them (127.0.0.1:6060). It also turns on
// the mutex and block profiles, which Go leaves off. It returns the address it listens on and
// a stop that closes the listener.
func servePprof(addr string, log *zap.Logger) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", pprofAddrEnv, err)
	}
	runtime.SetMutexProfileFraction(profileFraction)
	runtime.SetBlockProfileRate(profileFraction)
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Warn("pprof endpoint stopped", zap.Error(err))
		}
	}()
	url = "http://" + ln.Addr().String() + "/debug/pprof/"
	log.Info("profiling endpoints", zap.String("url", url))
	return url, func() { _ = srv.Shutdown(context.Background()) }, nil
}
