package httpapi

// Authentication and authorization, for whoever adds a route:
//
//   - Every route under /v1/ needs a bearer token, except those publicPaths lists (the catalogue);
//     paths no route matches answer 404 (or 405) to anyone.
//     Everything outside /v1/ (healthz, readyz, the web pages, /openapi.json, /docs, /metrics) is
//     public and must never answer with personal data. A new public /v1 route goes into
//     publicPaths; nothing else is needed to protect a new private one.
//   - Commands are authorized by the application layer once it has loaded the case
//     (commands.WithAuthorization); handlers only pass s.actor(c) along.
//   - Queries authorize in the handler, after loading what they show and before answering:
//     a case_summary row with s.authorizeCase(c, action, row); a case's event history with
//     s.readableHistory(c, action, recs); anything else with s.authorize(c, action, target)
//     (the zero access.Target checks the role alone). Another applicant's case answers 404,
//     byte for byte as a missing one does (access.CaseNotFound).
//   - Listings check the role with the zero Target, then keep only the rows s.authorizeCase
//     lets through (visibleCases), so a listing never reveals a case its row would refuse.

import (
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/httpapi/auth"
	"github.com/shafaf-city/shafaf/projections/casesummary"
)

// publicPaths are the /v1 route paths (and, ending in "/", route prefixes) anyone may read.
var publicPaths = []string{"/v1/catalogue", "/v1/catalogue/", callbackPath}

// needsToken reports whether the route path (gin's FullPath, "" when nothing matched) is part of
// the private API.
func needsToken(path string) bool {
	if !strings.HasPrefix(path, "/v1/") {
		return false
	}
	for _, p := range publicPaths {
		if path == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(path, p)) {
			return false
		}
	}
	return true
}

// authenticate verifies the bearer token of every request to a private route. It is global
// middleware, so a route added to routes() is private unless publicPaths says otherwise.
func (s *Server) authenticate() gin.HandlerFunc {
	if s.cfg.Verifier == nil {
		panic("httpapi: Config.Verifier is required: an API without token checks must not start")
	}
	verify := auth.Middleware(s.cfg.Verifier, s.writeError)
	return func(c *gin.Context) {
		if needsToken(c.FullPath()) {
			verify(c)
		}
	}
}

// principal is the verified caller; 401 when the route let an anonymous request through.
func principal(c *gin.Context) (auth.Principal, error) {
	p, ok := auth.FromContext(c)
	if !ok {
		return auth.Principal{}, &auth.Error{Code: auth.CodeMissing}
	}
	return p, nil
}

// authorize asks the policy whether the caller may perform action on target.
func (s *Server) authorize(c *gin.Context, action access.Action, target access.Target) error {
	p, err := principal(c)
	if err != nil {
		return err
	}
	return access.Authorize(p.Actor, action, target)
}

// authorizeCase authorizes action on the case a case_summary row shows. The row holds the
// applicant's national ID only as a hash, so the caller's is hashed the same way.
func (s *Server) authorizeCase(c *gin.Context, action access.Action, row casesummary.Case) error {
	p, err := principal(c)
	if err != nil {
		return err
	}
	viewer := p.Actor
	viewer.NationalID = casesummary.NationalIDHash(viewer.NationalID)
	return access.Authorize(viewer, action, summaryTarget(row))
}

// summaryTarget is the access target of a case_summary row.
func summaryTarget(row casesummary.Case) access.Target {
	assigned := ""
	if row.Department != nil {
		assigned = *row.Department
	}
	assignee := ""
	if row.Assignee != nil {
		assignee = *row.Assignee
	}
	return access.Target{Group: row.Access.Group, Department: commands.CaseDepartment(row.District, assigned),
		ApplicantNationalID: row.Access.ApplicantNIDHash, OwnerSubject: row.Access.OwnerSubject, Assignee: assignee}
}

// readableHistory authorizes action on the case whose stored events recs are, reading its
// owner and department from the events exactly as commands do, and returns the events the
// caller may read: without the staff's internal notes unless access.ViewInternalNotes allows.
func (s *Server) readableHistory(c *gin.Context, action access.Action, recs []eventstore.RecordedEvent) ([]eventstore.RecordedEvent, error) {
	target, err := s.cfg.Cases.TargetOf(recs)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(c, action, target); err != nil {
		return nil, err
	}
	if s.authorize(c, access.ViewInternalNotes, target) == nil {
		return recs, nil
	}
	return withoutInternalNotes(recs), nil
}

// Routes lists every registered route as "METHOD path", so a test can prove that each private
// route is in the role matrix.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.engine.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}
