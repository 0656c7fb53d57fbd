package freeport

import (
	"net"
	"strconv"
	"testing"
)

func TestListenIsOutsideTheEphemeralRange(t *testing.T) {
	elo, ehi := ephemeralRange()
	for range 20 {
		l, err := Listen()
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if port < lowest || (port >= elo && port <= ehi) {
			t.Fatalf("port %d: want ≥ %d and outside the ephemeral range %d–%d", port, lowest, elo, ehi)
		}
	}
}

// A stopped server listens again at its port.
func TestAPortPickedCanBeListenedOnAgain(t *testing.T) {
	port, err := Pick()
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			t.Fatal(err)
		}
		l.Close()
	}
}
