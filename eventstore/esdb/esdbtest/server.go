// Package esdbtest is an in-process EventStoreDB test double: a gRPC server that speaks the
// subset of the protocol the EventStore-Client-Go v4 client uses (server features, append,
// stream and $all reads, catch-up subscriptions with filters and checkpoints, delete and
// tombstone), replying exactly as the real server does, quirks included. StartSecure adds
// what a production node does to a client: TLS, users and access control lists; StartCluster
// and StartSecureCluster run three such nodes over one log, with gossip, a leader and
// followers, as production deploys them. It lets the esdb
// adapter run its conformance tests without Docker. It keeps everything in memory and is a
// test double only: it is never selectable as a product event store.
package esdbtest

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"sync"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/gossip"
	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"github.com/google/uuid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/shafaf-city/shafaf/deploy/freeport"
)

// Server is a running test double. Its log survives Stop/Restart, so tests can make the
// client lose the server and find it again at the same address.
type Server struct {
	db   *db
	addr string
	// sec and cert make a secure node; both are nil on an insecure one.
	sec  *security
	ca   *CA
	cert *tls.Certificate
	// cluster is the cluster the node belongs to; nil for a single node, which leads itself.
	cluster *Cluster
	id      uuid.UUID // instance id in gossip

	mu   sync.Mutex
	grpc *grpc.Server // nil while stopped
}

// Start runs a server on a free loopback port for the duration of the test.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{db: newDB()}
	if err := s.listen(); err != nil {
		tb.Fatalf("esdbtest: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// StartSecure runs a secure node, as production does: TLS with a node certificate from a CA
// made for the test, and users with access control lists. Only the admin user exists
// (AdminUser, AdminPassword); add others with AddUser.
func StartSecure(tb testing.TB) *Server {
	tb.Helper()
	ca := NewCA(tb)
	cert := ca.node(tb)
	s := &Server{db: newDB(), ca: ca, cert: &cert, sec: newSecurity()}
	if err := s.listen(); err != nil {
		tb.Fatalf("esdbtest: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// listen serves on a loopback port Restart can have again: one outside the ephemeral range,
// which no outgoing connection takes while the node is down.
func (s *Server) listen() error {
	lis, err := freeport.Listen()
	if err != nil {
		return err
	}
	s.addr = lis.Addr().String()
	s.serve(lis)
	return nil
}

// URL is the connection string for the client: plaintext on an insecure node, the admin over
// TLS on a secure one.
func (s *Server) URL() string {
	if s.sec == nil {
		return "esdb://" + s.addr + "?tls=false"
	}
	return s.URLFor(AdminUser, AdminPassword, s.ca.File)
}

// URLFor is the connection string of a secure node for a user, trusting the CA in caFile.
func (s *Server) URLFor(user, password, caFile string) string {
	return "esdb://" + url.UserPassword(user, password).String() + "@" + s.addr + "?tls=true&tlsCAFile=" + url.QueryEscape(caFile)
}

// CAFile is the secure node's CA certificate, the client's tlsCAFile.
func (s *Server) CAFile() string { return s.ca.File }

// AddUser creates a user on a secure node, member of groups (AdminsGroup, or names its
// access control lists grant).
func (s *Server) AddUser(name, password string, groups ...string) {
	s.sec.mu.Lock()
	defer s.sec.mu.Unlock()
	s.sec.users[name] = account{password: password, groups: groups}
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.addr }

// alive reports whether the node is serving.
func (s *Server) alive() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.grpc != nil
}

// Stop closes every connection and stops listening; the log is kept for Restart.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.grpc != nil {
		s.grpc.Stop()
		s.grpc = nil
	}
}

// Restart listens again on the same address after Stop, with the same log.
func (s *Server) Restart() error {
	lis, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("relisten %s: %w", s.addr, err)
	}
	s.serve(lis)
	return nil
}

// DropSubscriptions ends every open subscription with Unavailable, as the real server does
// when it restarts or sheds load, so that clients' resubscription paths can be tested.
func (s *Server) DropSubscriptions() { s.db.dropSubscriptions() }

func (s *Server) serve(lis net.Listener) {
	var opts []grpc.ServerOption
	if s.sec != nil {
		opts = append(opts, grpc.Creds(credentials.NewServerTLSFromCert(s.cert)),
			grpc.UnaryInterceptor(s.sec.unary), grpc.StreamInterceptor(s.sec.stream))
	}
	g := grpc.NewServer(opts...)
	api.RegisterStreamsServer(g, &streamsServer{db: s.db, sec: s.sec, node: s})
	serverfeatures.RegisterServerFeaturesServer(g, featuresServer{})
	if s.cluster != nil {
		gossip.RegisterGossipServer(g, gossipServer{c: s.cluster})
	}
	s.mu.Lock()
	s.grpc = g
	s.mu.Unlock()
	go func() { _ = g.Serve(lis) }() // returns when Stop closes the listener
}

// streamsServer implements the Streams service over the shared log.
type streamsServer struct {
	api.UnimplementedStreamsServer
	db   *db
	sec  *security // nil on an insecure node
	node *Server
}
