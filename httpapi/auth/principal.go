package auth

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/shafaf-city/shafaf/domain"
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

// RuleNoRole is the 403 for a valid token none of whose roles is, or maps to, a Shafaf role:
// the provider's mapping or SHAFAF_JWT_ROLES_CLAIM / SHAFAF_JWT_ROLE_MAP is wrong, and the
// caller (and the operator reading the answer) must see that rather than a policy refusal.
const RuleNoRole = "access.no_role"

// claimReader turns verified claims into a Principal using configured paths and mappings.
type claimReader struct {
	roles, department, nationalID claimPath
	// roleMap maps provider role or group names to Shafaf roles; nil means Shafaf's own names.
	roleMap map[string]access.Role
	// departmentMap maps provider department values to Shafaf's; nil keeps them as they are.
	departmentMap map[string]string
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
	held := r.roles.lookup(claims)
	p := Principal{Actor: access.Actor{
		Subject:    sub,
		Roles:      r.mapRoles(names(held)),
		Department: r.mapDepartment(text(r.department.lookup(claims))),
		// Canonical here, so every check and hash compares the same digits whatever the IdP sends.
		NationalID: ident.CanonicalNationalID(text(r.nationalID.lookup(claims))),
	}}
	if len(p.Roles) == 0 {
		return Principal{}, r.noRole(held)
	}
	p.Name = text(claims["name"])
	if p.Name == "" {
		p.Name = text(claims["preferred_username"])
	}
	return p, nil
}

// noRole says which claim was read and what it held, never more of the token.
func (r claimReader) noRole(held any) *domain.Error {
	shown := "nothing"
	if held != nil {
		b, _ := json.Marshal(held)
		shown = truncate(string(b), 200)
	}
	mapping := "is a Shafaf role (" + roleList() + ")"
	if r.roleMap != nil {
		mapping = "is mapped to a Shafaf role by SHAFAF_JWT_ROLE_MAP"
	}
	return &domain.Error{Code: domain.CodeForbidden, Rule: RuleNoRole, Message: fmt.Sprintf(
		"the token's claim %s (SHAFAF_JWT_ROLES_CLAIM) held %s, and none of it %s", r.roles, shown, mapping)}
}

func roleList() string {
	names := make([]string, len(access.Roles))
	for i, role := range access.Roles {
		names[i] = string(role)
	}
	return strings.Join(names, ", ")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// names accepts a JSON array or a space/comma separated string of names.
func names(v any) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, n := range v {
			out = append(out, text(n))
		}
	case string:
		out = strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' })
	}
	return out
}

// mapRoles keeps every recognised role once, in access.Roles order.
func (r claimReader) mapRoles(names []string) []access.Role {
	var out []access.Role
	for _, role := range access.Roles {
		if slices.ContainsFunc(names, func(n string) bool { return r.roleOf(n) == role }) {
			out = append(out, role)
		}
	}
	return out
}

func (r claimReader) roleOf(name string) access.Role {
	if r.roleMap != nil {
		return r.roleMap[name]
	}
	return access.Role(name)
}

func (r claimReader) mapDepartment(v string) string {
	if r.departmentMap == nil || v == "" {
		return v
	}
	return r.departmentMap[v]
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
