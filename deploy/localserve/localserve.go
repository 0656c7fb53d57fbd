// Package localserve runs the real shafaf binary as `shafaf serve` on this machine, the way
// production runs it (JSON logs, ES256 bearer tokens verified with a public key), for the tools
// that drive it from outside: the load generator and the fault suite.
package localserve

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	issuer   = "https://localserve.shafaf.invalid"
	audience = "shafaf"
)

// Keys signs access tokens that a server started with Env accepts.
type Keys struct {
	key           *ecdsa.PrivateKey
	publicKeyFile string
}

// NewKeys makes a signing key and writes its public half into dir for the server to read.
func NewKeys(dir string) (Keys, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Keys{}, err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return Keys{}, err
	}
	file := filepath.Join(dir, "jwt.pub")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600); err != nil {
		return Keys{}, err
	}
	return Keys{key: key, publicKeyFile: file}, nil
}

// Env is what `shafaf serve` needs in its environment to verify the tokens of Token.
func (k Keys) Env() []string {
	return []string{"SHAFAF_JWT_PUBLIC_KEY_FILE=" + k.publicKeyFile, "SHAFAF_JWT_ISSUER=" + issuer, "SHAFAF_JWT_AUDIENCE=" + audience}
}

// Token mints an access token shaped like a Keycloak realm's, valid for two hours.
func (k Keys) Token(role, sub, department string) (string, error) {
	now := time.Now()
	return jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{
		"iss": issuer, "aud": audience, "sub": sub, "iat": now.Unix(), "exp": now.Add(2 * time.Hour).Unix(),
		"realm_access": map[string]any{"roles": []string{role}}, "department": department,
	}).SignedString(k.key)
}

// ServingURL reads the server's stdout until it says where it listens, then drains the rest
// in the background so the server never blocks on a full pipe.
func ServingURL(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if _, url, ok := strings.Cut(sc.Text(), "Shafaf is serving on "); ok {
			go func() { _, _ = io.Copy(io.Discard, r) }()
			return strings.TrimSpace(url), nil
		}
	}
	return "", errors.New("the server exited before serving")
}
