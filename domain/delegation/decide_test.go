package delegation_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/delegation"
)

var (
	monday = time.Date(2026, 12, 7, 5, 30, 0, 0, time.UTC)
	day    = 24 * time.Hour
)

func leave(starts, ends time.Time) delegation.Record {
	return delegation.Record{ID: uuid.New(), From: "clerk-3-1", To: "clerk-4-1", Starts: starts, Ends: ends, Reason: "annual leave", At: monday}
}

func rule(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return string(de.Code) + " " + de.Rule
	}
	return "none"
}

func TestDelegation(t *testing.T) {
	t.Parallel()
	var s delegation.State
	first := leave(monday, monday.Add(5*day))
	ev, err := delegation.DecideRecord(s, first)
	if err != nil {
		t.Fatal(err)
	}
	s = delegation.Evolve(s, ev)
	t.Run("holds during its period and not after", func(t *testing.T) {
		if d, ok := s.InForce(monday.Add(day)); !ok || d.To != "clerk-4-1" {
			t.Fatalf("InForce during = %+v, %v", d, ok)
		}
		if _, ok := s.InForce(monday.Add(5 * day)); ok {
			t.Fatal("in force at its end")
		}
	})
	refusals := []struct {
		name string
		cmd  delegation.Record
		want string
	}{
		{"refuses an overlapping period", leave(monday.Add(4*day), monday.Add(9*day)), "rule_violated delegation.overlaps"},
		{"refuses a delegate not on the roster", func() delegation.Record { c := leave(monday.Add(6*day), monday.Add(7*day)); c.To = "nobody"; return c }(), "rule_violated delegation.unknown_official"},
		{"refuses oneself", func() delegation.Record { c := leave(monday.Add(6*day), monday.Add(7*day)); c.To = c.From; return c }(), "rule_violated delegation.to_self"},
		{"refuses a period that ends before it starts", leave(monday.Add(7*day), monday.Add(6*day)), "invalid "},
		{"refuses a period over already", leave(monday.Add(-3*day), monday.Add(-day)), "invalid "},
		{"refuses more than a year", leave(monday, monday.Add(400*day)), "invalid "},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			_, err := delegation.DecideRecord(s, tt.cmd)
			if got := rule(err); got != tt.want {
				t.Fatalf("DecideRecord = %v (%s), want %s", err, got, tt.want)
			}
		})
	}
	t.Run("revoked, it no longer holds and frees its period", func(t *testing.T) {
		ev, err := delegation.DecideRevoke(s, delegation.Revoke{ID: first.ID, Reason: "back early", At: monday.Add(2 * day)})
		if err != nil {
			t.Fatal(err)
		}
		s := delegation.Evolve(s, ev)
		if _, ok := s.InForce(monday.Add(3 * day)); ok {
			t.Fatal("in force after revocation")
		}
		if _, err := delegation.DecideRevoke(s, delegation.Revoke{ID: first.ID, Reason: "again", At: monday.Add(2 * day)}); rule(err) != "rule_violated delegation.already_revoked" {
			t.Fatalf("second revoke = %v", err)
		}
		if _, err := delegation.DecideRecord(s, leave(monday.Add(3*day), monday.Add(4*day))); err != nil {
			t.Fatalf("new delegation over a revoked one's period: %v", err)
		}
	})
	t.Run("refuses to revoke one that is over", func(t *testing.T) {
		_, err := delegation.DecideRevoke(s, delegation.Revoke{ID: first.ID, Reason: "late", At: monday.Add(6 * day)})
		if rule(err) != "rule_violated delegation.already_over" {
			t.Fatalf("DecideRevoke = %v", err)
		}
	})
}
