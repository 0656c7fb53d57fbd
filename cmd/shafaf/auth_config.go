package main

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/shafaf-city/shafaf/httpapi/auth"
)

// serveAuth reads how `serve` verifies bearer tokens and which proxies it trusts. A server
// without a key source refuses to start rather than run an API nobody can call, or everybody can.
func serveAuth(getenv func(string) string) (auth.Config, []string, error) {
	cfg, err := auth.ConfigFromEnv(getenv)
	if errors.Is(err, auth.ErrNotConfigured) {
		return auth.Config{}, nil, usageError("serve needs bearer-token verification: set SHAFAF_OIDC_ISSUER (e.g. https://sso.example/realms/city), or SHAFAF_JWKS_URL (e.g. " +
			"https://sso.example/realms/city/protocol/openid-connect/certs) or SHAFAF_JWT_PUBLIC_KEY_FILE, plus " +
			"SHAFAF_JWT_ISSUER and SHAFAF_JWT_AUDIENCE; for local work run `shafaf dev`, which mints its own tokens")
	}
	if err != nil {
		return auth.Config{}, nil, err
	}
	proxies, err := trustedProxies(getenv("SHAFAF_TRUSTED_PROXIES"))
	if err != nil {
		return auth.Config{}, nil, fmt.Errorf("SHAFAF_TRUSTED_PROXIES: %w", err)
	}
	return cfg, proxies, nil
}

// trustedProxies parses a comma-separated list of proxy IPs and CIDRs.
func trustedProxies(list string) ([]string, error) {
	var out []string
	for p := range strings.SplitSeq(list, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			return nil, fmt.Errorf("%q is neither an IP nor a CIDR", p)
		}
		out = append(out, p)
	}
	return out, nil
}
