package web

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/projections/certificates"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/tlog"
	"github.com/shafaf-city/shafaf/projections/transparency"
)

// ReadModels is the Source the binary serves: the transparency read model (already stripped
// of personal data, small cells hidden) and the certificate registry, with service names and
// deadlines from the catalogue, and the projector's status for how fresh they are.
type ReadModels struct {
	Transparency transparency.Reader
	Certificates certificates.Reader
	// Cases answers /track (casesummary.Reader).
	Cases Tracker
	// Links answers the texts' short links /c/{token} (outbox.Links); nil resolves none.
	Links     LinkResolver
	Catalogue *catalogue.Catalogue
	// Status reports where the projections stand (the projector runtime's Status).
	Status func(ctx context.Context) ([]projector.ProjectionStatus, error)
	Now    func() time.Time // nil: the wall clock
	// Log is the transparency log's checkpoint history (tlog.Log); nil publishes none.
	Log Checkpoints

	fresh freshCache
}

// Checkpoints gives the transparency log's newest signed checkpoint.
type Checkpoints interface {
	Latest(ctx context.Context) (tlog.Checkpoint, error)
}

var _ Source = (*ReadModels)(nil)

// trendMonths is how far back the monthly charts go.
const trendMonths = 12

// recentDays is the run of days the service, district and city tables cover: a whole month's
// worth on any day of the month, never month-to-date.
const recentDays = 30

// Dashboard reads the city, its services and districts over the last recentDays, its open
// cases, the monthly trend and how fresh it all is.
func (m *ReadModels) Dashboard(ctx context.Context) (Dashboard, error) {
	now := m.now()
	asOf, fresh, err := m.Freshness(ctx)
	if err != nil {
		return Dashboard{}, err
	}
	s, err := m.Transparency.Summary(ctx, now, recentDays)
	if err != nil {
		return Dashboard{}, fmt.Errorf("transparency summary: %w", err)
	}
	d := Dashboard{AsOf: asOf, Freshness: fresh, Recent: Days{From: s.From, To: s.To, N: recentDays},
		City: figuresOf(s.City), Open: openOf(s.Open)}
	for _, svc := range m.Catalogue.Services() {
		row := ServiceStats{Key: svc.Key, Name: svc.Name, DeadlineDays: svc.Deadline.Days}
		seen := false
		for _, f := range s.Services {
			if f.Key == svc.Key {
				row.Figures, seen = figuresOf(f), true
			}
		}
		for _, b := range s.Backlogs {
			if b.Key == svc.Key {
				row.Open, seen = openOf(b), true
			}
		}
		if seen {
			d.Services = append(d.Services, row)
		}
	}
	for _, f := range s.Districts {
		d.Districts = append(d.Districts, DistrictStats{District: f.Key, Figures: figuresOf(f)})
	}
	current := bucketOf(jalali.FromTime(now))
	for _, ms := range s.Months[max(len(s.Months)-trendMonths, 0):] {
		mo, ok := parseBucket(ms.Month)
		if !ok {
			continue
		}
		d.Trend = append(d.Trend, MonthStats{Month: mo, Partial: ms.Month == current, Figures: figuresOf(ms.Figures),
			ViolationsReported: countOf(ms.ViolationsReported), ViolationsRuled: countOf(ms.ViolationsRuled), FeesCollected: ms.FeesCollected})
	}
	if d.Log, err = m.checkpoint(ctx); err != nil {
		return Dashboard{}, err
	}
	return d, nil
}

// checkpoint is the log's newest signed checkpoint (size 0 before the first); nil when no
// log is published.
func (m *ReadModels) checkpoint(ctx context.Context) (*LogCheckpoint, error) {
	if m.Log == nil {
		return nil, nil
	}
	cp, err := m.Log.Latest(ctx)
	if err != nil && !errors.Is(err, tlog.ErrNoCheckpoint) {
		return nil, fmt.Errorf("transparency log: %w", err)
	}
	return &LogCheckpoint{Size: cp.Size, Root: cp.Root, SignedAt: cp.SignedAt}, nil
}

func (m *ReadModels) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// Verify asks the certificate registry, adding the service's name from the catalogue.
func (m *ReadModels) Verify(ctx context.Context, number, code string) (Verification, error) {
	v, err := m.Certificates.Verify(ctx, number, code)
	if err != nil {
		return Verification{}, err
	}
	out := Verification{Status: CertificateStatus(v.Status), Number: v.Number, ValidUntil: v.ValidUntil, District: v.District, Zoning: v.Zoning}
	if v.IssuedAt != nil {
		out.Issued = *v.IssuedAt
	}
	if svc, ok := m.Catalogue.Service(v.Service); ok {
		out.Service = svc.Name
	}
	if v.Plot != nil && v.Section != nil {
		out.Plot, out.Section = *v.Plot, *v.Section
	}
	out.Document, out.Facts = v.Document, facts(v)
	return out, nil
}

// facts are what the document attests beyond its number, service, plot and dates, in the
// order the pages list them: what it permits, as its case's fee assessment recorded it (a zero,
// no floors given, is not stated), then a land-use reply's zoning.
func facts(v certificates.Verification) []Fact {
	var out []Fact
	if v.LandUse != nil && *v.LandUse != "" {
		out = append(out, Fact{Key: "land_use", Text: catalogue.Text{Fa: Fa.T("use." + *v.LandUse), En: En.T("use." + *v.LandUse)}})
	}
	if v.Floors != nil && *v.Floors > 0 {
		out = append(out, Fact{Key: "floors", Number: float64(*v.Floors)})
	}
	if v.AreaDM2 != nil && *v.AreaDM2 > 0 {
		out = append(out, Fact{Key: "area", Number: float64(*v.AreaDM2) / 100, Unit: "m2"})
	}
	if v.Zoning != nil {
		out = append(out, zoningFacts(*v.Zoning)...)
	}
	return out
}

