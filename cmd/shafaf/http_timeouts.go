package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/shafaf-city/shafaf/httpapi"
)

// httpTimeoutFlags registers serve's connection timeouts as flags whose defaults come from the
// environment (SHAFAF_HTTP_READ_TIMEOUT, SHAFAF_HTTP_WRITE_TIMEOUT, SHAFAF_HTTP_IDLE_TIMEOUT)
// or else httpapi.DefaultTimeouts, so `serve -h` shows what is in force.
func httpTimeoutFlags(fs *flag.FlagSet, getenv func(string) string) (*httpapi.Timeouts, error) {
	t := httpapi.DefaultTimeouts
	for _, f := range []struct {
		d                *time.Duration
		name, env, usage string
	}{
		{&t.Read, "read-timeout", "SHAFAF_HTTP_READ_TIMEOUT", "longest time to read a request, headers and body; larger uploads get more, at 512 kbit/s"},
		{&t.Write, "write-timeout", "SHAFAF_HTTP_WRITE_TIMEOUT", "longest time to handle a request and write its answer, downloads included"},
		{&t.Idle, "idle-timeout", "SHAFAF_HTTP_IDLE_TIMEOUT", "longest time a keep-alive connection waits for its next request"},
	} {
		if raw := getenv(f.env); raw != "" {
			d, err := time.ParseDuration(raw)
			if err != nil || d <= 0 {
				return nil, usageError(fmt.Sprintf("%s=%q: want a positive duration such as 30s or 10m", f.env, raw))
			}
			*f.d = d
		}
		fs.DurationVar(f.d, f.name, *f.d, f.usage+" (env "+f.env+")")
	}
	return &t, nil
}
