package cases

import (
	"strconv"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/domain"
)

// Value is one recorded value as auditors read it: Text holds words and numbers as recorded
// (amounts in rials, ASCII digits); At is set instead for a date or instant, which people read
// in Jalali and machines in UTC.
type Value struct {
	Text string    `json:"text,omitempty"`
	At   time.Time `json:"at,omitzero"`
}

// Fact is one thing an event states, under a stable snake_case key that timelines, the actor
// activity read model and exports share. Personal facts are the applicant's personal data: they
// are shown only where the case's history may be read, and never stored in read models.
type Fact struct {
	Key string `json:"key"`
	Value
	Personal bool `json:"personal,omitempty"`
}

// FactsOf is the one rendering of an event's own facts. ok is false for an event type it does
// not know, which a test rules out for every registered type, so no event is ever shown bare.
func FactsOf(ev domain.Event) ([]Fact, bool) {
	var f factList
	switch e := ev.(type) {
	case *Submitted:
		f.text("service", e.Service).text("flow", string(e.Flow)).text("channel", e.Channel).
			text("district", e.District).text("description", e.Description).
			text("tracking_number", e.TrackingNumber).at("due_at", e.DueAt)
		if e.Plot != nil {
			f.text("plot", e.Plot.String())
		}
		f.personal("applicant_name", e.Personal.Name).personal("national_id", e.Personal.NationalID).
			personal("phone", e.Personal.Phone).personal("address", e.Personal.Address).
			personal("postal_code", e.Personal.PostalCode)
	case *IntakeAccepted:
		f.text("note", e.Note)
	case *DocumentsRequested:
		for _, r := range e.Requests {
			f.text("document_requested", strings.TrimSuffix(r.Document+" ("+r.Kind+"): "+r.Note, ": "))
		}
	case *DocumentsProvided:
		f.text("documents", strings.Join(e.Documents, ", ")).num("paused_working_days", int64(e.PausedWorkingDays)).at("due_at", e.DueAt)
	case *Assigned:
		f.text("assignee", e.Assignee).text("department", e.Department)
	case *InspectionScheduled:
		f.text("inspector", e.Inspector).at("inspection_on", e.On)
	case *InspectionRecorded:
		f.text("findings", e.Findings).num("measured_area_dm2", e.MeasuredAreaDM2).flag("violation_found", e.ViolationFound)
	case *ReviewRecorded:
		f.text("summary", e.Summary)
	case *ReferredToCommission:
		f.text("commission", string(e.Commission)).text("reason", e.Reason)
	case *CommissionRuled:
		f.text("outcome", string(e.Outcome)).text("ruling_summary", e.Summary)
	case *FeeAssessed:
		f.text("schedule_version", e.Assessment.ScheduleVersion)
		for _, l := range e.Assessment.Lines {
			f.text("fee_line", l.Code+" "+l.TitleFa+": "+strconv.FormatInt(l.Amount, 10))
		}
		f.num("rounding_rials", e.Assessment.RoundingRials).num("fee_total", e.Assessment.Total)
	case *FeeWaived:
		f.num("waived_rials", e.Rials).text("reason", e.Reason)
	case *PaymentRecorded:
		f.num("paid_rials", e.Rials).text("channel", e.Channel).text("reference", e.Reference).
			num("instalment", int64(e.Instalment)).num("paid_total", e.PaidTotal).flag("paid_in_full", e.PaidInFull)
	case *Decided:
		f.text("outcome", string(e.Outcome))
		for _, r := range e.Reasons {
			f.text("reason", r)
		}
		f.text("legal_basis", e.LegalBasis)
	case *Issued:
		f.text("document", e.Document).text("number", e.Number).text("verification_code", e.VerificationCode)
		if e.ValidUntil != nil {
			f.at("valid_until", *e.ValidUntil)
		}
	case *Expired:
		// The event is the fact: the status change shows it.
	case *Renewed:
		f.at("valid_until", e.ValidUntil)
	case *Revoked:
		f.text("reason", e.Reason)
	case *Withdrawn:
		f.text("reason", e.Reason)
	case *Cancelled:
		f.text("reason", e.Reason)
	case *Closed:
		f.text("reason", e.Reason)
	case *Reopened:
		f.text("reason", e.Reason).text("status", string(e.Status))
	case *DeadlineExtended:
		f.num("extra_working_days", int64(e.Days)).text("reason", e.Reason).at("due_at", e.DueAt)
	case *NoteAdded:
		f.text("note", e.Text).text("visibility", e.Visibility)
	case *NoticeServed:
		f.at("served_on", e.ServedOn).at("defence_ends_at", e.DefenceEndsAt)
	case *DefenceFiled:
		f.text("statement", e.Statement).at("filed_on", e.FiledOn)
	case *FirstInstanceRuled:
		f.ruling(e.Ruling).at("notified_on", e.NotifiedOn).at("appeal_ends_at", e.AppealEndsAt)
	case *AppealFiled:
		f.text("grounds", e.Grounds).at("filed_on", e.FiledOn)
	case *AppealRuled:
		f.ruling(e.Ruling)
	case *EnforcementStarted:
		f.text("enforcement", e.Action)
	case *HoldPlaced:
		f.text("reason", e.Reason).text("rule", e.Rule).text("blocks", strings.Join(e.Blocks, ", "))
	case *HoldReleased:
		f.text("reason", e.Reason)
	case *IssuanceCleared:
		f.text("service", e.Service)
	case *DocumentAttached:
		f.text("document", e.Document).text("document_id", e.DocumentID.String()).text("sha256", e.SHA256).
			text("media_type", e.MediaType).num("size_bytes", e.Size).personal("file_name", e.Personal.FileName)
		if e.Supersedes != nil {
			f.text("supersedes", e.Supersedes.String())
		}
	case *DocumentDownloaded:
		f.text("document", e.Document).text("document_id", e.DocumentID.String()).text("sha256", e.SHA256)
	default:
		return nil, false
	}
	return f, true
}

// facts collects an event's facts, leaving out what it does not state.
type factList []Fact

func (f *factList) text(key, v string) *factList {
	if v != "" {
		*f = append(*f, Fact{Key: key, Value: Value{Text: v}})
	}
	return f
}

func (f *factList) personal(key, v string) *factList {
	if v != "" {
		*f = append(*f, Fact{Key: key, Value: Value{Text: v}, Personal: true})
	}
	return f
}

func (f *factList) num(key string, n int64) *factList {
	if n != 0 {
		f.text(key, strconv.FormatInt(n, 10))
	}
	return f
}

// flag states a yes/no fact either way: "no violation found" is a finding too.
func (f *factList) flag(key string, b bool) *factList { return f.text(key, strconv.FormatBool(b)) }

func (f *factList) at(key string, t time.Time) *factList {
	if !t.IsZero() {
		*f = append(*f, Fact{Key: key, Value: Value{At: t.UTC()}})
	}
	return f
}

func (f *factList) ruling(r Ruling) *factList {
	return f.text("ruling", string(r.Kind)).num("fine_rials", r.FineRials).text("ruling_summary", r.Summary)
}

// Public drops the personal facts, for read models and readers who may not see them.
func Public(fs []Fact) []Fact {
	out := make([]Fact, 0, len(fs))
	for _, f := range fs {
		if !f.Personal {
			out = append(out, f)
		}
	}
	return out
}
