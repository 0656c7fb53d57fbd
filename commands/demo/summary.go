package demo

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/cases"
)

// Summary is what a seeding made: counts for dashboards to match and handles tests need.
type Summary struct {
	Cases     int                  // cases submitted
	Events    int                  // events appended, plot holds and tracking-number counters included
	From, To  time.Time            // first submission and the end of the story
	ByStatus  map[cases.Status]int // cases per final status
	ByService map[string]int       // cases per service
	CaseIDs   []uuid.UUID          // every case, in the order they were planned
	// Certificates seen at the end, one of each kind when the city has one (zero otherwise).
	Valid, Revoked, Expired Certificate
	// People are the applicants' personal data, so tests can prove public outputs never show it.
	People []cases.Applicant
}

// Certificate is an issued document as a citizen holds it: the number and the code printed on it.
type Certificate struct {
	CaseID  uuid.UUID
	Service string
	Number  string
	Code    string
}

// fill reads every submitted case's final state through the commands layer.
func (s *Summary) fill(ctx context.Context, c *commands.Cases, agents []*agent) error {
	s.ByStatus, s.ByService = map[cases.Status]int{}, map[string]int{}
	for _, a := range agents {
		if a.id == uuid.Nil {
			continue
		}
		st, _, err := c.Load(ctx, a.id)
		if err != nil {
			return err
		}
		s.Cases++
		s.ByStatus[st.Status]++
		s.ByService[st.Service]++
		s.CaseIDs = append(s.CaseIDs, a.id)
		s.People = append(s.People, a.people)
		if st.Issued.Number == "" {
			continue
		}
		cert := Certificate{CaseID: a.id, Service: st.Service, Number: st.Issued.Number, Code: st.Issued.VerificationCode}
		switch {
		case st.Status == cases.StatusIssued && s.Valid.Number == "" && (st.Issued.ValidUntil == nil || st.Issued.ValidUntil.After(s.To)):
			s.Valid = cert
		case st.Status == cases.StatusRevoked && s.Revoked.Number == "":
			s.Revoked = cert
		case st.Status == cases.StatusExpired && s.Expired.Number == "":
			s.Expired = cert
		}
	}
	return nil
}
