package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/outbox/webhook"
)

// Webhooks keeps the subscriptions of other systems (webhook.Store, which the command line
// `shafaf webhooks` uses too).
type Webhooks interface {
	Add(ctx context.Context, s webhook.Subscription) (webhook.Subscription, string, error)
	List(ctx context.Context) ([]webhook.Subscription, error)
	Get(ctx context.Context, id uuid.UUID) (webhook.Subscription, error)
	Update(ctx context.Context, id uuid.UUID, p webhook.Patch) (webhook.Subscription, error)
	Remove(ctx context.Context, id uuid.UUID) error
	Rotate(ctx context.Context, id uuid.UUID) (string, error)
	Replay(ctx context.Context, id uuid.UUID, from eventstore.Position, now time.Time) (int64, error)
}

var _ Webhooks = webhook.Store{}

// registerWebhooks mounts the admin API of webhook subscriptions; every route needs
// access.ManageWebhooks, asked before anything is looked up.
func (s *Server) registerWebhooks(r gin.IRoutes) {
	r.GET("/v1/webhooks", s.webhook(s.listWebhooks))                     // every subscription, with how its deliveries stand
	r.POST("/v1/webhooks", s.webhook(s.addWebhook))                      // subscribe a system; the answer shows its secret, once
	r.GET("/v1/webhooks/:id", s.webhook(s.getWebhook))                   // one subscription, with how its deliveries stand
	r.PATCH("/v1/webhooks/:id", s.webhook(s.updateWebhook))              // change its URL, filters or trust
	r.DELETE("/v1/webhooks/:id", s.webhook(s.removeWebhook))             // end it; what was queued for it dead-letters
	r.POST("/v1/webhooks/:id/rotate-secret", s.webhook(s.rotateWebhook)) // a new secret, shown once; the previous one stays valid beside it
	r.POST("/v1/webhooks/:id/replay", s.webhook(s.replayWebhook))        // send again everything from a position on, in order
}

// webhook authorizes the caller before h runs.
func (s *Server) webhook(h gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := s.authorize(c, access.ManageWebhooks, access.Target{}); err != nil {
			s.writeError(c, err)
			return
		}
		h(c)
	}
}

// webhookRequest is the body of POST /v1/webhooks.
type webhookRequest struct {
	URL        string   `json:"url"`
	EventTypes []string `json:"event_types"`
	Services   []string `json:"services"`
	Trusted    bool     `json:"trusted"`
}

// webhookCreated shows the secret this once; the subscription is the receiver's to verify with.
type webhookCreated struct {
	Subscription webhook.Subscription `json:"subscription"`
	Secret       string               `json:"secret"`
}

func (s *Server) listWebhooks(c *gin.Context) {
	subs, err := s.cfg.Webhooks.List(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if subs == nil {
		subs = []webhook.Subscription{}
	}
	JSON(c, http.StatusOK, gin.H{"items": subs})
}

func (s *Server) addWebhook(c *gin.Context) {
	var req webhookRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	sub, secret, err := s.cfg.Webhooks.Add(c, webhook.Subscription{URL: req.URL, EventTypes: req.EventTypes,
		Services: req.Services, Trusted: req.Trusted})
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Location", "/v1/webhooks/"+sub.ID.String())
	JSON(c, http.StatusCreated, webhookCreated{Subscription: sub, Secret: secret})
}

func (s *Server) getWebhook(c *gin.Context) {
	id, err := webhookID(c)
	if err == nil {
		var sub webhook.Subscription
		if sub, err = s.cfg.Webhooks.Get(c, id); err == nil {
			JSON(c, http.StatusOK, sub)
			return
		}
	}
	s.writeError(c, err)
}

func (s *Server) updateWebhook(c *gin.Context) {
	id, err := webhookID(c)
	var p webhook.Patch
	if err == nil {
		err = decodeJSON(c, &p)
	}
	if err == nil {
		var sub webhook.Subscription
		if sub, err = s.cfg.Webhooks.Update(c, id, p); err == nil {
			JSON(c, http.StatusOK, sub)
			return
		}
	}
	s.writeError(c, err)
}

func (s *Server) removeWebhook(c *gin.Context) {
	id, err := webhookID(c)
	if err == nil {
		err = s.cfg.Webhooks.Remove(c, id)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) rotateWebhook(c *gin.Context) {
	id, err := webhookID(c)
	if err == nil {
		var secret string
		if secret, err = s.cfg.Webhooks.Rotate(c, id); err == nil {
			c.Header("Cache-Control", "no-store")
			JSON(c, http.StatusOK, gin.H{"secret": secret})
			return
		}
	}
	s.writeError(c, err)
}

// replayRequest is the body of POST /v1/webhooks/{id}/replay: a payload's data.position.
type replayRequest struct {
	From string `json:"from"`
}

func (s *Server) replayWebhook(c *gin.Context) {
	id, err := webhookID(c)
	var req replayRequest
	if err == nil {
		err = decodeJSON(c, &req)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	from, err := eventstore.ParsePosition(req.From)
	if err != nil {
		s.writeError(c, domain.Invalid(domain.FieldError{Field: "from", Code: "invalid",
			Message: "want an event-log position, as a payload's data.position shows it"}))
		return
	}
	n, err := s.cfg.Webhooks.Replay(c, id, from, time.Now())
	if err != nil {
		s.writeError(c, err)
		return
	}
	JSON(c, http.StatusOK, gin.H{"requeued": n})
}

// webhookID reads the subscription id of the path; a malformed one names no subscription.
func webhookID(c *gin.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return id, domain.NotFound("no webhook subscription " + c.Param("id"))
	}
	return id, nil
}
