package esdb_test

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// These tests break the connection on purpose, so they always run on the test server.

func TestResubscribesAfterTheServerDropsTheSubscription(t *testing.T) {
	t.Parallel()
	srv := esdbtest.Start(t)
	s := MustOpen(t, srv.URL())
	name := stream("case")
	sub := mustSubscribe(t, s, eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{"case-"}})
	mustAppend(t, s, name, eventstore.NoStream, event("case.Opened.v1"))
	recvUntilCaughtUp(t, sub)
	recvEvents(t, sub, 1)

	srv.DropSubscriptions()
	more := []eventstore.EventData{event("case.Noted.v1"), event("case.Noted.v1")}
	mustAppend(t, s, name, eventstore.Exact(0), more...)
	got := recvEvents(t, sub, 2)
	if got[0].ID != more[0].ID || got[1].ID != more[1].ID {
		t.Fatalf("after the drop got %v, %v; want the two new events once", got[0].ID, got[1].ID)
	}
}

// Calls that overlap a failed discovery block inside v4.2.0 until its client is closed, and
// the race detector flags that close; so each store here has one caller at a time.
func TestRebuildsAClientClosedByAFailedDiscovery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := esdbtest.Start(t)
	logs, observed := observer.New(zap.WarnLevel)
	s := MustOpenLogged(t, srv.URL()+"&maxDiscoverAttempts=2&discoveryInterval=10", zap.New(logs))
	mustAppend(t, s, stream("case"), eventstore.NoStream, event("case.Opened.v1"))

	srv.Stop()
	// The first calls fail on the lost connection, then one on a failed discovery, which
	// closes the v4 client for good.
	for range 3 {
		if _, err := s.Append(ctx, stream("case"), eventstore.NoStream, event("case.Opened.v1")); !errors.Is(err, eventstore.ErrUnavailable) {
			t.Fatalf("append while the server is down: %v; want ErrUnavailable", err)
		}
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, stream("case"), eventstore.NoStream, event("case.Opened.v1"))
	if observed.FilterMessageSnippet("rebuilt").Len() == 0 {
		t.Fatal("the closed client was not rebuilt")
	}
}

func TestSubscriptionSurvivesAServerRestart(t *testing.T) {
	t.Parallel()
	srv := esdbtest.Start(t)
	s := MustOpen(t, srv.URL()+"&maxDiscoverAttempts=2&discoveryInterval=10")
	mustAppend(t, s, stream("case"), eventstore.NoStream, event("case.Opened.v1"))
	sub := mustSubscribe(t, s, eventstore.Position{}, eventstore.Filter{StreamPrefixes: []string{"case-"}})
	recvUntilCaughtUp(t, sub)

	srv.Stop()
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	after := event("case.Opened.v1")
	mustAppend(t, MustOpen(t, srv.URL()), stream("case"), eventstore.NoStream, after)
	if got := recvEvents(t, sub, 1); got[0].ID != after.ID {
		t.Fatalf("after the restart got %s; want only the new event %s", got[0].ID, after.ID)
	}
}
