package auth

import (
	"fmt"
	"strings"
)

// claimPath is a configured path into a token's claims: dot-separated names, where a name
// holding dots is double-quoted (resource_access."shafaf.api".roles; \" and \\ escape inside).
type claimPath struct {
	raw   string
	names []string
}

func parseClaimPath(raw string) (claimPath, error) {
	p := claimPath{raw: raw}
	var name strings.Builder
	quoted, escaped, closed := false, false, false
	for _, r := range raw {
		switch {
		case escaped:
			name.WriteRune(r)
			escaped = false
		case quoted && r == '\\':
			escaped = true
		case quoted && r == '"':
			quoted, closed = false, true
		case quoted:
			name.WriteRune(r)
		case r == '.':
			p.names = append(p.names, name.String())
			name.Reset()
			closed = false
		case closed:
			return claimPath{}, fmt.Errorf("claim path %q: a quoted name must be followed by a dot", raw)
		case r == '"' && name.Len() == 0:
			quoted = true
		default:
			name.WriteRune(r)
		}
	}
	if quoted || escaped {
		return claimPath{}, fmt.Errorf("claim path %q: unterminated quote", raw)
	}
	p.names = append(p.names, name.String())
	for _, n := range p.names {
		if n == "" {
			return claimPath{}, fmt.Errorf("claim path %q: empty name", raw)
		}
	}
	return p, nil
}

// lookup follows the path, trying the whole unquoted path as one name first so namespaced
// claims (https://city.example/roles) work without quotes.
func (p claimPath) lookup(claims map[string]any) any {
	if v, ok := claims[p.raw]; ok {
		return v
	}
	var cur any = claims
	for _, name := range p.names {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[name]
	}
	return cur
}

func (p claimPath) String() string { return p.raw }
