package web

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/certificates"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/tlog"
	"github.com/shafaf-city/shafaf/projections/transparency"
)

// ReadModels is the Source the binary serves: the transparency read model (already stripped
// of personal data, small cells suppressed) and the certificate registry, with service names
// and deadlines from the catalogue.
type ReadModels struct {
	Transparency transparency.Reader
	Certificates certificates.Reader
	Catalogue    *catalogue.Catalogue
	Now          func() time.Time // nil: the wall clock
	// Log is the transparency log's checkpoint history (tlog.Log); nil publishes none.
	Log Checkpoints
}

// Checkpoints gives the transparency log's newest signed checkpoint.
type Checkpoints interface {
	Latest(ctx context.Context) (tlog.Checkpoint, error)
}

var _ Source = ReadModels{}

// trendMonths is how far back the monthly charts go.
const trendMonths = 12

// recentDays is the rolling window shown beside "this month", which may be a few days old.
const recentDays = 30

// Dashboard reads this month's and the last recentDays' figures per service and the monthly
// trend.
func (m ReadModels) Dashboard(ctx context.Context) (Dashboard, error) {
	now := time.Now()
	if m.Now != nil {
		now = m.Now()
	}
	today := jalali.FromTime(now)
	d := Dashboard{AsOf: now, Month: Month{Year: today.Year, Month: today.Month}, Recent: lastDays(now, recentDays)}
	cells, err := m.Transparency.Aggregates(ctx, dashboard.ByService, dashboard.Month)
	if err != nil {
		return Dashboard{}, fmt.Errorf("transparency aggregates: %w", err)
	}
	backlogs, err := m.Transparency.Backlogs(ctx)
	if err != nil {
		return Dashboard{}, fmt.Errorf("transparency backlogs: %w", err)
	}
	months, err := m.Transparency.Months(ctx)
	if err != nil {
		return Dashboard{}, fmt.Errorf("transparency months: %w", err)
	}
	windows, err := m.Transparency.Window(ctx, dashboard.ByService, now, recentDays)
	if err != nil {
		return Dashboard{}, fmt.Errorf("transparency window: %w", err)
	}
	d.Services = m.services(cells, backlogs, windows, bucketOf(d.Month))
	d.Trend = trend(cells, months)
	if m.Log != nil {
		cp, err := m.Log.Latest(ctx)
		if err != nil && !errors.Is(err, tlog.ErrNoCheckpoint) {
			return Dashboard{}, fmt.Errorf("transparency log: %w", err)
		}
		d.Log = &LogCheckpoint{Size: cp.Size, Root: cp.Root, SignedAt: cp.SignedAt}
	}
	return d, nil
}

// services is one row per catalogue service that has any case, in catalogue order.
func (m ReadModels) services(cells []transparency.Cell, backlogs []transparency.Backlog, windows []transparency.Window, month string) []ServiceStats {
	var out []ServiceStats
	for _, svc := range m.Catalogue.Services() {
		row := ServiceStats{Key: svc.Key, Name: svc.Name, DeadlineDays: svc.Deadline.Days}
		seen := false
		for _, c := range cells {
			if c.Key != svc.Key {
				continue
			}
			seen = true
			if c.Bucket == month {
				row.CasesThisMonth = countOf(c.Submitted)
				row.MedianDays, row.WithinDeadline = c.MedianDays, c.WithinDeadline
			}
		}
		if i := slices.IndexFunc(backlogs, func(b transparency.Backlog) bool { return b.Service == svc.Key }); i >= 0 {
			seen = true
			row.WaitingOnStaff, row.WaitingOnApplicant = countOf(backlogs[i].WaitingStaff), countOf(backlogs[i].WaitingApplicant)
		}
		if i := slices.IndexFunc(windows, func(w transparency.Window) bool { return w.Key == svc.Key }); i >= 0 {
			seen = true
			w := windows[i]
			row.Recent = WindowStats{Submitted: countOf(w.Submitted), Decided: countOf(w.Decided), MeanDays: w.MeanDays, WithinDeadline: w.WithinDeadline}
		}
		if seen {
			out = append(out, row)
		}
	}
	return out
}

