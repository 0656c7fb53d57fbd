package esdb

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	es "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrAccessDenied and ErrUnauthenticated are a secure node refusing Shafaf's user: they are
// configuration mistakes, never retried, and /readyz names them.
var (
	ErrAccessDenied    = errors.New("access denied")
	ErrUnauthenticated = errors.New("authentication failed")
)

// refused maps the two security refusals to errors that say what to fix; ok is false for
// anything else. Subscription drops arrive as raw gRPC status errors, so both forms count.
func refused(stream string, err error) (error, bool) {
	switch {
	case code(err) == es.ErrorCodeAccessDenied || status.Code(err) == codes.PermissionDenied:
		return fmt.Errorf("esdb: %w: the user in SHAFAF_EVENTSTORE may not use %q; Shafaf reads $all and writes "+
			"its own streams: grant it read on system streams and read/write on user streams in $settings, "+
			"or add it to $admins (docs/deploy.md, Securing EventStoreDB)", ErrAccessDenied, stream), true
	case code(err) == es.ErrorCodeUnauthenticated || status.Code(err) == codes.Unauthenticated:
		return fmt.Errorf("esdb: %w: the node refused the user and password in SHAFAF_EVENTSTORE", ErrUnauthenticated), true
	}
	return nil, false
}

// checkCredentials refuses a user over plaintext: with tls=false the v4 client silently
// drops the credentials, so every call would run anonymous and be denied.
func checkCredentials(cfg *es.Configuration) error {
	if cfg.DisableTLS && cfg.Username != "" {
		return errors.New("esdb: the connection string names a user but says tls=false, and the client sends " +
			"credentials only over TLS: use tls=true&tlsCAFile=…, or no user for an insecure node")
	}
	return nil
}

// diagnoseTLS explains a first contact that failed because of the node's certificate: the
// client itself only reports that discovery gave up.
func diagnoseTLS(ctx context.Context, cfg *es.Configuration, err error) error {
	if cfg.DisableTLS || cfg.SkipCertificateVerification {
		return err
	}
	addr := cfg.Address
	if len(cfg.GossipSeeds) > 0 {
		addr = cfg.GossipSeeds[0].String()
	}
	host, _, splitErr := net.SplitHostPort(addr)
	if splitErr != nil {
		return err
	}
	dialer := &tls.Dialer{NetDialer: &net.Dialer{Timeout: 5 * time.Second},
		Config: &tls.Config{RootCAs: cfg.RootCAs, ServerName: host, NextProtos: []string{"h2"}, MinVersion: tls.VersionTLS12}}
	conn, dialErr := dialer.DialContext(ctx, "tcp", addr)
	if dialErr == nil {
		_ = conn.Close()
		return err
	}
	if verr := (*tls.CertificateVerificationError)(nil); errors.As(dialErr, &verr) {
		return fmt.Errorf("esdb: TLS with %s failed: %w; tlsCAFile in SHAFAF_EVENTSTORE must name the CA that "+
			"signed the nodes' certificates, and their names must cover %s (docs/deploy.md)", addr, dialErr, host)
	}
	return err
}
