package esdbtest_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/gossip"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/shafaf-city/shafaf/eventstore/esdb/esdbtest"
)

// members reads the gossip of node as the client does while discovering.
func members(t *testing.T, node *esdbtest.Server) map[string]*gossip.MemberInfo {
	t.Helper()
	conn, err := grpc.NewClient(node.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	info, err := gossip.NewGossipClient(conn).Read(context.Background(), &shared.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*gossip.MemberInfo{}
	for _, m := range info.Members {
		out[net.JoinHostPort(m.HttpEndPoint.Address, strconv.Itoa(int(m.HttpEndPoint.Port)))] = m
	}
	return out
}

func TestGossipNamesTheLeaderAndTheFollowers(t *testing.T) {
	t.Parallel()
	c := esdbtest.StartCluster(t)
	leader := c.Leader()
	got := members(t, c.Followers()[0])
	if len(got) != 3 {
		t.Fatalf("gossip lists %d members, want 3", len(got))
	}
	for _, n := range c.Nodes() {
		want := gossip.MemberInfo_Follower
		if n == leader {
			want = gossip.MemberInfo_Leader
		}
		if m := got[n.Addr()]; m == nil || m.State != want || !m.IsAlive {
			t.Errorf("gossip on %s: %v, want alive %v", n.Addr(), m, want)
		}
	}

	c.KillLeader()
	got = members(t, c.Followers()[0])
	if m := got[leader.Addr()]; m.IsAlive {
		t.Errorf("the killed leader is still alive in gossip: %v", m)
	}
	if m := got[c.Leader().Addr()]; c.Leader() == leader || m.State != gossip.MemberInfo_Leader || !m.IsAlive {
		t.Errorf("no new leader in gossip: %v", m)
	}
}

func TestClientsFindTheClusterFromSeedsOrOneNode(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name             string
		secure, discover bool
	}{
		{"a seed list, insecure", false, false},
		{"esdb+discover:// on a follower, insecure", false, true},
		{"a seed list, secure", true, false},
		{"esdb+discover:// on a follower, secure", true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := esdbtest.StartCluster
			if tt.secure {
				start = esdbtest.StartSecureCluster
			}
			c := start(t)
			url := c.URL()
			if tt.discover { // one node's address; gossip names the others
				var seeds []string
				for _, n := range c.Nodes() {
					seeds = append(seeds, n.Addr())
				}
				url = strings.Replace(url, strings.Join(seeds, ","), c.Followers()[0].Addr(), 1)
				url = strings.Replace(url, "esdb://", "esdb+discover://", 1)
			}
			client := esdbtest.Connect(t, url)
			if wr := MustAppend(t, client, "case-1", esdb.NoStream{}, "Opened", 2); wr.NextExpectedVersion != 1 {
				t.Fatalf("append result %+v", wr)
			}
			evs, err := drain(client.ReadStream(context.Background(), "case-1", esdb.ReadStreamOptions{From: esdb.Start{}}, 10))
			if err != nil || len(evs) != 2 {
				t.Fatalf("read back %d events: %v", len(evs), err)
			}
		})
	}
}

func TestAWriteToAFollowerIsSentToTheLeader(t *testing.T) {
	t.Parallel()
	c := esdbtest.StartCluster(t)
	MustAppend(t, esdbtest.Connect(t, c.URL()), "case-1", esdb.NoStream{}, "Opened", 1)
	follower := esdbtest.Connect(t, c.URL()+"&nodePreference=follower")
	evs, err := drain(follower.ReadStream(context.Background(), "case-1", esdb.ReadStreamOptions{From: esdb.Start{}}, 10))
	if err != nil || len(evs) != 1 {
		t.Fatalf("a follower read %d events: %v", len(evs), err)
	}
	_, err = follower.AppendToStream(context.Background(), "case-1", esdb.AppendToStreamOptions{ExpectedRevision: esdb.Revision(0)},
		esdb.EventData{EventID: uuid.New(), EventType: "Noted", ContentType: esdb.ContentTypeJson, Data: []byte(`{}`)})
	if code(err) != esdb.ErrorCodeNotLeader {
		t.Fatalf("a write on a follower: %v, want NotLeader", err)
	}
	// The client reconnected to the endpoint the follower named.
	MustAppend(t, follower, "case-1", esdb.Revision(0), "Noted", 1)
}

