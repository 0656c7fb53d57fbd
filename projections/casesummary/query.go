package casesummary

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/billing"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/lifecycle"
	"github.com/shafaf-city/shafaf/domain/workdays"
	"github.com/shafaf-city/shafaf/projections/certificates"
)

// Case is one row of the read model as the API shows it.
type Case struct {
	ID               uuid.UUID  `json:"id"`
	TrackingNumber   *string    `json:"tracking_number,omitempty"` // none on cases older than numbers
	Service          string     `json:"service"`
	CatalogueVersion string     `json:"catalogue_version"`
	Channel          string     `json:"channel"`
	District         string     `json:"district"`
	Status           string     `json:"status"`
	SubmittedAt      time.Time  `json:"submitted_at"`
	IntakeAt         *time.Time `json:"intake_at,omitempty"`
	DecidedAt        *time.Time `json:"decided_at,omitempty"`
	Outcome          *string    `json:"outcome,omitempty"`
	Reasons          []string   `json:"reasons"`
	LegalBasis       *string    `json:"legal_basis,omitempty"`
	Flow             string     `json:"flow"`
	Plot             *string    `json:"plot,omitempty"`
	Assignee         *string    `json:"assignee,omitempty"`
	Department       *string    `json:"department,omitempty"`
	DueAt            *time.Time `json:"due_at,omitempty"`
	DaysPaused       int        `json:"days_paused"` // working days waited on the applicant
	StaffDays        int        `json:"staff_days"`  // working days with staff, up to the last pause
	WaitingOn        string     `json:"waiting_on"`  // a lifecycle.Party, from the status
	FeeTotal         int64      `json:"fee_total"`
	Fine             int64      `json:"fine"`
	FeePaid          int64      `json:"fee_paid"`
	FeeWaived        int64      `json:"fee_waived"`
	// Bill is what is still owed as the banks take it (شناسه قبض / شناسه پرداخت), payable at
	// any bank or online; RefundDue is money taken that the case did not owe.
	Bill        *billing.Bill `json:"bill,omitempty"`
	RefundDue   int64         `json:"refund_due,omitempty"`
	Certificate *string       `json:"certificate_number,omitempty"`
	ValidUntil  *time.Time    `json:"valid_until,omitempty"`
	Revision    uint64        `json:"revision"`
	// What the case says to people (explain): status in Persian and English, the next steps
	// and who takes them, dates in Jalali, the legal clock in working days, the documents still
	// asked for and, once issued, the code that verifies the certificate.
	StatusText       lifecycle.Text `json:"status_text"`
	NextActions      []NextAction   `json:"next_actions"`
	Due              *Moment        `json:"due,omitempty"`
	ValidUntilText   *Moment        `json:"valid_until_date,omitempty"`
	WorkingDays      *WorkingDays   `json:"working_days,omitempty"`
	Outstanding      []string       `json:"outstanding_documents"`
	VerificationCode *string        `json:"verification_code,omitempty"`
	// Zoning is what a land-use reply states, its codes named in both languages.
	Zoning *cases.ZoningReply `json:"zoning,omitempty"`
	// CertificateURL is the printable certificate on the public site, once one is issued.
	CertificateURL *string `json:"certificate_url,omitempty"`
	// ApplicantDue is when the applicant should answer the open request for documents.
	ApplicantDue   *ApplicantDue `json:"applicant_due,omitempty"`
	clockSince     *time.Time    // start of the legal clock's current stretch
	applicantDueAt *time.Time    // the progress's ApplicantDueAt
	Access         Access        `json:"-"`
}

// caseColumns are the columns scanCase reads, in its order.
const caseColumns = `case_id, service, catalogue_version, channel, district, status,
	submitted_at, intake_at, decided_at, outcome, reasons, legal_basis, flow, plot, assignee, department,
	due_at, days_paused, staff_days, waiting_on, fee_total, fine, fee_paid, fee_waived, certificate_number,
	valid_until, revision, tracking_number, outstanding_documents, verification_code, zoning,
	(progress->'clock'->>'Since')::timestamptz, (progress->>'applicant_due_at')::timestamptz, progress->'money'->'bill', COALESCE((progress->'money'->>'refund_due')::bigint, 0), COALESCE(service_group, ''), COALESCE(owner_subject, ''), COALESCE(applicant_nid_hash, '')`

// scanCase reads one row selected with caseColumns.
func scanCase(row pgx.Row) (Case, error) {
	var c Case
	if err := scanCaseInto(row, &c); err != nil {
		return Case{}, err
	}
	return c, nil
}

