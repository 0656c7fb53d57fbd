package casesummary

import (
	"encoding/json"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// apply changes the row as an event after submission says. Where the case stands comes from
// the domain's fold of its progress; the rest are facts the events carry.
func (r *row) apply(ev domain.Event) error {
	if err := r.evolve(ev); err != nil {
		return err
	}
	switch e := ev.(type) {
	case *cases.IntakeAccepted:
		r.IntakeAt = ptr(e.At)
	case *cases.Decided:
		reasons, err := json.Marshal(e.Reasons)
		if err != nil {
			return err
		}
		r.DecidedAt, r.Reasons, r.LegalBasis = ptr(e.At), reasons, ptr(e.LegalBasis)
	case *cases.Assigned:
		r.Assignee, r.Department = ptr(e.Assignee), ptr(e.Department)
	case *cases.DocumentsRequested:
		docs := make([]string, len(e.Requests))
		for i, req := range e.Requests {
			docs[i] = req.Document
		}
		outstanding, err := json.Marshal(docs)
		if err != nil {
			return err
		}
		r.Outstanding = outstanding
	case *cases.DocumentsProvided:
		r.Outstanding = json.RawMessage(`[]`)
	case *cases.Issued:
		r.CertificateNumber, r.VerificationCode, r.ValidUntil, r.Zoning = ptr(e.Number), nonEmpty(e.VerificationCode), nil, nil
		if e.ValidUntil != nil {
			r.ValidUntil = ptr(*e.ValidUntil)
		}
		if e.Zoning != nil {
			z, err := json.Marshal(e.Zoning)
			if err != nil {
				return err
			}
			r.Zoning = ptr(string(z))
		}
	case *cases.Renewed:
		r.ValidUntil = ptr(e.ValidUntil)
	}
	return nil
}

// evolve folds the event into the case's progress and copies what it says into the columns.
func (r *row) evolve(ev domain.Event) error {
	p, err := r.progress.Evolve(r.Progress, ev)
	if err != nil {
		return err
	}
	r.Status, r.WaitingOn = string(p.Status), string(p.WaitingOn())
	r.DueAt, r.DaysPaused, r.StaffDays = ptr(p.DueAt), p.Clock.ApplicantDays, p.Clock.StaffDays
	r.ResumeStatus, r.Outcome = nonEmpty(string(p.Resume)), nonEmpty(string(p.Outcome))
	r.FeeTotal, r.Fine, r.FeePaid, r.FeeWaived = p.Money.FeeTotal, p.Money.Fine, p.Money.Paid, p.Money.Waived
	return nil
}

// Settle writes the folded progress into its column before the row is saved.
func (r *row) Settle() (err error) {
	r.Progress, err = r.progress.Encode(r.Progress)
	return err
}
