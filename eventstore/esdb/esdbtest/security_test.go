package esdbtest_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

func TestSecureNodeAccessControl(t *testing.T) {
	srv := esdbtest.StartSecure(t)
	srv.AddUser("clerk", "pw")
	srv.AddUser("ops", "pw", esdbtest.AdminsGroup)
	admin := esdbtest.Connect(t, srv.URL())
	MustAppend(t, admin, "case-1", esdb.NoStream{}, "Opened", 1)
	MustAppend(t, admin, "case-2", esdb.NoStream{}, "Opened", 1)
	var acl esdb.Acl
	acl.AddReadRoles(esdbtest.AdminsGroup)
	var meta esdb.StreamMetadata
	meta.SetAcl(acl)
	if _, err := admin.SetStreamMetadata(context.Background(), "case-1", esdb.AppendToStreamOptions{}, meta); err != nil {
		t.Fatal(err)
	}
	clerk := esdbtest.Connect(t, srv.URLFor("clerk", "pw", srv.CAFile()))
	ops := esdbtest.Connect(t, srv.URLFor("ops", "pw", srv.CAFile()))
	read := func(c *esdb.Client, stream string) esdb.ErrorCode {
		_, err := drain(c.ReadStream(context.Background(), stream, esdb.ReadStreamOptions{From: esdb.Start{}}, 10))
		return code(err)
	}
	readAll := func(c *esdb.Client) esdb.ErrorCode {
		_, err := drain(c.ReadAll(context.Background(), esdb.ReadAllOptions{From: esdb.Start{}}, 10))
		return code(err)
	}
	for _, tt := range []struct {
		name string
		got  esdb.ErrorCode
		want esdb.ErrorCode
	}{
		{"a user reads a user stream by default", read(clerk, "case-2"), -1},
		{"a stream's own $acl wins over the default", read(clerk, "case-1"), esdb.ErrorCodeAccessDenied},
		{"$all is for $admins", readAll(clerk), esdb.ErrorCodeAccessDenied},
		{"a member of $admins reads $all", readAll(ops), -1},
		{"a member of $admins passes any $acl", read(ops, "case-1"), -1},
		{"a user may not write a system stream", deniedAppend(t, admin, clerk, "$settings"), esdb.ErrorCodeAccessDenied},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: code %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

// deniedAppend is the code of c's append to stream, which must leave the stream as it was.
// The node refuses before reading the events, as the real server does; a client still sending
// them then sees the stream cut (a bare EOF) instead of the status, which counts as the denial.
func deniedAppend(t *testing.T, admin, c *esdb.Client, stream string) esdb.ErrorCode {
	t.Helper()
	before, _ := drain(admin.ReadStream(context.Background(), stream, esdb.ReadStreamOptions{From: esdb.Start{}}, 100))
	err := appendErr(c, stream)
	after, _ := drain(admin.ReadStream(context.Background(), stream, esdb.ReadStreamOptions{From: esdb.Start{}}, 100))
	if len(after) != len(before) {
		t.Errorf("the append to %s was written: %v", stream, err)
	}
	if errors.Is(err, io.EOF) {
		return esdb.ErrorCodeAccessDenied
	}
	return code(err)
}

func appendErr(c *esdb.Client, stream string) error {
	_, err := c.AppendToStream(context.Background(), stream, esdb.AppendToStreamOptions{}, esdb.EventData{
		EventType: "x", ContentType: esdb.ContentTypeJson, Data: []byte(`{}`)})
	return err
}
