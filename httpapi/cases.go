package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/casesummary"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

type submitCaseRequest struct {
	Service     string          `json:"service"`
	Channel     string          `json:"channel"`
	District    string          `json:"district"`
	Plot        *ident.Plot     `json:"plot"`
	Description string          `json:"description"`
	Applicant   cases.Applicant `json:"applicant"`
}

// commandResponse tells a client where its command landed: the revision doubles as the ETag and
// the position is the read-your-writes token for later queries.
type commandResponse struct {
	CaseID   uuid.UUID `json:"case_id"`
	Revision uint64    `json:"revision"`
	Position string    `json:"position"`
	Events   []string  `json:"events"`
}

func (s *Server) submitCase(c *gin.Context) {
	var req submitCaseRequest
	s.openingCommand(c, &req, func(actor commands.Actor) (commands.Result, bool, error) {
		res, err := s.cfg.Cases.Submit(c, commands.SubmitApplication{Service: req.Service, Channel: req.Channel,
			District: req.District, Plot: req.Plot, Description: req.Description, Applicant: req.Applicant}, actor)
		return res, true, err
	})
}

// recordPatrolFinding opens a violation case found on patrol, or records on the plot's open one.
func (s *Server) recordPatrolFinding(c *gin.Context) {
	var req cases.RecordPatrolFinding
	s.openingCommand(c, &req, func(actor commands.Actor) (commands.Result, bool, error) {
		return s.cfg.Cases.RecordPatrolFinding(c, req, actor)
	})
}

// openingCommand is the shape of a command that may open a case: decode the body into req,
// run, and answer 201 with the case's Location when it opened one, 200 when it acted on one.
func (s *Server) openingCommand(c *gin.Context, req any, run func(commands.Actor) (commands.Result, bool, error)) {
	actor, err := s.actor(c)
	if err == nil {
		err = decodeJSON(c, req)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, opened, err := run(actor)
	if err != nil {
		s.writeError(c, err)
		return
	}
	status := http.StatusOK
	if opened {
		status = http.StatusCreated
		c.Header("Location", "/v1/cases/"+res.CaseID.String())
	}
	s.writeCommandResult(c, status, res)
}

// runCaseCommand is the shape every command on an existing case shares: parse the id, the actor,
// If-Match and the body (an empty body decodes as {}), run, answer.
func (s *Server) runCaseCommand(c *gin.Context, req any, run func(uuid.UUID, commands.Actor, *uint64) (commands.Result, error)) {
	id, err := caseID(c)
	var actor commands.Actor
	var ifMatch *uint64
	if err == nil {
		actor, err = s.actor(c)
	}
	if err == nil {
		ifMatch, err = parseIfMatch(c.GetHeader("If-Match"))
	}
	if err == nil && c.Request.ContentLength != 0 {
		err = decodeJSON(c, req)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, err := run(id, actor, ifMatch)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.writeCommandResult(c, http.StatusOK, res)
}

func (s *Server) writeCommandResult(c *gin.Context, status int, res commands.Result) {
	c.Header("ETag", etag(res.Revision))
	JSON(c, status, commandResponse{CaseID: res.CaseID, Revision: res.Revision, Position: res.Position.String(), Events: res.Events})
}

func (s *Server) getCase(c *gin.Context) {
	id, err := caseID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.showCase(c, func() (casesummary.Case, error) { return s.cfg.Summaries.Get(c, id) })
}

// historyEntry is one event of a case as auditors read it.
type historyEntry struct {
	Revision  uint64    `json:"revision"`
	Type      string    `json:"type"`
	Time      time.Time `json:"time"`
	Actor     actorRef  `json:"actor"`
	RequestID string    `json:"request_id,omitempty"`
	Position  string    `json:"position"`
	Data      any       `json:"data"`
	// Record and Proof (?proof=1) are the event exactly as its leaf commits to it and its
	// inclusion proof in the checkpoint, so `shafaf audit case` can check one against the other.
	Record *tlog.Record    `json:"record,omitempty"`
	Proof  *tlog.Inclusion `json:"proof,omitempty"`
}

// historyEntryOf is a stored event as the history shows it.
func historyEntryOf(r eventstore.RecordedEvent) historyEntry {
	return historyEntry{Revision: r.Revision, Type: r.Type, Time: r.RecordedAt.UTC(),
		Actor: actorRef{ID: r.Metadata.ActorID, Role: r.Metadata.ActorRole}, RequestID: r.Metadata.RequestID,
		Position: r.Position.String(), Data: r.Data}
}

type actorRef struct {
	ID   string `json:"id"`
	Role string `json:"role"`
}

func (s *Server) caseHistory(c *gin.Context) {
	id, err := caseID(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	recs, err := s.cfg.Cases.History(c, id)
	if err == nil {
		recs, err = s.readableHistory(c, access.ViewHistory, recs)
	}
	var checkpoint *tlog.Checkpoint
	var proofs []*tlog.Inclusion
	if err == nil {
		checkpoint, proofs, err = s.historyProofs(c, recs)
	}
	var downloads []historyEntry
	if err == nil {
		downloads, err = s.downloadLog(c, id)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	out := make([]historyEntry, len(recs))
	for i, r := range recs {
		out[i] = historyEntryOf(r)
		if proofs != nil {
			rec := tlog.RecordOf(r)
			out[i].Record, out[i].Proof = &rec, proofs[i]
		}
	}
	body := gin.H{"case_id": id, "events": out, "downloads": downloads}
	if checkpoint != nil {
		body["checkpoint"] = checkpoint
	}
	JSON(c, http.StatusOK, body)
}

func caseID(c *gin.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return uuid.Nil, access.CaseNotFound()
	}
	return id, nil
}

func etag(rev uint64) string { return `"` + strconv.FormatUint(rev, 10) + `"` }

// parseIfMatch reads a strong ETag made by etag; absent means "no precondition".
func parseIfMatch(h string) (*uint64, error) {
	if h == "" {
		return nil, nil
	}
	rev, err := strconv.ParseUint(strings.Trim(strings.TrimSpace(h), `"`), 10, 64)
	if err != nil {
		return nil, domain.Invalid(domain.FieldError{Field: "If-Match", Code: "format", Message: `If-Match must be an ETag this API gave out, e.g. "3"`})
	}
	return &rev, nil
}
