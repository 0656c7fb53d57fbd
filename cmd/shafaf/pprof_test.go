package main

import (
	"net/http"
	"testing"

	"go.uber.org/zap"
)

func TestProfilingEndpoints(t *testing.T) {
	t.Parallel()
	url, stop, err := servePprof("127.0.0.1:0", zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	for _, profile := range []string{"mutex", "block", "heap"} {
		t.Run("serves the "+profile+" profile on its own listener", func(t *testing.T) {
			res, err := http.Get(url + profile)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %s", profile, res.Status)
			}
		})
	}
	t.Run("never on the API's router", func(t *testing.T) {
		app := MustOpenApp(t)
		res, err := http.Get(app.URL() + "/debug/pprof/mutex")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("the API answered /debug/pprof/mutex with %s", res.Status)
		}
	})
}
