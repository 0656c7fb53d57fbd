package auth

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// Principal is the verified caller. It embeds the access.Actor the policy
// needs, so handlers call access.Authorize(p.Actor, action, target).
// Actor.Roles keeps every recognised role in access.Roles order (least to
// most privileged), and Authorize permits an action when any role does;
// roles the policy does not know (offline_access, default-roles-*) are dropped.
type Principal struct {
	access.Actor
	// Name is for display and audit only (name, else preferred_username).
	Name string
}

// claimReader turns verified claims into a Principal using configured paths.
type claimReader struct {
	roles, department, nationalID string
}

func (r claimReader) principal(claims map[string]any) (Principal, error) {
	sub, _ := claims["sub"].(string)
	if sub == "" {
		return Principal{}, fmt.Errorf("token has no subject")
	}
	// Keycloak marks ID and refresh tokens with typ; only access tokens may call the API.
	if typ, ok := claims["typ"].(string); ok && !strings.EqualFold(typ, "Bearer") {
		return Principal{}, fmt.Errorf("token typ claim %q is not an access token", typ)
	}
	p := Principal{Actor: access.Actor{
		Subject:    sub,
		Roles:      roles(lookup(claims, r.roles)),
		Department: text(lookup(claims, r.department)),
		// Canonical here, so every check and hash compares the same digits whatever the IdP sends.
		NationalID: ident.CanonicalNationalID(text(lookup(claims, r.nationalID))),
	}}
	p.Name = text(claims["name"])
	if p.Name == "" {
		p.Name = text(claims["preferred_username"])
	}
	return p, nil
}

// lookup follows a dotted path, trying the whole path as a literal key first.
func lookup(claims map[string]any, path string) any {
	if v, ok := claims[path]; ok {
		return v
	}
	var cur any = claims
	for part := range strings.SplitSeq(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// roles accepts a JSON array or a space/comma separated string of names.
func roles(v any) []access.Role {
	var names []string
	switch v := v.(type) {
	case []any:
		for _, n := range v {
			names = append(names, text(n))
		}
	case string:
		names = strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' })
	}
	var out []access.Role
	for _, role := range access.Roles {
		if slices.Contains(names, string(role)) {
			out = append(out, role)
		}
	}
	return out
}

// text reads strings and JSON numbers; the parser keeps numbers as
// json.Number so national IDs keep their digits.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}
