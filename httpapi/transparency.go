package httpapi

import (
	"context"
	"errors"
	"math"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/tlog"
)

// TransparencyLog is the signed Merkle log over every event (projections/tlog): what anyone
// needs to check that a history is the one the municipality committed to.
type TransparencyLog interface {
	Latest(ctx context.Context) (tlog.Checkpoint, error)
	Checkpoints(ctx context.Context, from uint64, limit int) ([]tlog.Checkpoint, error)
	Inclusions(ctx context.Context, ids []uuid.UUID, size uint64) ([]tlog.Inclusion, error)
	InclusionsSoFar(ctx context.Context, ids []uuid.UUID, size uint64) ([]*tlog.Inclusion, error)
	Consistency(ctx context.Context, from, to uint64) (tlog.Consistency, error)
}

// checkpointPage bounds one page of /transparency/checkpoints (a year at one a minute is
// about half a million).
const checkpointPage = 1000

// registerTransparency mounts the public transparency routes; they are outside /v1, so no
// token is needed, and they publish hashes only.
func (s *Server) registerTransparency(r gin.IRoutes) {
	r.GET("/transparency/checkpoint", s.latestCheckpoint)    // the newest signed checkpoint, a C2SP signed note
	r.GET("/transparency/checkpoints", s.listCheckpoints)    // every checkpoint from ?from= (a size), oldest first
	r.GET("/transparency/proof/:event_id", s.inclusionProof) // an event's inclusion proof in the tree of ?size= (default: the newest checkpoint)
	r.GET("/transparency/consistency", s.consistencyProof)   // the tree of ?from= leaves is a prefix of the tree of ?to=
}

func (s *Server) latestCheckpoint(c *gin.Context) {
	cp, err := s.cfg.Transparency.Latest(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(cp.Note))
}

func (s *Server) listCheckpoints(c *gin.Context) {
	from, err := intParam(c, "from", 0, 0, math.MaxInt64)
	if err != nil {
		s.writeError(c, err)
		return
	}
	cps, err := s.cfg.Transparency.Checkpoints(c, uint64(from), checkpointPage)
	if err != nil {
		s.writeError(c, err)
		return
	}
	out := gin.H{"checkpoints": cps}
	if len(cps) == checkpointPage {
		out["next_from"] = cps[len(cps)-1].Size + 1
	}
	JSON(c, http.StatusOK, out)
}

func (s *Server) inclusionProof(c *gin.Context) {
	id, err := uuid.Parse(c.Param("event_id"))
	if err != nil {
		s.writeError(c, domain.NotFound("no event with id "+c.Param("event_id")))
		return
	}
	size, err := intParam(c, "size", 0, 1, math.MaxInt64)
	if err == nil && size == 0 {
		var cp tlog.Checkpoint
		cp, err = s.cfg.Transparency.Latest(c)
		size = int(cp.Size)
	}
	var proofs []tlog.Inclusion
	if err == nil {
		proofs, err = s.cfg.Transparency.Inclusions(c, []uuid.UUID{id}, uint64(size))
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	JSON(c, http.StatusOK, proofs[0])
}

func (s *Server) consistencyProof(c *gin.Context) {
	from, err := intParam(c, "from", 0, 0, math.MaxInt64)
	var to int
	if err == nil {
		to, err = intParam(c, "to", 0, 1, math.MaxInt64)
	}
	var proof tlog.Consistency
	if err == nil {
		proof, err = s.cfg.Transparency.Consistency(c, uint64(from), uint64(to))
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	JSON(c, http.StatusOK, proof)
}

// historyProofs proves a case's events against the newest checkpoint, for
// /v1/cases/{id}/history?proof=1: the checkpoint, and per event its proof (nil for events
// newer than the checkpoint). Without a transparency log or a checkpoint there is none.
func (s *Server) historyProofs(c *gin.Context, recs []eventstore.RecordedEvent) (*tlog.Checkpoint, []*tlog.Inclusion, error) {
	if s.cfg.Transparency == nil || c.Query("proof") != "1" {
		return nil, nil, nil
	}
	cp, err := s.cfg.Transparency.Latest(c)
	if errors.Is(err, tlog.ErrNoCheckpoint) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	ids := make([]uuid.UUID, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	proofs, err := s.cfg.Transparency.InclusionsSoFar(c, ids, cp.Size)
	return &cp, proofs, err
}
