// Package freeport picks loopback ports for test servers that are stopped and started again
// at the same address (a killed event-store node, a restarted replica or database).
//
// Such a port must lie outside the kernel's ephemeral range (ip_local_port_range in ip(7)):
// a port from that range (which is what port 0 gives) can be taken, while its server is down,
// as the local port of any outgoing connection on the machine, and the restart then fails
// with "address already in use". CI saw exactly that.
package freeport

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
)

const (
	// lowest is the lowest port handed out: below it live the well-known and registered
	// services a developer machine may run (PostgreSQL, :8080, …).
	lowest   = 10000
	attempts = 100
)

// Listen listens on 127.0.0.1 at a free port outside the ephemeral range (or at any free
// port, on a machine whose ephemeral range leaves none outside it).
func Listen() (net.Listener, error) {
	lo, hi := candidates()
	if hi < lo {
		return net.Listen("tcp", "127.0.0.1:0")
	}
	var last error
	for range attempts {
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(lo+rand.IntN(hi-lo+1)))
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("freeport: %w", err)
		}
		last = err
	}
	return nil, fmt.Errorf("freeport: %d ports tried: %w", attempts, last)
}

// Pick is a port outside the ephemeral range that is free now, for a child process to bind.
// Another process may still bind it first (not by port 0 or an outgoing connection, but by
// naming it), so the caller still reports a failed bind plainly.
func Pick() (int, error) {
	l, err := Listen()
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// candidates is the larger of the two stretches outside the ephemeral range; empty (hi < lo)
// when there is none.
func candidates() (lo, hi int) {
	elo, ehi := ephemeralRange()
	below, above := elo-lowest, 65535-ehi
	if below >= above {
		return lowest, elo - 1
	}
	return ehi + 1, 65535
}

// ephemeralRange is Linux's ip_local_port_range, or its default where that cannot be read.
func ephemeralRange() (lo, hi int) {
	lo, hi = 32768, 60999
	raw, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return lo, hi
	}
	f := strings.Fields(string(raw))
	if len(f) != 2 {
		return lo, hi
	}
	l, errL := strconv.Atoi(f[0])
	h, errH := strconv.Atoi(f[1])
	if errL != nil || errH != nil || l > h || l < 1 || h > 65535 {
		return lo, hi
	}
	return l, h
}