func TestAKilledLeaderIsReplaced(t *testing.T) {
	t.Parallel()
	c := esdbtest.StartCluster(t)
	client := esdbtest.Connect(t, c.URL())
	MustAppend(t, client, "case-1", esdb.NoStream{}, "Opened", 1)
	killed := c.KillLeader()
	if c.Leader() == nil || c.Leader() == killed {
		t.Fatalf("leader after the kill: %v", c.Leader())
	}
	event := esdb.EventData{EventID: uuid.New(), EventType: "Noted", ContentType: esdb.ContentTypeJson, Data: []byte(`{}`)}
	opts := esdb.AppendToStreamOptions{ExpectedRevision: esdb.Revision(0)}
	// The calls on the dead connection fail (a bare EOF or Unavailable); Unavailable makes the
	// client discover the new leader for its next call.
	var errs []error
	for range 3 {
		wr, err := client.AppendToStream(context.Background(), "case-1", opts, event)
		if err == nil {
			if wr.NextExpectedVersion != 1 || len(errs) == 0 {
				t.Fatalf("the write on the new leader: %+v after %v", wr, errs)
			}
			return
		}
		errs = append(errs, err)
	}
	t.Fatalf("no write reached the new leader: %v", errs)
}

func TestAWriteRetriedAfterTheLeaderDiedIsWrittenOnce(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		expected esdb.ExpectedRevision
	}{
		{"at an exact revision", esdb.Revision(0)},
		{"at any revision", esdb.Any{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := esdbtest.StartCluster(t)
			client := esdbtest.Connect(t, c.URL())
			MustAppend(t, client, "case-1", esdb.NoStream{}, "Opened", 1)
			events := []esdb.EventData{
				{EventID: uuid.New(), EventType: "Noted", ContentType: esdb.ContentTypeJson, Data: []byte(`{}`)},
				{EventID: uuid.New(), EventType: "Noted", ContentType: esdb.ContentTypeJson, Data: []byte(`{}`)},
			}
			opts := esdb.AppendToStreamOptions{ExpectedRevision: tt.expected}
			c.KillLeaderAfterNextWrite()
			if _, err := client.AppendToStream(context.Background(), "case-1", opts, events...); code(err) != esdb.ErrorUnavailable {
				t.Fatalf("the write the leader died answering: %v, want Unavailable", err)
			}
			wr, err := client.AppendToStream(context.Background(), "case-1", opts, events...)
			if err != nil || wr.NextExpectedVersion != 2 {
				t.Fatalf("the retry: %+v, %v; want the original result, revision 2", wr, err)
			}
			evs, err := drain(client.ReadStream(context.Background(), "case-1", esdb.ReadStreamOptions{From: esdb.Start{}}, 10))
			if err != nil || len(evs) != 3 || evs[1].EventID != events[0].EventID || evs[2].EventID != events[1].EventID {
				t.Fatalf("the stream holds %v (%v), want the two events once", revisions(evs), err)
			}
		})
	}
}

func TestDuringAnElectionGossipNamesNoLeader(t *testing.T) {
	t.Parallel()
	c := esdbtest.StartCluster(t)
	killed := c.KillLeaderWithElection(2)
	leaders := func() (n int) {
		for _, m := range members(t, c.Nodes()[2]) { // the first leader was nodes[0]
			if m.State == gossip.MemberInfo_Leader && m.IsAlive {
				n++
			}
		}
		return n
	}
	for read := range 2 {
		if n := leaders(); n != 0 {
			t.Fatalf("gossip read %d during the election names %d leaders", read+1, n)
		}
	}
	if n := leaders(); n != 1 || c.Leader() == nil || c.Leader() == killed {
		t.Fatalf("after the election gossip names %d leaders; leader %v", n, c.Leader())
	}
}
