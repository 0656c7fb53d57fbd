package pgtest

import (
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestWithDatabase(t *testing.T) {
	tests := []struct{ name, dsn, want string }{
		{"url", "postgres://u:p@h:5432/postgres?sslmode=disable", "postgres://u:p@h:5432/x?sslmode=disable"},
		{"postgresql url without path", "postgresql://h", "postgresql://h/x"},
		{"keyword value", "host=h user=u dbname=postgres", "host=h user=u dbname=postgres dbname=x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := withDatabase(tt.dsn, "x")
			if err != nil || got != tt.want {
				t.Fatalf("withDatabase(%q) = %q, %v; want %q", tt.dsn, got, err, tt.want)
			}
			cfg, err := pgconn.ParseConfig(got)
			if err != nil || cfg.Database != "x" {
				t.Fatalf("pgconn reads %q as database %v (err %v), want x", got, cfg, err)
			}
		})
	}
}

func TestDatabaseNameFitsAndDiffers(t *testing.T) {
	long := "TestSomething/with a very long subtest name that goes on and on and on"
	a, b := databaseName(long), databaseName(long)
	if a == b {
		t.Fatalf("two names for one test are equal: %q", a)
	}
	if len(a) > 63 {
		t.Fatalf("name %q is %d bytes, PostgreSQL keeps 63", a, len(a))
	}
}
