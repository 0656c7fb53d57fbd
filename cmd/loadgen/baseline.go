package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/gin-gonic/gin"
)

// startBaseline serves a bare gin JSON handler on a free port: the floor that the machine,
// the HTTP stack and this load generator set under the same arrival rate.
func startBaseline() (url string, stop func(), err error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/ping", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: r}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/ping", func() { _ = srv.Close() }, nil
}

// httpClient is shared by every phase, with enough idle connections for the arrival rate.
var httpClient = &http.Client{Transport: &http.Transport{MaxIdleConns: maxInFlight, MaxIdleConnsPerHost: maxInFlight}}

// getOK fetches url and fails unless it answers 200.
func getOK(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	return expect(req, http.StatusOK, nil)
}

// expect sends req, drains the body into dst (when not nil) and checks the status.
func expect(req *http.Request, status int, dst io.Writer) error {
	res, err := httpClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if dst == nil {
		dst = io.Discard
	}
	if _, err := io.Copy(dst, res.Body); err != nil {
		return err
	}
	if res.StatusCode != status {
		return fmt.Errorf("%s %s: status %d", req.Method, req.URL.Path, res.StatusCode)
	}
	return nil
}
