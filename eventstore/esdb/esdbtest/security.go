package esdbtest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Admin is the user a fresh secure EventStoreDB has, with its default password.
const (
	AdminUser     = "admin"
	AdminPassword = "changeit"
	// AdminsGroup may do anything, whatever the access control lists say.
	AdminsGroup = "$admins"
)

// security is what a secure node checks: who the caller is (basic authentication) and what
// the access control lists let them do. A server without it is the insecure node.
type security struct {
	mu    sync.Mutex
	users map[string]account
}

// newSecurity is a fresh secure node's: only the admin user, with its default password.
func newSecurity() *security {
	return &security{users: map[string]account{AdminUser: {password: AdminPassword, groups: []string{AdminsGroup}}}}
}

type account struct {
	password string
	groups   []string
}

// callerKey holds the authenticated user name in a call's context; absent means anonymous.
type callerKey struct{}

// authenticate reads the Basic credentials of a call: wrong ones are Unauthenticated, as on
// the real server; none make the caller anonymous.
func (sec *security) authenticate(ctx context.Context) (context.Context, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	values := md.Get("authorization")
	if len(values) == 0 {
		return ctx, nil
	}
	raw, ok := strings.CutPrefix(values[0], "Basic ")
	decoded, err := base64.StdEncoding.DecodeString(raw)
	name, password, _ := strings.Cut(string(decoded), ":")
	sec.mu.Lock()
	acc, known := sec.users[name]
	sec.mu.Unlock()
	if !ok || err != nil || !known || acc.password != password {
		return nil, status.Error(codes.Unauthenticated, "Bad authentication.")
	}
	return context.WithValue(ctx, callerKey{}, name), nil
}

// featuresMethod needs no credentials: clients call it while connecting, and a wrong password
// must fail the first real call with Unauthenticated, not the discovery.
const featuresMethod = "/event_store.client.server_features."

func (sec *security) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	if strings.HasPrefix(info.FullMethod, featuresMethod) {
		return h(ctx, req)
	}
	ctx, err := sec.authenticate(ctx)
	if err != nil {
		return nil, err
	}
	return h(ctx, req)
}

func (sec *security) stream(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
	ctx, err := sec.authenticate(ss.Context())
	if err != nil {
		return err
	}
	return h(srv, authenticatedStream{ss, ctx})
}

type authenticatedStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s authenticatedStream) Context() context.Context { return s.ctx }

// Operations an access control list grants, by their metadata keys.
const (
	aclRead   = "$r"
	aclWrite  = "$w"
	aclDelete = "$d"
)

// authorize answers whether the caller may do op on stream name, as the real server decides:
// $admins always; anonymous callers never (anonymous stream access is off by default since
// 23.10); otherwise the stream's own $acl, else the default list in $settings for user or
// system streams ($all and every $-stream are system streams), else the built-in default:
// every user for user streams, $admins only for system streams. A metadata stream ($$name)
// is guarded by name's $mr/$mw.
func (sec *security) authorize(ctx context.Context, d *db, name, op string) error {
	if sec == nil {
		return nil
	}
	user, _ := ctx.Value(callerKey{}).(string)
	if user == "" {
		return accessDenied(ctx)
	}
	sec.mu.Lock()
	roles := append([]string{user, "$all"}, sec.users[user].groups...)
	sec.mu.Unlock()
	if slices.Contains(roles, AdminsGroup) {
		return nil
	}
	if target, ok := strings.CutPrefix(name, "$$"); ok && op != aclDelete {
		name, op = target, "$m"+op[1:]
	}
	d.mu.Lock()
	allowed := d.acl(name, op)
	d.mu.Unlock()
	if slices.ContainsFunc(allowed, func(r string) bool { return slices.Contains(roles, r) }) {
		return nil
	}
	return accessDenied(ctx)
}

func accessDenied(ctx context.Context) error {
	if ss := grpc.ServerTransportStreamFromContext(ctx); ss != nil {
		_ = ss.SetTrailer(metadata.Pairs("exception", "access-denied"))
	}
	return status.Error(codes.PermissionDenied, "Access denied.")
}

// acl is the list of roles allowed op on name; callers hold d.mu.
func (d *db) acl(name, op string) []string {
	if roles, ok := roleList(d.metaOf(name).raw["$acl"], op); ok {
		return roles
	}
	kind := "$userStreamAcl"
	if strings.HasPrefix(name, "$") {
		kind = "$systemStreamAcl"
	}
	if st := d.streams["$settings"]; st != nil && len(st.events) > 0 {
		var settings map[string]any
		if json.Unmarshal(st.events[len(st.events)-1].data, &settings) == nil {
			if roles, ok := roleList(settings[kind], op); ok {
				return roles
			}
		}
	}
	if kind == "$systemStreamAcl" {
		return []string{AdminsGroup}
	}
	return []string{"$all"}
}

// roleList reads one entry of an access control list: a role name or a list of them.
func roleList(acl any, op string) ([]string, bool) {
	m, ok := acl.(map[string]any)
	if !ok {
		return nil, false
	}
	switch v := m[op].(type) {
	case string:
		return []string{v}, true
	case []any:
		var out []string
		for _, r := range v {
			if s, ok := r.(string); ok {
				out = append(out, s)
			}
		}
		return out, true
	}
	return nil, false
}
