package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/delegation"
)

// A bulk move retried after a crash part-way (the same caller, key and body: the same seed)
// moves the cases the first attempt did not reach and leaves the others as they were.
func TestReassignRerunMovesNoCaseTwice(t *testing.T) {
	h, _ := mustCases(t)
	supervisor := commands.Actor{ID: "supervisor-3", Role: "supervisor"}
	var ids []uuid.UUID
	for range 2 {
		res, err := h.Submit(context.Background(), walkIn, clerk)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.CaseID)
	}
	retry := commands.WithRetrySeed(context.Background(), []byte("supervisor-3 leaver-1"))
	move := commands.Reassignment{To: "clerk-3-2", Reason: "clerk-3-1 has left", Cases: []commands.CaseAt{{ID: ids[0]}, {ID: ids[1]}}}
	// The first attempt got as far as the first case.
	partial := move
	partial.Cases = move.Cases[:1]
	if _, err := h.Reassign(retry, partial, supervisor); err != nil {
		t.Fatal(err)
	}
	done, err := h.Reassign(retry, move, supervisor)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range done {
		if d.Err != nil {
			t.Fatalf("case %d: %v", i, d.Err)
		}
		recs := mustHistory(t, h, ids[i])
		if len(recs) != 2 || recs[1].Type != cases.TypeAssigned || d.Result.Revision != 1 {
			t.Fatalf("case %d after the rerun: %d events, revision %d", i, len(recs), d.Result.Revision)
		}
	}
}

func TestReassignRefusesTheWholeRequestOnlyForWhatNoCaseCouldChange(t *testing.T) {
	h, _ := mustCases(t)
	one := []commands.CaseAt{{ID: uuid.New()}}
	for _, tt := range []struct {
		name string
		r    commands.Reassignment
		code domain.ErrorCode
	}{
		{"no reason", commands.Reassignment{To: "clerk-3-2", Cases: one}, domain.CodeInvalid},
		{"no cases", commands.Reassignment{To: "clerk-3-2", Reason: "x"}, domain.CodeInvalid},
		{"a case named twice", commands.Reassignment{To: "clerk-3-2", Reason: "x", Cases: append(one, one...)}, domain.CodeInvalid},
		{"an official not on the roster", commands.Reassignment{To: "nobody", Reason: "x", Cases: one}, domain.CodeRuleViolated},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.Reassign(context.Background(), tt.r, clerk)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != tt.code {
				t.Fatalf("Reassign = %v, want %s", err, tt.code)
			}
		})
	}
	t.Run("a missing case is its own failure", func(t *testing.T) {
		done, err := h.Reassign(context.Background(), commands.Reassignment{To: "clerk-3-2", Reason: "x", Cases: one}, clerk)
		var de *domain.Error
		if err != nil || len(done) != 1 || !errors.As(done[0].Err, &de) || de.Code != domain.CodeNotFound {
			t.Fatalf("Reassign = %+v, %v", done, err)
		}
	})
}

// A delegation recorded again under the same seed answers the first one's id and writes nothing.
func TestDelegateRerunRecordsOnce(t *testing.T) {
	h, store := mustCases(t)
	supervisor := commands.Actor{ID: "supervisor-3", Role: "supervisor"}
	retry := commands.WithRetrySeed(context.Background(), []byte("supervisor-3 leave-1"))
	now := time.Now()
	leave := commands.Delegation{From: "clerk-3-2", To: "clerk-4-1", Starts: now, Ends: now.Add(72 * time.Hour), Reason: "annual leave"}
	first, err := h.Delegate(retry, leave, supervisor)
	if err != nil {
		t.Fatal(err)
	}
	again, err := h.Delegate(retry, leave, supervisor)
	if err != nil || again.CaseID != first.CaseID || again.Revision != first.Revision {
		t.Fatalf("rerun %+v, %v; first %+v", again, err, first)
	}
	recs, err := store.ReadStream(context.Background(), delegation.StreamName("clerk-3-2"), 0, 0)
	if err != nil || len(recs) != 1 {
		t.Fatalf("%d events on the delegation stream, %v", len(recs), err)
	}
}
