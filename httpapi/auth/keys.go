package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
)

// keySource finds the key that must have signed a token with this kid and alg.
type keySource interface {
	key(ctx context.Context, kid, alg string) (any, error)
}

// errUnknownKey marks a kid no key source knows: the token is invalid, not
// the key set unavailable.
var errUnknownKey = errors.New("no key for this token")

// fixedKey is a single key configured up front: a PEM file or the dev secret.
type fixedKey struct{ k any }

func (f fixedKey) key(context.Context, string, string) (any, error) { return f.k, nil }

// readPublicKey loads a PEM public key (PKIX or PKCS#1) or certificate.
func readPublicKey(path string) (any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth: public key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("auth: public key %s: no PEM block", path)
	}
	var key any
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
			key = cert.PublicKey
		}
	default:
		return nil, fmt.Errorf("auth: public key %s: unsupported PEM block %q", path, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("auth: public key %s: %w", path, err)
	}
	return key, checkKey(key)
}

// checkKey refuses key types we do not verify with and RSA keys too short
// to be trusted.
func checkKey(key any) error {
	switch k := key.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 || k.E < 3 || k.E%2 == 0 {
			return fmt.Errorf("auth: weak RSA key (%d bits, e=%d)", k.N.BitLen(), k.E)
		}
	case *ecdsa.PublicKey, ed25519.PublicKey:
	default:
		return fmt.Errorf("auth: unsupported key type %T", key)
	}
	return nil
}
