package cases

import (
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// decideAdmin decides the commands that manage a case rather than advance its work.
func decideAdmin(s State, c Command, d Deps) (domain.Event, error) {
	switch c := c.(type) {
	case Assign:
		return decideAssign(s, c)
	case Withdraw:
		if err := firstOf(flow(s, catalogue.FlowApplication), notIssued(s)); err != nil {
			return nil, err
		}
		return &Withdrawn{Reason: c.Reason, At: c.At}, nil
	case Cancel:
		if err := notIssued(s); err != nil {
			return nil, err
		}
		return &Cancelled{Reason: c.Reason, At: c.At}, nil
	case Reopen:
		if !s.Status.Closed() {
			return nil, refuse(RuleReopenNotClosed, "the case is %s, not closed", s.Status)
		}
		return &Reopened{Reason: c.Reason, Status: s.ClosedFrom, At: c.At}, nil
	case ExtendDeadline:
		if err := notIssued(s); err != nil {
			return nil, err
		}
		return &DeadlineExtended{Days: c.Days, Reason: c.Reason, At: c.At,
			DueAt: due(s, d.Calendar, s.Clock.ApplicantDays, s.ExtensionDays+c.Days)}, nil
	case AddNote:
		return &NoteAdded{Text: c.Text, Visibility: c.Visibility, At: c.At}, nil
	case Close:
		return decideClose(s, c, d)
	}
	return nil, domain.Errorf(domain.CodeInternal, "cases: %T is not an admin command", c)
}

func notIssued(s State) error {
	if s.issued() {
		return refuse(RuleAfterIssuance, "the document has already been issued; revoke it instead")
	}
	return nil
}

// decideAssign gives the case only to a department of the city and to staff on the roster of
// the department it lands in: a case handed elsewhere would leave every staff view.
func decideAssign(s State, c Assign) (domain.Event, error) {
	into := c.Department
	if into == "" {
		into = access.DistrictDepartment(s.District) // Assigned without a department returns the case to its district
	} else if !access.IsDepartment(into) {
		return nil, refuse(RuleAssignUnknownDepartment, "%q is not one of the city's departments", c.Department)
	}
	if c.Assignee != "" {
		member, ok := catalogue.StaffMember(c.Assignee)
		switch {
		case !ok:
			return nil, refuse(RuleAssignUnknownAssignee, "%q is not on the city's staff roster", c.Assignee)
		case member.Department != into:
			return nil, refuse(RuleAssignOtherDepartment, "%s works in %s, not %s", c.Assignee, member.Department, into)
		}
	}
	return &Assigned{Assignee: c.Assignee, Department: c.Department, Reason: c.Reason, At: c.At}, nil
}

func (c Assign) decide(s State, d Deps) (domain.Event, error) { return decideAdmin(s, c, d) }

func (c Withdraw) decide(s State, d Deps) (domain.Event, error) { return decideAdmin(s, c, d) }

func (c Cancel) decide(s State, d Deps) (domain.Event, error) { return decideAdmin(s, c, d) }

func (c Reopen) decide(s State, d Deps) (domain.Event, error) { return decideAdmin(s, c, d) }

func (c ExtendDeadline) decide(s State, d Deps) (domain.Event, error) { return decideAdmin(s, c, d) }

func (c AddNote) decide(s State, d Deps) (domain.Event, error) { return decideAdmin(s, c, d) }

func (c Close) decide(s State, d Deps) (domain.Event, error) { return decideAdmin(s, c, d) }
