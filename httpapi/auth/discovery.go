package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// discoverer finds a provider's key set from its OpenID Connect discovery document and
// checks that the provider calls itself by the configured issuer, byte for byte: a trailing
// slash too many would otherwise refuse every token with nothing but "wrong issuer".
func discoverer(issuer string, client *http.Client) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		url := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
		data, _, err := get(ctx, client, url)
		if err != nil {
			return "", fmt.Errorf("auth: OpenID Connect discovery: %w", err)
		}
		var meta struct {
			Issuer  string `json:"issuer"`
			JWKSURI string `json:"jwks_uri"`
		}
		if err := json.Unmarshal(data, &meta); err != nil {
			return "", fmt.Errorf("auth: OpenID Connect discovery %s: not a discovery document: %w", url, err)
		}
		if meta.Issuer != issuer {
			return "", fmt.Errorf("auth: OpenID Connect discovery %s: the provider's issuer is %q, not %q: set SHAFAF_OIDC_ISSUER to exactly its value", url, meta.Issuer, issuer)
		}
		if meta.JWKSURI == "" {
			return "", fmt.Errorf("auth: OpenID Connect discovery %s: no jwks_uri", url)
		}
		return meta.JWKSURI, nil
	}
}
