package auth

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// jwk is one usable key of a key set, with the algorithm it is pinned to.
type jwk struct {
	key any
	alg string // empty when the set does not pin one
}

type rawJWK struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// parseJWKS keeps the signing keys it understands and skips the rest
// (encryption keys, unknown types), so one odd key does not break login.
func parseJWKS(data []byte) (map[string]jwk, error) {
	var set struct {
		Keys *[]rawJWK `json:"keys"`
		// Members of a discovery document, to name the usual mistake.
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("not a JSON Web Key Set: %w", err)
	}
	if set.Keys == nil && set.JWKSURI != "" {
		return nil, fmt.Errorf("this is an OpenID Connect discovery document, not a JSON Web Key Set: "+
			"set SHAFAF_OIDC_ISSUER=%s instead, or SHAFAF_JWKS_URL=%s", set.Issuer, set.JWKSURI)
	}
	if set.Keys == nil {
		return nil, errors.New(`not a JSON Web Key Set: the document has no "keys" member`)
	}
	keys := make(map[string]jwk, len(*set.Keys))
	for _, raw := range *set.Keys {
		if raw.Use == "enc" {
			continue
		}
		key, err := raw.publicKey()
		if err != nil || checkKey(key) != nil {
			continue
		}
		keys[raw.Kid] = jwk{key: key, alg: raw.Alg}
	}
	return keys, nil
}

func (r rawJWK) publicKey() (any, error) {
	switch r.Kty {
	case "RSA":
		n, e := b64(r.N), b64(r.E)
		if len(n) == 0 || len(e) == 0 || len(e) > 4 {
			return nil, fmt.Errorf("bad RSA key")
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
	case "EC":
		curve, ok := map[string]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()}[r.Crv]
		if !ok {
			return nil, fmt.Errorf("unsupported curve %q", r.Crv)
		}
		size := (curve.Params().BitSize + 7) / 8
		x, y := b64(r.X), b64(r.Y)
		if len(x) != size || len(y) != size {
			return nil, fmt.Errorf("bad EC coordinates")
		}
		return ecdsa.ParseUncompressedPublicKey(curve, append(append([]byte{4}, x...), y...))
	case "OKP":
		if x := b64(r.X); r.Crv == "Ed25519" && len(x) == ed25519.PublicKeySize {
			return ed25519.PublicKey(x), nil
		}
		return nil, fmt.Errorf("unsupported OKP key")
	}
	return nil, fmt.Errorf("unsupported key type %q", r.Kty)
}

// b64 decodes base64url with or without padding; invalid input yields nil.
func b64(s string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil
	}
	return b
}