// trend is the city's last months. Submitted and decided are the sums of the published
// service cells: adding suppressed cells back would let a reader recover them by subtraction.
func trend(cells []transparency.Cell, months []transparency.MonthFigures) []MonthStats {
	byMonth := map[string]*MonthStats{}
	at := func(bucket string) *MonthStats {
		if s, ok := byMonth[bucket]; ok {
			return s
		}
		mo, ok := parseBucket(bucket)
		if !ok {
			return nil
		}
		s := &MonthStats{Month: mo}
		byMonth[bucket] = s
		return s
	}
	for _, c := range cells {
		if s := at(c.Bucket); s != nil {
			s.Submitted.N += deref0(c.Submitted)
			s.Decided.N += deref0(c.Decided)
		}
	}
	for _, f := range months {
		if s := at(f.Month); s != nil {
			s.ViolationsReported = Count{N: int(f.ViolationsReported)}
			s.ViolationsRuled = Count{N: int(f.ViolationsRuled)}
			s.FeesCollected = f.FeesCollected
		}
	}
	out := make([]MonthStats, 0, len(byMonth))
	for _, s := range byMonth {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b MonthStats) int {
		return (a.Month.Year*100 + a.Month.Month) - (b.Month.Year*100 + b.Month.Month)
	})
	if len(out) > trendMonths {
		out = out[len(out)-trendMonths:]
	}
	return out
}

// Verify asks the certificate registry, adding the service's name from the catalogue.
func (m ReadModels) Verify(ctx context.Context, number, code string) (Verification, error) {
	v, err := m.Certificates.Verify(ctx, number, code)
	if err != nil {
		return Verification{}, err
	}
	out := Verification{Status: CertificateStatus(v.Status), Number: v.Number, ValidUntil: v.ValidUntil, District: v.District}
	if v.IssuedAt != nil {
		out.Issued = *v.IssuedAt
	}
	if svc, ok := m.Catalogue.Service(v.Service); ok {
		out.Service = svc.Name
	}
	return out, nil
}

// PermitRegister reads the whole register page by page, newest first.
func (m ReadModels) PermitRegister(ctx context.Context) ([]Permit, error) {
	const page = 1000
	var out []Permit
	for offset := 0; ; offset += page {
		ps, err := m.Transparency.Permits(ctx, page, offset)
		if err != nil {
			return nil, fmt.Errorf("permit register: %w", err)
		}
		for _, p := range ps {
			row := Permit{Number: p.PermitNumber, Service: p.Service, Status: p.Status, Issued: p.IssuedAt, ValidUntil: p.ValidUntil,
				District: p.District, Use: p.LandUse, Floors: p.Floors, AreaM2: p.AreaM2, FeeTotal: p.FeeTotal}
			if svc, ok := m.Catalogue.Service(p.Service); ok {
				row.Name = svc.Name
			}
			out = append(out, row)
		}
		if len(ps) < page {
			return out, nil
		}
	}
}

// lastDays is the run of n Tehran days that ends with now's.
func lastDays(now time.Time, n int) Days {
	t := now.In(jalali.Tehran())
	to := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return Days{From: to.AddDate(0, 0, 1-n), To: to, N: n}
}

// countOf turns the read model's nil-when-suppressed count into a Count.
func countOf(n *int) Count {
	if n == nil {
		return Count{Suppressed: true}
	}
	return Count{N: *n}
}

func deref0(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// bucketOf writes a month as the read model's bucket, "1405/03".
func bucketOf(m Month) string { return fmt.Sprintf("%04d/%02d", m.Year, m.Month) }

// parseBucket reads "1405/03".
func parseBucket(b string) (Month, bool) {
	y, mo, ok := strings.Cut(b, "/")
	year, err1 := strconv.Atoi(y)
	month, err2 := strconv.Atoi(mo)
	if !ok || err1 != nil || err2 != nil || month < 1 || month > 12 {
		return Month{}, false
	}
	return Month{Year: year, Month: month}, true
}
