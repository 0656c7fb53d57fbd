package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"go.uber.org/zap"
)

// format is how an open-data file is written.
type format int

const (
	csvFormat format = iota
	jsonFormat
)

// openDataPage lists the files and explains every field.
type openDataPage struct {
	page
	Files      []dataFile
	Dictionary []dictionaryEntry
	LogKey     string // the transparency log's public key; empty: no log published
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
	h.render(c, http.StatusOK, "opendata", openDataPage{page: newPage(l, c.Request.URL, "opendata", "data.title"),
		Files: dataFiles, Dictionary: dictionary, LogKey: h.cfg.LogPublicKey})
}

// permits serves the register. Dates are Gregorian ISO days in both formats: open data is
// read by programs first, and the dictionary says so.
func (h *Handler) permits(f format) gin.HandlerFunc {
	return func(c *gin.Context) {
		ps, err := h.cfg.Source.PermitRegister(c.Request.Context())
		if err != nil {
			h.unavailable(c, lang(c), err)
			return
		}
		if f == jsonFormat {
			openDataHeaders(c, "permits.json")
			c.JSON(http.StatusOK, ps)
			return
		}
		rows := [][]string{permitColumns}
		for _, p := range ps {
			rows = append(rows, []string{p.Number, p.Service, p.Name.Fa, p.Name.En, p.Status, day(p.Issued), optionalDay(p.ValidUntil),
				p.District, deref(p.Use), optionalInt(p.Floors), optional(p.AreaM2), strconv.FormatInt(p.FeeTotal, 10)})
		}
		h.writeCSV(c, "permits.csv", rows)
	}
}

// aggregates serves the dashboard's figures: the service table and the monthly trend, as
// one JSON document or one CSV with a "table" column telling the two apart.
func (h *Handler) aggregates(f format) gin.HandlerFunc {
	return func(c *gin.Context) {
		d, err := h.cfg.Source.Dashboard(c.Request.Context())
		if err != nil {
			h.unavailable(c, lang(c), err)
			return
		}
		if f == jsonFormat {
			openDataHeaders(c, "aggregates.json")
			c.JSON(http.StatusOK, d)
			return
		}
		rows := [][]string{aggregateColumns}
		month := monthKey(d.Month)
		for _, s := range d.Services {
			rows = append(rows, []string{"service", s.Key, month, count(s.CasesThisMonth), optional(s.MedianDays),
				strconv.Itoa(s.DeadlineDays), optional(s.WithinDeadline), count(s.WaitingOnStaff), count(s.WaitingOnApplicant),
				"", "", "", "", "", day(d.Recent.From), day(d.Recent.To), count(s.Recent.Submitted), count(s.Recent.Decided),
				optional(s.Recent.MeanDays), optional(s.Recent.WithinDeadline)})
		}
		for _, m := range d.Trend {
			rows = append(rows, []string{"month", "", monthKey(m.Month), "", "", "", "", "", "",
				count(m.Submitted), count(m.Decided), count(m.ViolationsReported), count(m.ViolationsRuled),
				strconv.FormatInt(m.FeesCollected, 10), "", "", "", "", "", ""})
		}
		h.writeCSV(c, "aggregates.csv", rows)
	}
}

func (h *Handler) writeCSV(c *gin.Context, name string, rows [][]string) {
	openDataHeaders(c, name)
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Status(http.StatusOK)
	w := csv.NewWriter(c.Writer)
	if err := w.WriteAll(rows); err != nil {
		h.log.Warn("write open data", zap.String("file", name), zap.Error(err))
	}
}

func openDataHeaders(c *gin.Context, name string) {
	c.Header("Content-Disposition", `inline; filename="`+name+`"`)
	c.Header("Access-Control-Allow-Origin", "*") // open data: any site may read it
	c.Header("X-Content-Type-Options", "nosniff")
}

// count writes a suppressed cell as empty, never as a number.
func count(c Count) string {
	if c.Suppressed {
		return ""
	}
	return strconv.Itoa(c.N)
}

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

func optionalDay(t *time.Time) string {
	if t == nil {
		return ""
	}
	return day(*t)
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
