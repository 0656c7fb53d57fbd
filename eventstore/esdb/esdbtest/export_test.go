package esdbtest

import "time"

// SetNow replaces the server's clock so tests can let $maxAge expire without waiting.
func (s *Server) SetNow(now func() time.Time) {
	s.db.mu.Lock()
	defer s.db.mu.Unlock()
	s.db.now = now
}
