package commands

import (
	"errors"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/eventstore"
)

// Authorization lives here rather than in the HTTP layer because only the loaded case says
// whose it is, which service group it belongs to and which department answers for it.

// Option tunes the case commands beyond their required dependencies.
type Option func(*Cases)

// WithAuthorization makes every command check its actor's Principal against the access policy
// once the case is loaded. The server always sets it; seeders driving the commands as trusted
// code (commands/demo) leave it off.
func WithAuthorization() Option { return func(h *Cases) { h.authorizing = true } }

// WithBillCompany sets the 3-digit code the banks' clearing gave the municipality, which every
// bill carries (domain/billing); without it bills carry 000.
func WithBillCompany(code int) Option { return func(h *Cases) { h.billCompany = code } }

// CaseDepartment is the department answerable for a case: the one it was assigned to, else the
// intake department of its district ("district-<n>"), so a case has one from submission on.
// Read models holding district and assigned department apply the same rule in SQL as
// COALESCE(department, 'district-' || district).
func CaseDepartment(district, assigned string) string {
	if assigned != "" {
		return assigned
	}
	return access.DistrictDepartment(district)
}

// owner is a case's applicant as its submission names it.
type owner struct {
	nationalID string
	// subject is the token subject of an applicant who submitted online; empty for walk-ins.
	subject string
}

// ownerOf reads the applicant from a case's first stored event.
func ownerOf(first eventstore.RecordedEvent, ev domain.Event) owner {
	var o owner
	if sub, ok := ev.(*cases.Submitted); ok {
		o.nationalID = ident.CanonicalNationalID(sub.Personal.NationalID)
	}
	if first.Metadata.ActorRole == string(access.Applicant) {
		o.subject = first.Metadata.ActorID
	}
	return o
}

// caseTarget is what the policy needs to know about an existing case.
func caseTarget(svc catalogue.Service, s cases.State, o owner) access.Target {
	return access.Target{Group: svc.Group, Department: CaseDepartment(s.District, s.Department),
		ApplicantNationalID: o.nationalID, OwnerSubject: o.subject, Assignee: s.Assignee}
}

// target is the access target of a loaded case; a case that does not exist answers as one the
// caller may not see.
func (h *Cases) target(s cases.State, o owner) (access.Target, error) {
	if !s.Exists() {
		return access.Target{}, access.CaseNotFound()
	}
	svc, err := h.service(s)
	return caseTarget(svc, s, o), err
}

// commandAccess names the action cmd performs and the case it touches. A submission's target
// is the case it would open: its applicant's national ID must be the submitting applicant's.
func commandAccess(cmd cases.Command, s cases.State, o owner, svc catalogue.Service) (access.Action, access.Target) {
	if sub, ok := cmd.(cases.Submit); ok {
		action := access.Submit
		if svc.Group == access.Violation {
			action = access.ReportViolation
		}
		return action, openingTarget(svc, sub.District, sub.Applicant)
	}
	if p, ok := cmd.(cases.RecordPatrolFinding); ok && !s.Exists() {
		return access.RecordPatrolFinding, openingTarget(svc, p.District, p.Owner)
	}
	return actionOf(cmd), caseTarget(svc, s, o)
}

// openingTarget is the case a command would open: its applicant's national ID must be the
// submitting applicant's.
func openingTarget(svc catalogue.Service, district string, applicant cases.Applicant) access.Target {
	return access.Target{Group: svc.Group, Department: CaseDepartment(district, ""),
		ApplicantNationalID: ident.CanonicalNationalID(applicant.NationalID)}
}

// permit checks actor against the policy and returns it as its events record it: the token's
// subject and the least privileged of its roles that permits the action. A refused submission
// is 403 even for an applicant, since there is no case whose existence could leak.
func (h *Cases) permit(actor Actor, action access.Action, target access.Target, submission bool) (Actor, error) {
	if !h.authorizing {
		return actor, nil
	}
	if err := access.Authorize(actor.Principal, action, target); err != nil {
		var de *domain.Error
		if submission && errors.As(err, &de) && de.Code == domain.CodeNotFound {
			return Actor{}, &domain.Error{Code: domain.CodeForbidden, Rule: access.RuleOwnership,
				Message: "an applicant submits only in their own name: the applicant's national ID must be the token's"}
		}
		return Actor{}, err
	}
	for _, r := range actor.Principal.Roles {
		one := actor.Principal
		one.Roles = []access.Role{r}
		if access.Authorize(one, action, target) == nil {
			actor.Role = string(r)
			break
		}
	}
	actor.ID = actor.Principal.Subject
	return actor, nil
}
