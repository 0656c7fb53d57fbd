package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// A city on a secure EventStoreDB node as a user of its own: the case flow works with the
// read grant on system streams, and /readyz names the refusal once the grant is withdrawn.
func TestSecureEventStoreDBAndReadyz(t *testing.T) {
	srv := esdbtest.StartSecure(t)
	srv.AddUser("shafaf", "s3cret")
	admin := esdbtest.Connect(t, srv.URL())
	grantSystemRead(t, admin, `["$admins", "shafaf"]`)
	app := MustOpenApp(t, srv.URLFor("shafaf", "s3cret", srv.CAFile()))
	testSubmitAcceptDecide(t, app)

	grantSystemRead(t, admin, `"$admins"`)
	r := client{tb: t, base: app.URL()}.get("/readyz")
	wantStatus(t, r, http.StatusServiceUnavailable)
	if !strings.Contains(string(r.body), `access denied: the user in SHAFAF_EVENTSTORE may not use \"$all\"`) {
		t.Fatalf("/readyz does not name the refusal: %s", r.body)
	}
}
