package cases

import "time"

// Received is a command the server dates with the moment it arrives: the time is never the
// client's to send (the field is hidden from JSON), so one pipeline stamps every such command.
type Received interface {
	Command
	ReceivedAt(at time.Time) Command
}

func (c AcceptIntake) ReceivedAt(at time.Time) Command           { c.At = at; return c }
func (c RequestDocuments) ReceivedAt(at time.Time) Command       { c.At = at; return c }
func (c ProvideDocuments) ReceivedAt(at time.Time) Command       { c.At = at; return c }
func (c Assign) ReceivedAt(at time.Time) Command                 { c.At = at; return c }
func (c ScheduleInspection) ReceivedAt(at time.Time) Command     { c.At = at; return c }
func (c RecordInspection) ReceivedAt(at time.Time) Command       { c.At = at; return c }
func (c RecordReview) ReceivedAt(at time.Time) Command           { c.At = at; return c }
func (c ReferToCommission) ReceivedAt(at time.Time) Command      { c.At = at; return c }
func (c RecordCommissionRuling) ReceivedAt(at time.Time) Command { c.At = at; return c }
func (c AssessFee) ReceivedAt(at time.Time) Command              { c.At = at; return c }
func (c RecordPayment) ReceivedAt(at time.Time) Command          { c.At = at; return c }
func (c WaiveFee) ReceivedAt(at time.Time) Command               { c.At = at; return c }
func (c RecordDecision) ReceivedAt(at time.Time) Command         { c.At = at; return c }
func (c Expire) ReceivedAt(at time.Time) Command                 { c.At = at; return c }
func (c Renew) ReceivedAt(at time.Time) Command                  { c.At = at; return c }
func (c Revoke) ReceivedAt(at time.Time) Command                 { c.At = at; return c }
func (c Withdraw) ReceivedAt(at time.Time) Command               { c.At = at; return c }
func (c Cancel) ReceivedAt(at time.Time) Command                 { c.At = at; return c }
func (c Reopen) ReceivedAt(at time.Time) Command                 { c.At = at; return c }
func (c ExtendDeadline) ReceivedAt(at time.Time) Command         { c.At = at; return c }
func (c AddNote) ReceivedAt(at time.Time) Command                { c.At = at; return c }
func (c ServeNotice) ReceivedAt(at time.Time) Command            { c.At = at; return c }
func (c FileDefence) ReceivedAt(at time.Time) Command            { c.At = at; return c }
func (c RuleFirstInstance) ReceivedAt(at time.Time) Command      { c.At = at; return c }
func (c FileAppeal) ReceivedAt(at time.Time) Command             { c.At = at; return c }
func (c RuleAppeal) ReceivedAt(at time.Time) Command             { c.At = at; return c }
func (c Enforce) ReceivedAt(at time.Time) Command                { c.At = at; return c }
func (c Close) ReceivedAt(at time.Time) Command                  { c.At = at; return c }
