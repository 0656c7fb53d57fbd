package auth_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// MustRouter serves /private (required auth) and /maybe (optional auth),
// answering with the subject or "anonymous", and failures as the lead's
// handler would: 429 with Retry-After, else 401 with the code in the body.
func MustRouter(tb testing.TB, v *auth.Verifier) *gin.Engine {
	tb.Helper()
	gin.SetMode(gin.TestMode)
	r := gin.New()
	if err := r.SetTrustedProxies(nil); err != nil {
		tb.Fatal(err)
	}
	onError := func(c *gin.Context, err error) {
		var e *auth.Error
		if !errors.As(err, &e) {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		if e.Code == auth.CodeRateLimited {
			c.Header("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds())))
			c.String(http.StatusTooManyRequests, string(e.Code))
			return
		}
		c.String(http.StatusUnauthorized, string(e.Code))
	}
	who := func(c *gin.Context) {
		p, ok := auth.FromContext(c)
		if !ok {
			c.String(http.StatusOK, "anonymous")
			return
		}
		c.String(http.StatusOK, p.Subject)
	}
	r.GET("/private", auth.Middleware(v, onError), who)
	r.GET("/maybe", auth.Optional(v, onError), who)
	return r
}

func get(r http.Handler, path, ip, authorization string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = ip + ":40000"
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	return w
}

func TestMiddleware(t *testing.T) {
	t.Parallel()
	d := auth.NewDevIssuer()
	r := MustRouter(t, MustDevVerifier(t, d))
	token, err := d.Token("clerk", "clerk-7", "permits", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, header string
		status             int
		body               string
	}{
		{"passes the principal on", "/private", "Bearer " + token, 200, "clerk-7"},
		{"accepts a lower-case scheme", "/private", "bearer " + token, 200, "clerk-7"},
		{"requires a token", "/private", "", 401, "token_missing"},
		{"treats another scheme as missing", "/private", "Basic Y2xlcms6c2VjcmV0", 401, "token_missing"},
		{"rejects a bad token", "/private", "Bearer abc.def.ghi", 401, "token_invalid"},
		{"lets anonymous callers through optional auth", "/maybe", "", 200, "anonymous"},
		{"authenticates optional callers with a token", "/maybe", "Bearer " + token, 200, "clerk-7"},
		{"never downgrades a bad optional token to anonymous", "/maybe", "Bearer abc.def.ghi", 401, "token_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := get(r, tt.path, "192.0.2.10", tt.header)
			if w.Code != tt.status || w.Body.String() != tt.body {
				t.Fatalf("GET %s = %d %q, want %d %q", tt.path, w.Code, w.Body, tt.status, tt.body)
			}
		})
	}
}

func TestFailureLimit(t *testing.T) {
	t.Parallel()
	d := auth.NewDevIssuer()
	clk := newClock()
	r := MustRouter(t, MustDevVerifier(t, d, auth.WithClock(clk.Now), auth.WithFailureLimit(3, 20*time.Second)))
	token, err := auth.NewDevIssuer().Token("admin", "mallory", "", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	bad := "Bearer " + token

	for i := range 3 {
		if w := get(r, "/private", "198.51.100.7", bad); w.Code != http.StatusUnauthorized {
			t.Fatalf("failure %d = %d, want 401", i+1, w.Code)
		}
	}
	w := get(r, "/private", "198.51.100.7", bad)
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "20" {
		t.Fatalf("after the burst = %d Retry-After %q, want 429 after 20s", w.Code, w.Header().Get("Retry-After"))
	}
	if w := get(r, "/private", "198.51.100.8", bad); w.Code != http.StatusUnauthorized {
		t.Fatalf("another client = %d, want 401", w.Code)
	}
	if w := get(r, "/private", "198.51.100.7", ""); w.Code != http.StatusTooManyRequests {
		t.Fatalf("blocked client without a token = %d, want 429", w.Code)
	}
	clk.Advance(20 * time.Second)
	if w := get(r, "/private", "198.51.100.7", bad); w.Code != http.StatusUnauthorized {
		t.Fatalf("after the refill = %d, want 401", w.Code)
	}
	if w := get(r, "/private", "198.51.100.7", bad); w.Code != http.StatusTooManyRequests {
		t.Fatalf("one refill allows one failure, then = %d, want 429", w.Code)
	}
}

func TestFailuresNeverLockOutAValidToken(t *testing.T) {
	t.Parallel()
	d := auth.NewDevIssuer()
	r := MustRouter(t, MustDevVerifier(t, d, auth.WithFailureLimit(3, time.Hour)))
	valid, err := d.Token("clerk", "clerk-7", "permits", "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	const shared = "203.0.113.9" // every user behind an untrusted proxy
	for range 12 {
		get(r, "/private", shared, "Bearer abc.def.ghi")
	}
	if w := get(r, "/private", shared, "Bearer abc.def.ghi"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("bad token after 12 failures = %d, want 429", w.Code)
	}
	if w := get(r, "/private", shared, "Bearer "+valid); w.Code != http.StatusOK || w.Body.String() != "clerk-7" {
		t.Fatalf("valid token from a drained address = %d %q, want 200", w.Code, w.Body)
	}
}