// zoningFacts word a land-use reply in both languages, lengths to the centimetre as stated.
func zoningFacts(z cases.ZoningReply) []Fact {
	both := func(say func(l Lang) string) catalogue.Text { return catalogue.Text{Fa: say(Fa), En: say(En)} }
	out := []Fact{
		{Key: "zone", Text: both(func(l Lang) string { return l.Text(z.Zone.Name) + " (" + z.Zone.Code + ")" })},
		{Key: "permitted_uses", Text: both(func(l Lang) string {
			names := make([]string, len(z.PermittedUses))
			for i, u := range z.PermittedUses {
				names[i] = l.Text(u.Name)
			}
			return strings.Join(names, l.T("comma")+" ")
		})},
		{Key: "density", Text: both(func(l Lang) string {
			return l.Int(int64(z.DensityPercent)) + l.T("percent") + " (" + l.T("far") + " " + l.Digits(strconv.FormatFloat(z.FAR, 'f', -1, 64)) + ")"
		})},
		{Key: "coverage", Text: both(func(l Lang) string { return l.Int(int64(z.CoveragePercent)) + l.T("percent") })},
		{Key: "max_height", Text: both(func(l Lang) string {
			return l.Metres(z.MaxHeightM) + l.T("comma") + " " + l.Int(int64(z.MaxFloors)) + " " + l.T("storeys")
		})},
		{Key: "setbacks", Text: both(func(l Lang) string {
			s := z.Setbacks
			return l.Metres(s.FrontM) + l.T("comma") + " " + l.Metres(s.SideM) + l.T("comma") + " " + l.Metres(s.RearM)
		})},
	}
	if z.Remarks != "" {
		out = append(out, Fact{Key: "remarks", Text: catalogue.Text{Fa: z.Remarks, En: z.Remarks}})
	}
	return out
}

// PermitRegister reads the whole register page by page, newest first.
func (m *ReadModels) PermitRegister(ctx context.Context) ([]Permit, error) {
	const page = 1000
	var out []Permit
	for offset := 0; ; offset += page {
		ps, err := m.Transparency.Permits(ctx, page, offset)
		if err != nil {
			return nil, fmt.Errorf("permit register: %w", err)
		}
		for _, p := range ps {
			row := Permit{Number: p.PermitNumber, Service: p.Service, Status: p.Status, Issued: Date{p.IssuedAt},
				District: p.District, Use: p.LandUse, Floors: p.Floors, AreaM2: p.AreaM2, FeeTotal: p.FeeTotal}
			if p.ValidUntil != nil {
				row.ValidUntil = &Date{*p.ValidUntil}
			}
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

// publicModels are the projections the public pages read.
var publicModels = []string{transparency.Name, dashboard.Name, certificates.Name}

// behindAfter is how far a read model may trail the log before the pages say so.
const behindAfter = 5 * time.Minute

// Freshness is now when every public read model has caught up, else the time of the oldest
// event one of them has yet to read. The projector's status reads the log, so it is asked at
// most every freshEvery.
func (m *ReadModels) Freshness(ctx context.Context) (time.Time, Freshness, error) {
	now := m.now()
	if m.Status == nil {
		return now, Freshness{}, nil
	}
	return m.fresh.get(now, func() (time.Time, Freshness, error) {
		all, err := m.Status(ctx)
		if err != nil {
			return time.Time{}, Freshness{}, fmt.Errorf("projection status: %w", err)
		}
		asOf, f := now, Freshness{}
		for _, s := range all {
			if !slices.Contains(publicModels, s.Name) {
				continue
			}
			lag := time.Duration(s.LagSeconds * float64(time.Second))
			if t := now.Add(-lag); t.Before(asOf) {
				asOf = t
			}
			f.Behind = f.Behind || lag > behindAfter || s.State == projector.StateStandby
			f.Parked += len(s.Parked)
		}
		return asOf, f, nil
	})
}

// freshEvery is how long one status answer serves the pages.
const freshEvery = 10 * time.Second

// freshCache keeps the last freshness answer for freshEvery.
type freshCache struct {
	mu   sync.Mutex
	at   time.Time
	asOf time.Time
	f    Freshness
}

// get answers from the cache, or from read when it is older than freshEvery.
func (c *freshCache) get(now time.Time, read func() (time.Time, Freshness, error)) (time.Time, Freshness, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && now.Sub(c.at) >= 0 && now.Sub(c.at) < freshEvery {
		return c.asOf, c.f, nil
	}
	asOf, f, err := read()
	if err != nil {
		return asOf, f, err
	}
	c.at, c.asOf, c.f = now, asOf, f
	return asOf, f, nil
}

// figuresOf turns the read model's nil-when-hidden figures into the page's.
func figuresOf(f transparency.Figures) Figures {
	return Figures{Submitted: countOf(f.Submitted), Decided: countOf(f.Decided), MedianDays: f.MedianDays, WithinDeadline: f.WithinDeadline}
}

func openOf(o transparency.OpenCases) OpenCases {
	return OpenCases{WaitingOnStaff: countOf(o.WaitingStaff), WaitingOnApplicant: countOf(o.WaitingApplicant)}
}

// countOf turns the read model's nil-when-hidden count into a Count.
func countOf(n *int) Count {
	if n == nil {
		return Count{Suppressed: true}
	}
	return Count{N: *n}
}

// bucketOf writes a Jalali day's month as the read model's bucket, "1405/03".
func bucketOf(d jalali.Date) string { return fmt.Sprintf("%04d/%02d", d.Year, d.Month) }

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
