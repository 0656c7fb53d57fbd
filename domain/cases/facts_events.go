package cases

import (
	"strconv"
	"strings"
)

// The facts each event of the registry states (Factual), in registry order. Keys are stable:
// the actor_activity read model stores them and exports carry them.

// Facts of a submission include the applicant's, marked personal.
func (e *Submitted) Facts() []Fact {
	var f factList
	f.text("service", e.Service).text("flow", string(e.Flow)).text("channel", e.Channel).
		text("district", e.District).text("description", e.Description).
		text("tracking_number", e.TrackingNumber).at("due_at", e.DueAt)
	if e.Plot != nil {
		f.text("plot", e.Plot.String())
	}
	f.personal("applicant_name", e.Personal.Name).personal("national_id", e.Personal.NationalID).
		personal("phone", e.Personal.Phone).personal("address", e.Personal.Address).
		personal("postal_code", e.Personal.PostalCode)
	return f
}

func (e *IntakeAccepted) Facts() []Fact {
	var f factList
	f.text("note", e.Note)
	return f
}

func (e *DocumentsRequested) Facts() []Fact {
	var f factList
	for _, r := range e.Requests {
		f.text("document_requested", strings.TrimSuffix(r.Document+" ("+r.Kind+"): "+r.Note, ": "))
	}
	return f
}

func (e *DocumentsProvided) Facts() []Fact {
	var f factList
	f.text("documents", strings.Join(e.Documents, ", ")).num("paused_working_days", int64(e.PausedWorkingDays)).at("due_at", e.DueAt)
	return f
}

func (e *Assigned) Facts() []Fact {
	var f factList
	f.text("assignee", e.Assignee).text("department", e.Department)
	return f
}

func (e *InspectionScheduled) Facts() []Fact {
	var f factList
	f.text("inspector", e.Inspector).at("inspection_on", e.On)
	return f
}

func (e *InspectionRecorded) Facts() []Fact {
	var f factList
	f.text("findings", e.Findings).num("measured_area_dm2", e.MeasuredAreaDM2).flag("violation_found", e.ViolationFound)
	f.text("inspector", e.Inspector).text("location", e.Location)
	if e.OnPatrol {
		f.flag("on_patrol", true)
	}
	return f
}

func (e *ReviewRecorded) Facts() []Fact {
	var f factList
	f.text("summary", e.Summary)
	return f
}

func (e *ReferredToCommission) Facts() []Fact {
	var f factList
	f.text("commission", string(e.Commission)).text("reason", e.Reason)
	return f
}

func (e *CommissionRuled) Facts() []Fact {
	var f factList
	f.text("outcome", string(e.Outcome)).text("ruling_summary", e.Summary)
	return f
}

func (e *FeeAssessed) Facts() []Fact {
	var f factList
	f.text("schedule_version", e.Assessment.ScheduleVersion)
	for _, l := range e.Assessment.Lines {
		f.text("fee_line", l.Code+" "+l.TitleFa+": "+strconv.FormatInt(l.Amount, 10))
	}
	f.num("rounding_rials", e.Assessment.RoundingRials).num("fee_total", e.Assessment.Total)
	f.bill(e.Bill)
	return f
}

func (e *FeeWaived) Facts() []Fact {
	var f factList
	f.num("waived_rials", e.Rials).text("reason", e.Reason)
	return f
}

func (e *PaymentRecorded) Facts() []Fact {
	var f factList
	f.num("paid_rials", e.Rials).text("channel", e.Channel).text("reference", e.Reference).
		num("instalment", int64(e.Instalment)).num("paid_total", e.PaidTotal).flag("paid_in_full", e.PaidInFull)
	f.bill(e.Bill)
	return f
}

func (e *Decided) Facts() []Fact {
	var f factList
	f.text("outcome", string(e.Outcome))
	for _, r := range e.Reasons {
		f.text("reason", r)
	}
	f.text("legal_basis", e.LegalBasis)
	return f
}