// scanCaseInto is scanCase into a Case the caller holds, such as a slice's element: a list
// then allocates no Case of its own per row.
func scanCaseInto(row pgx.Row, c *Case) error {
	var reasons, outstanding, zoning []byte
	var rev int64
	err := row.Scan(&c.ID, &c.Service, &c.CatalogueVersion, &c.Channel,
		&c.District, &c.Status, &c.SubmittedAt, &c.IntakeAt, &c.DecidedAt, &c.Outcome, &reasons, &c.LegalBasis,
		&c.Flow, &c.Plot, &c.Assignee, &c.Department, &c.DueAt, &c.DaysPaused, &c.StaffDays, &c.WaitingOn,
		&c.FeeTotal, &c.Fine, &c.FeePaid, &c.FeeWaived, &c.Certificate, &c.ValidUntil, &rev, &c.TrackingNumber, &outstanding, &c.VerificationCode, &zoning, &c.clockSince, &c.applicantDueAt, &c.Bill, &c.RefundDue,
		&c.Access.Group, &c.Access.OwnerSubject, &c.Access.ApplicantNIDHash)
	if err != nil {
		return err
	}
	c.Revision = uint64(rev)
	if err := json.Unmarshal(outstanding, &c.Outstanding); err != nil {
		return err
	}
	if zoning != nil {
		var z cases.Zoning
		if err := json.Unmarshal(zoning, &z); err != nil {
			return err
		}
		c.Zoning = ptr(z.Reply())
	}
	return json.Unmarshal(reasons, &c.Reasons)
}

// Get reads one case; tx must see the live generation of the projection's tables.
func Get(ctx context.Context, tx pgx.Tx, id uuid.UUID) (Case, error) {
	c, err := scanCase(tx.QueryRow(ctx, `SELECT `+caseColumns+` FROM case_summary WHERE case_id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Case{}, access.CaseNotFound()
	}
	return c, err
}

// GetByNumber reads the case with tracking number n (in its printed form, tracking.Number).
func GetByNumber(ctx context.Context, tx pgx.Tx, n string) (Case, error) {
	c, err := scanCase(tx.QueryRow(ctx, `SELECT `+caseColumns+` FROM case_summary WHERE tracking_number = $1`, n))
	if errors.Is(err, pgx.ErrNoRows) {
		return Case{}, access.CaseNotFound()
	}
	return c, err
}

// GetMany reads the cases of ids in one query, in the order of ids; ids with no row are left
// out (a list page may race a rebuild).
func GetMany(ctx context.Context, tx pgx.Tx, ids []uuid.UUID) ([]Case, error) {
	rows, err := tx.Query(ctx, `SELECT `+caseColumns+` FROM case_summary WHERE case_id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]Case, 0, len(ids))
	for rows.Next() {
		out = append(out, Case{})
		if err := scanCaseInto(rows, &out[len(out)-1]); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	at := make(map[uuid.UUID]int, len(ids))
	for i, id := range slices.Backward(ids) {
		at[id] = i // the first place an id is asked for
	}
	slices.SortFunc(out, func(a, b Case) int { return cmp.Compare(at[a.ID], at[b.ID]) })
	return out, nil
}

// Reads opens a transaction on the live generation of a projection's tables.
type Reads interface {
	Read(ctx context.Context, name string, fn func(tx pgx.Tx) error) error
}

// Reader answers case lookups and lists from the live generation.
type Reader struct {
	Reads Reads
	// Now is the clock that says which cases are overdue; nil: time.Now.
	Now func() time.Time
	// Calendar counts working days; nil: workdays.Default().
	Calendar *workdays.Calendar
	// Links make a case's certificate_url (the public site's address); zero: a path on the site.
	Links certificates.Links
}

// explain fills what cases say to people, at the reader's now.
func (r Reader) explain(cs []Case) {
	cal := r.Calendar
	if cal == nil {
		cal = workdays.Default()
	}
	now := r.now()
	for i := range cs {
		explain(&cs[i], now, cal)
		if c := &cs[i]; c.Certificate != nil && c.VerificationCode != nil {
			u := r.Links.Print(*c.Certificate, *c.VerificationCode)
			c.CertificateURL = &u
		}
	}
}

func (r Reader) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

// Get reads one case.
func (r Reader) Get(ctx context.Context, id uuid.UUID) (Case, error) {
	return r.one(ctx, func(tx pgx.Tx) (Case, error) { return Get(ctx, tx, id) })
}

// GetByNumber reads the case with tracking number n.
func (r Reader) GetByNumber(ctx context.Context, n string) (Case, error) {
	return r.one(ctx, func(tx pgx.Tx) (Case, error) { return GetByNumber(ctx, tx, n) })
}

// one runs a one-case read on the live generation.
func (r Reader) one(ctx context.Context, get func(tx pgx.Tx) (Case, error)) (Case, error) {
	var c Case
	err := r.Reads.Read(ctx, Name, func(tx pgx.Tx) error {
		var err error
		c, err = get(tx)
		return err
	})
	if err != nil {
		return Case{}, err
	}
	cs := []Case{c}
	r.explain(cs)
	return cs[0], nil
}
