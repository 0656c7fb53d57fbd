package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/httpapi"
)

// requestSeries counts the latency histogram's series in a /metrics scrape.
func requestSeries(tb testing.TB, anon client) int {
	tb.Helper()
	r := anon.get("/metrics")
	wantStatus(tb, r, http.StatusOK)
	return strings.Count(string(r.body), "shafaf_http_request_duration_seconds_count{")
}

// Clients choose methods and paths freely; /metrics must not grow a series for each.
func TestMetricsSeriesDoNotGrowWithClientInput(t *testing.T) {
	app := MustOpenApp(t)
	anon := client{tb: t, base: app.URL()}
	junk := func() {
		for range 20 {
			anon.do(fmt.Sprintf("ZZM%d", rand.Int()), "/healthz", "", nil)
			anon.get(fmt.Sprintf("/no/such/page/%d", rand.Int()))
			anon.get(fmt.Sprintf("/v1/nothing-%d", rand.Int()))
		}
	}
	junk()
	requestSeries(t, anon) // the scrape's own series
	before := requestSeries(t, anon)
	junk()
	if after := requestSeries(t, anon); after != before {
		t.Fatalf("random methods and paths grew the request series from %d to %d", before, after)
	}
}

// dial opens a raw TCP connection to app, for requests net/http's client would not send.
func dial(tb testing.TB, app *App) net.Conn {
	tb.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(app.URL(), "http://"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = conn.Close() })
	return conn
}

// Connection timeouts cut off clients that hold a connection without finishing a request, and
// leave normal requests alone.
func TestSlowAndIdleConnectionsAreClosed(t *testing.T) {
	t.Run("a body sent a byte at a time", func(t *testing.T) {
		app := mustOpenAppWith(t, func(c *appConfig) { c.HTTP.Read = 200 * time.Millisecond })
		clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
		wantStatus(t, clerk.post("/v1/cases", walkIn), http.StatusCreated)

		conn := dial(t, app)
		closed := make(chan struct{}) // the server hung up: all it sent is read
		go func() {
			_, _ = io.Copy(io.Discard, conn)
			close(closed)
		}()
		fmt.Fprintf(conn, "POST /v1/cases HTTP/1.1\r\nHost: shafaf\r\nAuthorization: Bearer %s\r\n"+
			"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n", clerk.token())
		for range 1000 {
			select {
			case <-closed:
				return
			case <-time.After(20 * time.Millisecond):
			}
			if _, err := conn.Write([]byte(" ")); err != nil {
				return
			}
		}
		t.Fatal("the server read a whole body sent a byte every 20 ms, with a read timeout of 200 ms")
	})
	t.Run("a large body sent steadily gets the time it needs", func(t *testing.T) {
		app := mustOpenAppWith(t, func(c *appConfig) { c.HTTP.Read = 200 * time.Millisecond })
		clerk := client{tb: t, base: app.URL(), actor: "clerk:clerk-7"}
		doc, err := json.Marshal(walkIn)
		if err != nil {
			t.Fatal(err)
		}
		body := append(bytes.Repeat([]byte(" "), 256<<10), doc...) // 4 s at the minimum upload rate
		conn := dial(t, app)
		fmt.Fprintf(conn, "POST /v1/cases HTTP/1.1\r\nHost: shafaf\r\nAuthorization: Bearer %s\r\n"+
			"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n", clerk.token(), len(body))
		for chunk := range slices.Chunk(body, 32<<10) { // a second in all, five read timeouts
			time.Sleep(125 * time.Millisecond)
			if _, err := conn.Write(chunk); err != nil {
				t.Fatalf("the server cut off a steady upload: %v", err)
			}
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("the server cut off a steady upload: %v", err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("steady upload answered %d, want 201", res.StatusCode)
		}
	})
	t.Run("an idle keep-alive connection", func(t *testing.T) {
		app := mustOpenAppWith(t, func(c *appConfig) { c.HTTP.Idle = 200 * time.Millisecond })
		conn := dial(t, app)
		fmt.Fprint(conn, "GET /healthz HTTP/1.1\r\nHost: shafaf\r\n\r\n")
		r := bufio.NewReader(conn)
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Close {
			t.Fatalf("healthz = %d, close %v: want 200 on a connection kept alive", res.StatusCode, res.Close)
		}
		_ = conn.SetReadDeadline(time.Now().Add(time.Minute)) // only so that a broken server fails the test rather than hangs it
		if n, err := r.Read(make([]byte, 1)); err != io.EOF {
			t.Fatalf("idle connection: read %d bytes, %v; want the server to close it (EOF)", n, err)
		}
	})
}

// Requests net/http refuses before any handler runs are answered with problem documents too.
func TestMalformedRequestsAnswerProblems(t *testing.T) {
	app := MustOpenApp(t)
	for _, tt := range []struct {
		name, request string
		status        int
		code          string
	}{
		{"a NUL byte in a header", "GET /healthz HTTP/1.1\r\nHost: shafaf\r\nX-Note: a\x00b\r\n\r\n", http.StatusBadRequest, "malformed_request"},
		{"a header name with a space", "GET /healthz HTTP/1.1\r\nHost: shafaf\r\nBad Name: x\r\n\r\n", http.StatusBadRequest, "malformed_request"},
		{"a malformed request line", "GARBAGE\r\n\r\n", http.StatusBadRequest, "malformed_request"},
		{"no Host header", "GET /healthz HTTP/1.1\r\n\r\n", http.StatusBadRequest, "malformed_request"},
		{"2 MB of headers", "GET /healthz HTTP/1.1\r\nHost: shafaf\r\nX-Big: " + strings.Repeat("a", 2<<20) + "\r\n\r\n",
			http.StatusRequestHeaderFieldsTooLarge, "headers_too_large"},
		{"an unknown transfer coding", "POST /v1/cases HTTP/1.1\r\nHost: shafaf\r\nTransfer-Encoding: zip\r\n\r\n",
			http.StatusNotImplemented, "unsupported_transfer_encoding"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn := dial(t, app)
			go func() { _, _ = io.WriteString(conn, tt.request) }() // the server answers before reading all of a huge request
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			wantProblem(t, response{status: res.StatusCode, header: res.Header, body: body}, tt.status, tt.code)
		})
	}
}

func TestHTTPTimeoutsComeFromTheEnvironment(t *testing.T) {
	env := map[string]string{"SHAFAF_HTTP_READ_TIMEOUT": "45s"}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	got, err := httpTimeoutFlags(fs, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.Parse([]string{"-idle-timeout", "2m"}); err != nil {
		t.Fatal(err)
	}
	if want := (httpapi.Timeouts{Read: 45 * time.Second, Write: httpapi.DefaultTimeouts.Write, Idle: 2 * time.Minute}); *got != want {
		t.Fatalf("timeouts %+v, want %+v", *got, want)
	}
	env["SHAFAF_HTTP_WRITE_TIMEOUT"] = "ten minutes"
	if _, err := httpTimeoutFlags(flag.NewFlagSet("serve", flag.ContinueOnError), func(k string) string { return env[k] }); err == nil {
		t.Fatal("accepted SHAFAF_HTTP_WRITE_TIMEOUT=\"ten minutes\"")
	}
}
