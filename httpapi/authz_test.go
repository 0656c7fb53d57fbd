package httpapi

import "testing"

func TestNeedsToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		route string
		want  bool
	}{
		{"/v1/cases", true},
		{"/v1/cases/:id/history", true},
		{"/v1/me/queue", true},
		{"/v1/catalogue", false},
		{"/v1/catalogue/:key", false},
		{"/v1/catalogues", true}, // a prefix entry ends in "/", so look-alikes stay private
		{"/healthz", false},
		{"/verify/:number", false},
		{"/metrics", false},
		{"", false}, // no route matched: 404 or 405 for anyone
	}
	for _, tt := range tests {
		if got := needsToken(tt.route); got != tt.want {
			t.Errorf("needsToken(%q) = %v, want %v", tt.route, got, tt.want)
		}
	}
}
