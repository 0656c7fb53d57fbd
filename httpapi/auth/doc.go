// Package auth authenticates API callers by bearer JWT (OIDC providers such
// as Keycloak via JWKS, a static PEM key, or an HS256 dev issuer) and hands
// handlers a Principal whose Actor the access policy judges.
package auth
