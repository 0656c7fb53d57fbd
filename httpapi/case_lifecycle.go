package httpapi

import (
	"context"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// caseRun is the shape of every command on an existing case in the application layer.
type caseRun[T any] func(ctx context.Context, id uuid.UUID, cmd T, actor commands.Actor, ifMatch *uint64) (commands.Result, error)

// CaseLifecycle is the part of the application layer that moves a case through its lifecycle
// after submission.
type CaseLifecycle interface {
	RequestDocuments(context.Context, uuid.UUID, cases.RequestDocuments, commands.Actor, *uint64) (commands.Result, error)
	ProvideDocuments(context.Context, uuid.UUID, cases.ProvideDocuments, commands.Actor, *uint64) (commands.Result, error)
	Assign(context.Context, uuid.UUID, cases.Assign, commands.Actor, *uint64) (commands.Result, error)
	ScheduleInspection(context.Context, uuid.UUID, cases.ScheduleInspection, commands.Actor, *uint64) (commands.Result, error)
	RecordInspection(context.Context, uuid.UUID, cases.RecordInspection, commands.Actor, *uint64) (commands.Result, error)
	RecordReview(context.Context, uuid.UUID, cases.RecordReview, commands.Actor, *uint64) (commands.Result, error)
	ReferToCommission(context.Context, uuid.UUID, cases.ReferToCommission, commands.Actor, *uint64) (commands.Result, error)
	RecordCommissionRuling(context.Context, uuid.UUID, cases.RecordCommissionRuling, commands.Actor, *uint64) (commands.Result, error)
	AssessFee(context.Context, uuid.UUID, cases.AssessFee, commands.Actor, *uint64) (commands.Result, error)
	RecordPayment(context.Context, uuid.UUID, cases.RecordPayment, commands.Actor, *uint64) (commands.Result, error)
	WaiveFee(context.Context, uuid.UUID, cases.WaiveFee, commands.Actor, *uint64) (commands.Result, error)
	Issue(context.Context, uuid.UUID, commands.Actor, *uint64) (commands.Result, error)
	Expire(context.Context, uuid.UUID, cases.Expire, commands.Actor, *uint64) (commands.Result, error)
	Renew(context.Context, uuid.UUID, cases.Renew, commands.Actor, *uint64) (commands.Result, error)
	Revoke(context.Context, uuid.UUID, cases.Revoke, commands.Actor, *uint64) (commands.Result, error)
	Withdraw(context.Context, uuid.UUID, cases.Withdraw, commands.Actor, *uint64) (commands.Result, error)
	Cancel(context.Context, uuid.UUID, cases.Cancel, commands.Actor, *uint64) (commands.Result, error)
	Reopen(context.Context, uuid.UUID, cases.Reopen, commands.Actor, *uint64) (commands.Result, error)
	ExtendDeadline(context.Context, uuid.UUID, cases.ExtendDeadline, commands.Actor, *uint64) (commands.Result, error)
	AddNote(context.Context, uuid.UUID, cases.AddNote, commands.Actor, *uint64) (commands.Result, error)
	ServeNotice(context.Context, uuid.UUID, cases.ServeNotice, commands.Actor, *uint64) (commands.Result, error)
	FileDefence(context.Context, uuid.UUID, cases.FileDefence, commands.Actor, *uint64) (commands.Result, error)
	RuleFirstInstance(context.Context, uuid.UUID, cases.RuleFirstInstance, commands.Actor, *uint64) (commands.Result, error)
	FileAppeal(context.Context, uuid.UUID, cases.FileAppeal, commands.Actor, *uint64) (commands.Result, error)
	RuleAppeal(context.Context, uuid.UUID, cases.RuleAppeal, commands.Actor, *uint64) (commands.Result, error)
	Enforce(context.Context, uuid.UUID, cases.Enforce, commands.Actor, *uint64) (commands.Result, error)
	Close(context.Context, uuid.UUID, cases.Close, commands.Actor, *uint64) (commands.Result, error)
	PlaceHold(ctx context.Context, id uuid.UUID, reason string, actor commands.Actor) (commands.Result, error)
	ReleaseHold(ctx context.Context, id uuid.UUID, reason string, actor commands.Actor) (commands.Result, error)
}

// caseAction is the handler of one lifecycle command: the body decodes straight into the
// domain command, whose server-filled fields are hidden from JSON.
func caseAction[T any](s *Server, run caseRun[T]) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req T
		s.runCaseCommand(c, &req, func(id uuid.UUID, actor commands.Actor, ifMatch *uint64) (commands.Result, error) {
			return run(c, id, req, actor, ifMatch)
		})
	}
}

func (s *Server) issue(c *gin.Context) {
	var req struct{}
	s.runCaseCommand(c, &req, func(id uuid.UUID, actor commands.Actor, ifMatch *uint64) (commands.Result, error) {
		return s.cfg.Cases.Issue(c, id, actor, ifMatch)
	})
}

type holdRequest struct {
	Reason string `json:"reason"`
}

// hold places (place = true) or releases the case's hold on its plot; If-Match does not apply,
// since the hold lives on the plot's stream.
func (s *Server) hold(place bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req holdRequest
		s.runCaseCommand(c, &req, func(id uuid.UUID, actor commands.Actor, _ *uint64) (commands.Result, error) {
			if place {
				return s.cfg.Cases.PlaceHold(c, id, req.Reason, actor)
			}
			return s.cfg.Cases.ReleaseHold(c, id, req.Reason, actor)
		})
	}
}
