package esdbtest

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/gossip"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/shared"
	"github.com/google/uuid"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// clusterSize is production's: three nodes, so that one can be lost or upgraded while the
// other two keep the quorum.
const clusterSize = 3

// Cluster is three nodes over one log. The shared log stands for what replication keeps equal
// on every node: a write the leader acknowledged is on all of them, at the same position. The
// leader takes writes; followers serve reads and subscriptions and answer a write with
// NotLeader naming the leader. A real follower forwards the writes of a client that does not
// require the leader, and v4 never says it does (its requires-leader header is never sent);
// the double always refuses, so that the client's reconnect-to-leader path is what tests meet.
type Cluster struct {
	nodes []*Server // seed order

	mu         sync.Mutex
	leader     *Server // the last leader elected; nil when every node is down
	crashArmed bool    // see KillLeaderAfterNextWrite
	// electing counts the gossip reads the survivors still answer without a leader; see
	// KillLeaderWithElection.
	electing int
}

// StartCluster runs an insecure three-node cluster for the duration of the test.
func StartCluster(tb testing.TB) *Cluster {
	tb.Helper()
	return startCluster(tb, func(d *db) *Server { return &Server{db: d} })
}

// StartSecureCluster runs a secure three-node cluster, as production does: one CA signed every
// node's certificate, and the users (only the admin at first) are the cluster's, not a node's.
func StartSecureCluster(tb testing.TB) *Cluster {
	tb.Helper()
	ca := NewCA(tb)
	cert := ca.node(tb)
	sec := newSecurity()
	return startCluster(tb, func(d *db) *Server { return &Server{db: d, ca: ca, cert: &cert, sec: sec} })
}

func startCluster(tb testing.TB, node func(*db) *Server) *Cluster {
	tb.Helper()
	c := &Cluster{}
	d := newDB()
	for range clusterSize {
		s := node(d)
		s.cluster, s.id = c, uuid.New()
		c.nodes = append(c.nodes, s)
	}
	c.leader = c.nodes[0]
	for _, s := range c.nodes {
		if err := s.listen(); err != nil {
			tb.Fatalf("esdbtest: %v", err)
		}
		tb.Cleanup(s.Stop)
	}
	return c
}

// Nodes are the cluster's nodes in seed-list order.
func (c *Cluster) Nodes() []*Server { return c.nodes }

// Leader is the node that takes writes now, nil during an election or when every node is down.
func (c *Cluster) Leader() *Server {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.electLocked()
}

// Followers are the live nodes that are not the leader.
func (c *Cluster) Followers() []*Server {
	leader := c.Leader()
	var out []*Server
	for _, n := range c.nodes {
		if n != leader && n.alive() {
			out = append(out, n)
		}
	}
	return out
}

// electLocked keeps a live leader, else makes the next live node in seed order the leader, as
// the remaining nodes elect one when they stop hearing from theirs. Callers hold c.mu.
func (c *Cluster) electLocked() *Server {
	if c.leader != nil && c.leader.alive() {
		return c.leader
	}
	if c.electing > 0 {
		return nil
	}
	start := 0
	for i, n := range c.nodes {
		if n == c.leader {
			start = i + 1
		}
	}
	c.leader = nil
	for i := range c.nodes {
		if n := c.nodes[(start+i)%len(c.nodes)]; n.alive() {
			c.leader = n
			break
		}
	}
	return c.leader
}

// KillLeader crashes the leader: its listener closes and its connections and calls drop, so
// writes in flight fail and subscriptions end; another node is elected at once. It returns
// the node it killed, which Restart brings back as a follower.
func (c *Cluster) KillLeader() *Server { return c.KillLeaderWithElection(0) }

// KillLeaderWithElection is KillLeader with an election that takes a while, as a real one
// does: the survivors answer the next reads gossip reads alive but without a leader, so a
// discovering client finds no node it may use and tries again; then they elect one. Counting
// reads instead of time keeps tests free of sleeps.
func (c *Cluster) KillLeaderWithElection(reads int) *Server {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.electLocked()
	if old != nil {
		old.Stop()
		c.electing = reads
		c.electLocked()
	}
	return old
}

