package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/httpapi"
)

// format is how an open-data file is written.
type format int

const (
	csvFormat format = iota
	jsonFormat
)

// Licence is the open-data licence every file is published under.
const (
	Licence    = "CC BY 4.0"
	LicenceURL = "https://creativecommons.org/licenses/by/4.0/"
)

// CSV cells that hold no number say why: hidden for privacy, or not a figure of the row's kind.
const (
	csvSuppressed    = "suppressed"
	csvNotApplicable = "na"
)

// openDataPage lists the files and explains every field.
type openDataPage struct {
	page
	Files      []dataFile
	Dictionary []dictionaryEntry
	Licence    string
	LicenceURL string
	Markers    [2]string // the CSV's suppressed and not-applicable markers
	LogKey     string    // the transparency log's public key; empty: no log published
}

// dataFile is one published data set in both formats.
type dataFile struct {
	TitleKey string
	Base     string // path without extension
}

var dataFiles = []dataFile{
	{"data.permits", "/open-data/permits"},
	{"data.aggregates", "/open-data/aggregates"},
}

func (h *Handler) openData(c *gin.Context) {
	l := lang(c)
	p := newPage(l, c.Request, "opendata", "data.title")
	h.render(c, http.StatusOK, "opendata", openDataPage{page: p, Files: dataFiles, Dictionary: dictionary,
		Licence: Licence, LicenceURL: LicenceURL, Markers: [2]string{csvSuppressed, csvNotApplicable},
		LogKey: h.cfg.LogPublicKey})
}

// permitFile is the register as JSON: the rows with when they were true and under what terms.
type permitFile struct {
	AsOf    time.Time `json:"as_of"`
	Licence string    `json:"licence"`
	Permits []Permit  `json:"permits"`
}

// permits serves the register. Dates are Gregorian ISO days in both formats: open data is
// read by programs first, and the dictionary says so.
func (h *Handler) permits(f format) gin.HandlerFunc {
	return func(c *gin.Context) {
		asOf, _, err := h.cfg.Source.Freshness(c.Request.Context())
		if err != nil {
			h.unavailable(c, lang(c), err)
			return
		}
		ps, err := h.cfg.Source.PermitRegister(c.Request.Context())
		if err != nil {
			h.unavailable(c, lang(c), err)
			return
		}
		if f == jsonFormat {
			openDataHeaders(c, "permits.json", asOf)
			httpapi.JSON(c, http.StatusOK, permitFile{AsOf: asOf, Licence: Licence, Permits: ps})
			return
		}
		rows := [][]string{permitColumns}
		for _, p := range ps {
			until := "" // a document that never expires
			if p.ValidUntil != nil {
				until = day(p.ValidUntil.Time)
			}
			rows = append(rows, []string{p.Number, p.Service, p.Name.Fa, p.Name.En, p.Status, day(p.Issued.Time), until,
				p.District, deref(p.Use), optionalInt(p.Floors), optional(p.AreaM2), strconv.FormatInt(p.FeeTotal, 10)})
		}
		h.writeCSV(c, "permits.csv", asOf, rows)
	}
}

// aggregates serves the dashboard's figures: the city, each service and district over the
// recent days and each month, as the dashboard's JSON or as one CSV with a "table" column
// telling the rows apart.
func (h *Handler) aggregates(f format) gin.HandlerFunc {
	return func(c *gin.Context) {
		d, err := h.readDashboard(c.Request.Context())
		if err != nil {
			h.unavailable(c, lang(c), err)
			return
		}
		if f == jsonFormat {
			openDataHeaders(c, "aggregates.json", d.AsOf)
			httpapi.JSON(c, http.StatusOK, struct {
				Licence string `json:"licence"`
				Dashboard
			}{Licence, d})
			return
		}
		na := csvNotApplicable
		from, to := day(d.Recent.From), day(d.Recent.To)
		recent := func(table, key, deadline string, f Figures, open *OpenCases) []string {
			staff, applicant := na, na
			if open != nil {
				staff, applicant = count(open.WaitingOnStaff), count(open.WaitingOnApplicant)
			}
			return []string{table, key, na, from, to, count(f.Submitted), count(f.Decided), figure(f.MedianDays, f.Decided),
				figure(f.WithinDeadline, f.Decided), deadline, staff, applicant, na, na, na}
		}
		rows := [][]string{aggregateColumns, recent("city", na, na, d.City, &d.Open)}
		for _, s := range d.Services {
			rows = append(rows, recent("service", s.Key, strconv.Itoa(s.DeadlineDays), s.Figures, &s.Open))
		}
		for _, s := range d.Districts {
			rows = append(rows, recent("district", s.District, na, s.Figures, nil))
		}
		for _, m := range d.Trend {
			partial := "month"
			if m.Partial {
				partial = "month_to_date"
			}
			rows = append(rows, []string{partial, na, monthKey(m.Month), na, na, count(m.Submitted), count(m.Decided),
				figure(m.MedianDays, m.Decided), figure(m.WithinDeadline, m.Decided), na, na, na,
				count(m.ViolationsReported), count(m.ViolationsRuled), strconv.FormatInt(m.FeesCollected, 10)})
		}
		h.writeCSV(c, "aggregates.csv", d.AsOf, rows)
	}
}

// utf8BOM starts every CSV so that spreadsheet programs read the Persian in it as UTF-8.
const utf8BOM = "\uFEFF"

func (h *Handler) writeCSV(c *gin.Context, name string, asOf time.Time, rows [][]string) {
	openDataHeaders(c, name, asOf)
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Status(http.StatusOK)
	if _, err := c.Writer.WriteString(utf8BOM); err != nil {
		h.log.Warn("write open data", zap.String("file", name), zap.Error(err))
		return
	}
	w := csv.NewWriter(c.Writer)
	if err := w.WriteAll(rows); err != nil {
		h.log.Warn("write open data", zap.String("file", name), zap.Error(err))
	}
}

// openDataHeaders say what the file is, that any site may read it, when it was true and under
// what licence it is published.
func openDataHeaders(c *gin.Context, name string, asOf time.Time) {
	c.Header("Content-Disposition", `inline; filename="`+name+`"`)
	c.Header("Access-Control-Allow-Origin", "*")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Last-Modified", asOf.UTC().Format(http.TimeFormat))
	c.Header("Link", `<`+LicenceURL+`>; rel="license"`)
}

// count writes a hidden cell as the suppressed marker, never as a number.
func count(c Count) string {
	if c.Suppressed {
		return csvSuppressed
	}
	return strconv.Itoa(c.N)
}

// figure writes a timing figure of the decisions counted by decided: when there were none it
// does not apply; when there were too few to publish it is suppressed.
func figure(v *float64, decided Count) string {
	switch {
	case v != nil:
		return strconv.FormatFloat(*v, 'f', -1, 64)
	case !decided.Suppressed && decided.N == 0:
		return csvNotApplicable
	}
	return csvSuppressed
}

// optional, optionalInt and deref write a permit's figure, empty when it was not recorded.
func optional(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func optionalInt(v *int) string {
	if v == nil {
		return ""
	}
	return strconv.Itoa(*v)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// day writes the Tehran civil date of t: a permit valid until the end of a Tehran day must not
// read as the day before in UTC.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(jalali.Tehran()).Format(time.DateOnly)
}

// monthKey writes a Jalali month as "1405-08".
func monthKey(m Month) string {
	return strconv.Itoa(m.Year) + "-" + twoDigits(m.Month)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
