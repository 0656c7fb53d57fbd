// Package esdbtest is an in-process EventStoreDB test double: a gRPC server that speaks the
// subset of the protocol the EventStore-Client-Go v4 client uses (server features, append,
// stream and $all reads, catch-up subscriptions with filters and checkpoints, delete and
// tombstone), replying exactly as the real server does, quirks included. It lets the esdb
// adapter run its conformance tests without Docker. It keeps everything in memory and is a
// test double only: it is never selectable as a product event store.
package esdbtest

import (
	"fmt"
	"net"
	"sync"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc"
)

// Server is a running test double. Its log survives Stop/Restart, so tests can make the
// client lose the server and find it again at the same address.
type Server struct {
	db   *db
	addr string

	mu   sync.Mutex
	grpc *grpc.Server
}

// Start runs a server on a free loopback port for the duration of the test.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := Listen("127.0.0.1:0")
	if err != nil {
		tb.Fatalf("esdbtest: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// Listen runs a server on addr outside a test, for benchmarks and manual runs; call Stop.
func Listen(addr string) (*Server, error) {
	s := &Server{db: newDB()}
	s.db.seedSystemEvents()
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	s.addr = lis.Addr().String()
	s.serve(lis)
	return s, nil
}

// URL is the connection string for the client: plaintext, since the double has no TLS.
func (s *Server) URL() string { return "esdb://" + s.addr + "?tls=false" }

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.addr }

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
	g := grpc.NewServer()
	api.RegisterStreamsServer(g, &streamsServer{db: s.db})
	serverfeatures.RegisterServerFeaturesServer(g, featuresServer{})
	s.mu.Lock()
	s.grpc = g
	s.mu.Unlock()
	go func() { _ = g.Serve(lis) }() // returns when Stop closes the listener
}

// streamsServer implements the Streams service over the shared log.
type streamsServer struct {
	api.UnimplementedStreamsServer
	db *db
}
