package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// providerStorage is zitadel/oidc's example in-memory storage, made to issue JWT access tokens
// carrying each user's roles, department and national ID the way a provider style does.
type providerStorage struct {
	*storage.Storage
	mu     sync.Mutex
	claims map[string]map[string]any // by user id
}

// jwtClient turns a registered client's access tokens into JWTs, as Shafaf needs.
type jwtClient struct{ op.Client }

func (jwtClient) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeJWT }

func (s *providerStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return jwtClient{c}, nil
}

func (s *providerStorage) GetPrivateClaimsFromScopes(_ context.Context, userID, _ string, _ []string) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.claims[userID], nil
}

func (s *providerStorage) setClaims(userID string, claims map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.claims[userID] = claims
}

const (
	providerClientID = "shafaf-portal"
	providerSecret   = "portal-secret"
	providerRedirect = "http://localhost:9999/auth/callback"
)

// oidcProvider is a running OpenID provider; issuer is its URL.
type oidcProvider struct {
	issuer  string
	storage *providerStorage
}

// MustStartProvider starts zitadel/oidc's example OpenID provider in-process with one web
// client and the example's two users: id1 (test-user@127.0.0.1) and id2 (test-user2).
func MustStartProvider(tb testing.TB) *oidcProvider {
	tb.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewUnstartedServer(mux)
	issuer := "http://" + srv.Listener.Addr().String()
	st := &providerStorage{
		Storage: storage.NewStorageWithClients(storage.NewUserStore(issuer),
			map[string]*storage.Client{providerClientID: storage.WebClient(providerClientID, providerSecret, providerRedirect)}),
		claims: map[string]map[string]any{},
	}
	// The example sets slog's default logger; a quiet one keeps test output readable.
	mux.Handle("/", exampleop.SetupServer(issuer, st, slog.New(slog.DiscardHandler), false))
	srv.Start()
	tb.Cleanup(srv.Close)
	return &oidcProvider{issuer: issuer, storage: st}
}

// login signs a user in through the provider's authorization code flow, as a browser and the
// portal would, and returns the access token.
func (p *oidcProvider) login(tb testing.TB, username string) string {
	tb.Helper()
	var meta struct {
		Authorization string `json:"authorization_endpoint"`
		Token         string `json:"token_endpoint"`
	}
	mustGetJSON(tb, http.DefaultClient, p.issuer+"/.well-known/openid-configuration", &meta)
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), providerRedirect) {
			return http.ErrUseLastResponse // the portal's callback: read the code from here
		}
		return nil
	}}
	res, err := browser.Get(meta.Authorization + "?" + url.Values{"client_id": {providerClientID}, "redirect_uri": {providerRedirect},
		"response_type": {"code"}, "scope": {"openid profile"}, "state": {"s1"}}.Encode())
	if err != nil {
		tb.Fatal(err)
	}
	res.Body.Close()
	requestID := res.Request.URL.Query().Get("authRequestID")
	res, err = browser.PostForm(p.issuer+"/login/username", url.Values{"id": {requestID}, "username": {username}, "password": {"verysecure"}})
	if err != nil {
		tb.Fatal(err)
	}
	res.Body.Close()
	callback, err := url.Parse(res.Header.Get("Location"))
	if err != nil || callback.Query().Get("code") == "" {
		tb.Fatalf("login of %s ended at %d %q, not the portal's callback with a code", username, res.StatusCode, res.Header.Get("Location"))
	}
	req, _ := http.NewRequest(http.MethodPost, meta.Token, strings.NewReader(url.Values{"grant_type": {"authorization_code"},
		"code": {callback.Query().Get("code")}, "redirect_uri": {providerRedirect}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(providerClientID, providerSecret)
	var tokens struct {
		AccessToken string `json:"access_token"`
	}
	mustDoJSON(tb, http.DefaultClient, req, &tokens)
	return tokens.AccessToken
}

func mustGetJSON(tb testing.TB, c *http.Client, u string, dst any) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	mustDoJSON(tb, c, req, dst)
}

func mustDoJSON(tb testing.TB, c *http.Client, req *http.Request, dst any) {
	tb.Helper()
	res, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("%s %s: HTTP %d", req.Method, req.URL, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(dst); err != nil {
		tb.Fatal(err)
	}
}