func (e *Issued) Facts() []Fact {
	var f factList
	f.text("document", e.Document).text("number", e.Number).text("verification_code", e.VerificationCode)
	if e.ValidUntil != nil {
		f.at("valid_until", *e.ValidUntil)
	}
	if z := e.Zoning; z != nil {
		f.text("zone", z.Zone).text("permitted_uses", strings.Join(z.PermittedUses, ", ")).
			num("density_percent", int64(z.DensityPercent)).num("coverage_percent", int64(z.CoveragePercent)).
			text("max_height_m", metres(z.MaxHeightM)).num("max_floors", int64(z.MaxFloors)).
			text("setbacks_m", "front "+metres(z.Setbacks.FrontM)+", side "+metres(z.Setbacks.SideM)+", rear "+metres(z.Setbacks.RearM)).
			text("remarks", z.Remarks)
	}
	return f
}

// metres writes a length as recorded, without trailing zeros.
func metres(m float64) string { return strconv.FormatFloat(m, 'f', -1, 64) }

// Facts: the event is the fact; the status change shows it.
func (e *Expired) Facts() []Fact { return nil }

func (e *Renewed) Facts() []Fact {
	var f factList
	f.at("valid_until", e.ValidUntil)
	return f
}

func (e *Revoked) Facts() []Fact {
	var f factList
	f.text("reason", e.Reason)
	return f
}

func (e *Withdrawn) Facts() []Fact {
	var f factList
	f.text("reason", e.Reason)
	return f
}

func (e *Cancelled) Facts() []Fact {
	var f factList
	f.text("reason", e.Reason)
	return f
}

func (e *Closed) Facts() []Fact {
	var f factList
	f.text("reason", e.Reason)
	return f
}

func (e *Reopened) Facts() []Fact {
	var f factList
	f.text("reason", e.Reason).text("status", string(e.Status))
	return f
}

func (e *DeadlineExtended) Facts() []Fact {
	var f factList
	f.num("extra_working_days", int64(e.Days)).text("reason", e.Reason).at("due_at", e.DueAt)
	return f
}

func (e *NoteAdded) Facts() []Fact {
	var f factList
	f.text("note", e.Text).text("visibility", e.Visibility)
	return f
}

func (e *NoticeServed) Facts() []Fact {
	var f factList
	f.at("served_on", e.ServedOn).at("defence_ends_at", e.DefenceEndsAt)
	return f
}

func (e *DefenceFiled) Facts() []Fact {
	var f factList
	f.text("statement", e.Statement).at("filed_on", e.FiledOn)
	return f
}

func (e *FirstInstanceRuled) Facts() []Fact {
	var f factList
	f.ruling(e.Ruling).at("notified_on", e.NotifiedOn).at("appeal_ends_at", e.AppealEndsAt)
	return f
}

func (e *AppealFiled) Facts() []Fact {
	var f factList
	f.text("grounds", e.Grounds).at("filed_on", e.FiledOn)
	return f
}

func (e *AppealRuled) Facts() []Fact {
	var f factList
	f.ruling(e.Ruling)
	return f
}

func (e *EnforcementStarted) Facts() []Fact {
	var f factList
	f.text("enforcement", e.Action)
	return f
}

func (e *HoldPlaced) Facts() []Fact {
	var f factList
	f.text("reason", e.Reason).text("rule", e.Rule).text("blocks", strings.Join(e.Blocks, ", "))
	return f
}

func (e *HoldReleased) Facts() []Fact {
	var f factList
	f.text("reason", e.Reason)
	return f
}

func (e *IssuanceCleared) Facts() []Fact {
	var f factList
	f.text("service", e.Service)
	return f
}

func (e *DocumentAttached) Facts() []Fact {
	var f factList
	f.text("document", e.Document).text("document_id", e.DocumentID.String()).text("sha256", e.SHA256).
		text("media_type", e.MediaType).num("size_bytes", e.Size).personal("file_name", e.Personal.FileName)
	if e.Supersedes != nil {
		f.text("supersedes", e.Supersedes.String())
	}
	return f
}

func (e *DocumentDownloaded) Facts() []Fact {
	var f factList
	f.text("document", e.Document).text("document_id", e.DocumentID.String()).text("sha256", e.SHA256)
	return f
}

// Facts of a refund due: a verified payment the case could not take, and why.
func (e *PaymentRefundDue) Facts() []Fact {
	var f factList
	f.num("refund_rials", e.Rials).text("channel", e.Channel).text("reference", e.Reference).text("reason", string(e.Reason))
	f.bill(e.Bill)
	return f
}