// KillLeaderAfterNextWrite arms a crash: the leader writes the next append it takes (it is
// replicated, so it stays in the log) and dies before answering. The client sees a lost
// connection for a write that happened: the case retries with the same event ids exist for.
func (c *Cluster) KillLeaderAfterNextWrite() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.crashArmed = true
}

// crashesAfterWrite kills n if a crash is armed and n leads; the caller then answers nothing
// but Unavailable.
func (n *Server) crashesAfterWrite() bool {
	c := n.cluster
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.crashArmed || c.electLocked() != n {
		return false
	}
	c.crashArmed = false
	n.Stop()
	c.electLocked()
	return true
}

// refuseUnlessLeader answers a write on a follower as the real server does: NotFound with the
// not-leader exception and the leader's endpoint, which the client reconnects to.
func (n *Server) refuseUnlessLeader(t trailers) error {
	if n.cluster == nil {
		return nil
	}
	leader := n.cluster.Leader()
	if leader == n {
		return nil
	}
	if leader == nil {
		return status.Error(codes.Unavailable, "Server is not ready.")
	}
	host, port, _ := net.SplitHostPort(leader.addr) // an address net.Listen gave
	return t.fail(codes.NotFound, "Leader info available",
		"exception", "not-leader", "leader-endpoint-host", host, "leader-endpoint-port", port)
}

// URL is the connection string listing the three nodes as gossip seeds: plaintext on an
// insecure cluster, the admin over TLS on a secure one.
func (c *Cluster) URL() string {
	if c.nodes[0].sec == nil {
		return "esdb://" + c.seeds() + "?tls=false"
	}
	return c.URLFor(AdminUser, AdminPassword, c.CAFile())
}

// URLFor is the seed-list connection string of a secure cluster for a user, trusting caFile.
func (c *Cluster) URLFor(user, password, caFile string) string {
	return "esdb://" + url.UserPassword(user, password).String() + "@" + c.seeds() + "?tls=true&tlsCAFile=" + url.QueryEscape(caFile)
}

func (c *Cluster) seeds() string {
	addrs := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		addrs[i] = n.addr
	}
	return strings.Join(addrs, ",")
}

// CAFile is the CA certificate of a secure cluster's nodes.
func (c *Cluster) CAFile() string { return c.nodes[0].CAFile() }

// AddUser creates a user on a secure cluster, known to every node.
func (c *Cluster) AddUser(name, password string, groups ...string) {
	c.nodes[0].AddUser(name, password, groups...)
}

// gossipServer answers Gossip/Read, which the client calls on a seed to find the nodes and
// their roles. A node that is down is reported dead, as its peers report it once they stop
// hearing from it; the client skips dead members.
type gossipServer struct {
	gossip.UnimplementedGossipServer
	c *Cluster
}

// Read lists the members with their state and the endpoint clients dial.
func (g gossipServer) Read(context.Context, *shared.Empty) (*gossip.ClusterInfo, error) {
	return &gossip.ClusterInfo{Members: g.c.members()}, nil
}

// members is what gossip says now; during an election the live nodes are in no state a
// client may use, and the read counts towards the election's end.
func (c *Cluster) members() []*gossip.MemberInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	leader := c.electLocked()
	if leader == nil && c.electing > 0 {
		c.electing--
	}
	var out []*gossip.MemberInfo
	for _, n := range c.nodes {
		host, port, _ := net.SplitHostPort(n.addr)
		p, _ := net.LookupPort("tcp", port)
		m := &gossip.MemberInfo{
			InstanceId: &shared.UUID{Value: &shared.UUID_String_{String_: n.id.String()}},
			TimeStamp:  time.Now().UnixNano() / 100, State: gossip.MemberInfo_Unknown,
			HttpEndPoint: &gossip.EndPoint{Address: host, Port: uint32(p)},
		}
		switch {
		case n == leader:
			m.State, m.IsAlive = gossip.MemberInfo_Leader, true
		case n.alive() && leader != nil:
			m.State, m.IsAlive = gossip.MemberInfo_Follower, true
		case n.alive():
			m.State, m.IsAlive = gossip.MemberInfo_PreReplica, true
		}
		out = append(out, m)
	}
	return out
}
