package esdb_test

import (
	"context"
	"errors"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
	"github.com/shafaf-city/shafaf/eventstore/storetest"
)

// A secure node, and a secure cluster as production runs it: the whole port over TLS as the admin.
func TestConformanceOnSecureServers(t *testing.T) {
	for name, url := range map[string]string{
		"a node":    esdbtest.StartSecure(t).URL(),
		"a cluster": esdbtest.StartSecureCluster(t).URL(),
	} {
		t.Run(name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) eventstore.Store { return MustOpen(t, url) })
		})
	}
}

func TestSecureNodeRefusals(t *testing.T) {
	srv := esdbtest.StartSecure(t)
	for _, tt := range []struct {
		name string
		url  string
		is   error
		want string // a regular expression
	}{
		{"a CA that did not sign the node's certificate", srv.URLFor(esdbtest.AdminUser, esdbtest.AdminPassword, esdbtest.NewCA(t).File), nil,
			"certificate signed by unknown authority (.*); tlsCAFile in SHAFAF_EVENTSTORE must name the CA that signed the nodes' certificates"},
		{"a wrong password", srv.URLFor(esdbtest.AdminUser, "wrong", srv.CAFile()), esdb.ErrUnauthenticated,
			"the node refused the user and password in SHAFAF_EVENTSTORE"},
		{"no user", strings.Replace(srv.URL(), esdbtest.AdminUser+":"+esdbtest.AdminPassword+"@", "", 1), esdb.ErrAccessDenied,
			`may not use "\$all"`},
		{"a user over plaintext, whose credentials the client would drop", "esdb://shafaf:secret@" + srv.Addr() + "?tls=false", nil,
			"says tls=false"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := esdb.Open(context.Background(), tt.url, zap.NewNop())
			if err == nil {
				_ = s.Close()
				t.Fatal("Open succeeded")
			}
			if (tt.is != nil && !errors.Is(err, tt.is)) || !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Fatalf("Open = %v, want %v saying %q", err, tt.is, tt.want)
			}
		})
	}
}

// deployGuideACL is the $settings data docs/deploy.md tells operators to write.
func deployGuideACL(t *testing.T) []byte {
	t.Helper()
	doc, err := os.ReadFile("../../docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```json\n(.*?\\$systemStreamAcl.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/deploy.md has no $settings block")
	}
	return m[1]
}

func TestLeastPrivilegeUserFromTheDeployGuide(t *testing.T) {
	srv := esdbtest.StartSecure(t)
	srv.AddUser("shafaf", "s3cret")
	url := srv.URLFor("shafaf", "s3cret", srv.CAFile())

	// Before the grants: $all is for $admins only, as on a real node.
	if _, err := esdb.Open(context.Background(), url, zap.NewNop()); !errors.Is(err, esdb.ErrAccessDenied) {
		t.Fatalf("Open before the grants = %v, want access denied", err)
	}
	admin := esdbtest.Connect(t, srv.URL())
	if _, err := admin.AppendToStream(context.Background(), "$settings", es.AppendToStreamOptions{}, es.EventData{
		EventID: uuid.New(), EventType: "update-default-acl", ContentType: es.ContentTypeJson, Data: deployGuideACL(t),
	}); err != nil {
		t.Fatal(err)
	}

	s := MustOpen(t, url)
	name := stream("case")
	res := mustAppend(t, s, name, eventstore.NoStream, event("permit.CaseSubmitted.v1"))
	sub := mustSubscribe(t, s, eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{"case-"}})
	if got := recvUntilCaughtUp(t, sub); len(got) != 1 || got[0].Position != res.Position {
		t.Fatalf("subscription delivered %v, want the one event", got)
	}
	if _, err := s.ReadStream(context.Background(), name, 0, 10); err != nil {
		t.Fatalf("read its own stream: %v", err)
	}

	// What the grants leave out stays refused.
	user := esdbtest.Connect(t, url)
	_, err := user.AppendToStream(context.Background(), "$settings", es.AppendToStreamOptions{}, es.EventData{
		EventID: uuid.New(), EventType: "update-default-acl", ContentType: es.ContentTypeJson, Data: []byte(`{}`)})
	// The node answers a denied append before reading the events, like the real server; when the
	// client is still sending them it reports the closed stream (EOF) instead of the status.
	// Either way $settings must still end with the admin's grants.
	if e := (*es.Error)(nil); !errors.As(err, &e) || (e.Code() != es.ErrorCodeAccessDenied && !errors.Is(err, io.EOF)) {
		t.Fatalf("the user rewrote $settings: %v", err)
	}
	last, err := admin.ReadStream(context.Background(), "$settings", es.ReadStreamOptions{Direction: es.Backwards, From: es.End{}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer last.Close()
	if ev, err := last.Recv(); err != nil || string(ev.Event.Data) != string(deployGuideACL(t)) {
		t.Fatalf("$settings after the user's attempt: %v", err)
	}
	if _, err := user.DeleteStream(context.Background(), name, es.DeleteStreamOptions{}); err == nil {
		t.Fatal("the user deleted a stream")
	}
}
