package httpapi

import (
	"fmt"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"go.uber.org/zap"
)

const (
	headerRequestID     = "X-Request-ID"
	headerCorrelationID = "X-Correlation-ID"
	keyRequestID        = "shafaf.request_id"
	keyCorrelationID    = "shafaf.correlation_id"
)

// requestContext gives every request a request id and a correlation id (taken from the client
// when it sends sane ones) and logs the request when it ends.
func (s *Server) requestContext() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		rid := saneID(c.GetHeader(headerRequestID))
		// A request that starts a conversation is its own correlation.
		cid := rid
		if c.GetHeader(headerCorrelationID) != "" {
			cid = saneID(c.GetHeader(headerCorrelationID))
		}
		c.Set(keyRequestID, rid)
		c.Set(keyCorrelationID, cid)
		c.Header(headerRequestID, rid)
		c.Header(headerCorrelationID, cid)
		c.Next()
		s.log.Info("request",
			zap.String("method", c.Request.Method), zap.String("route", c.FullPath()),
			zap.Int("status", c.Writer.Status()), zap.Duration("took", time.Since(start)),
			zap.String("request_id", rid), zap.String("correlation_id", cid))
	}
}

// saneID keeps a client-sent id only when it is short printable ASCII; otherwise makes one.
func saneID(v string) string {
	if v == "" || len(v) > 64 {
		return uuid.NewString()
	}
	for _, r := range v {
		if r < 0x21 || r > 0x7e {
			return uuid.NewString()
		}
	}
	return v
}

func requestID(c *gin.Context) string     { return c.GetString(keyRequestID) }
func correlationID(c *gin.Context) string { return c.GetString(keyCorrelationID) }

// recoverPanics turns a panic into a 500 problem instead of a dropped connection.
func (s *Server) recoverPanics() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				s.writeError(c, fmt.Errorf("panic: %v", r))
			}
		}()
		c.Next()
	}
}
