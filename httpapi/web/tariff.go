package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// feesPage is the fee tariff in force, read from the schedule the assessments use.
type feesPage struct {
	page
	Schedule *fees.Schedule
	Items    []tariffItem
}

// tariffItem is one charge with the names of the services it applies to.
type tariffItem struct {
	fees.Item
	Services []catalogue.Text
}

func (h *Handler) fees(c *gin.Context) {
	l := lang(c)
	p := feesPage{page: newPage(l, c.Request, "fees", "fees.title"), Schedule: scheduleInForce(jalali.FromTime(h.cfg.Now()).Year)}
	if p.Schedule != nil {
		for _, it := range p.Schedule.Items {
			row := tariffItem{Item: it}
			for _, key := range it.Services {
				if svc, ok := h.cfg.Catalogue.Service(key); ok {
					row.Services = append(row.Services, svc.Name)
				}
			}
			p.Items = append(p.Items, row)
		}
	}
	h.render(c, http.StatusOK, "fees", p)
}

// scheduleInForce is this year's schedule, else the newest earlier one (a council that has not
// approved a new tariff keeps the old one); nil when there is none.
func scheduleInForce(year int) *fees.Schedule {
	var found *fees.Schedule
	for _, v := range fees.Versions() {
		if s, _ := fees.ByVersion(v); s.JalaliYear <= year && (found == nil || s.JalaliYear >= found.JalaliYear) {
			found = s
		}
	}
	return found
}

// Multiple writes a rate in basis points as a multiple of its base, "۵ × P".
func (l Lang) Multiple(bp int64) string {
	return l.Digits(strconv.FormatFloat(float64(bp)/10000, 'f', -1, 64))
}

// Rate describes how an item's rate is found, in the page's words.
func (l Lang) Rate(it fees.Item) string {
	base := l.T("base." + string(it.Base))
	switch {
	case it.Base == fees.BaseFixed:
		return l.Int(it.FixedRials) + " " + l.T("rials")
	case len(it.Brackets) > 0:
		var parts []string
		for _, b := range it.Brackets {
			upto := l.T("bracket.rest")
			if b.UptoM2 > 0 {
				upto = l.T("bracket.upto") + " " + l.Int(b.UptoM2) + " " + l.T("m2")
			}
			parts = append(parts, upto+": "+l.Multiple(b.RateBP)+" × "+base)
		}
		return strings.Join(parts, l.T("semicolon")+" ")
	case len(it.PerFloorBP) > 0:
		var parts []string
		for _, bp := range it.PerFloorBP {
			parts = append(parts, l.Multiple(bp))
		}
		return l.T("rate.floors") + " " + strings.Join(parts, l.T("comma")+" ") + " × " + base
	case len(it.RateRangeBP) == 2:
		return l.Multiple(it.RateRangeBP[0]) + "–" + l.Multiple(it.RateRangeBP[1]) + " × " + base
	}
	return l.Multiple(it.RateBP) + " × " + base
}
