package demo

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

func TestDemandNamesCatalogueServices(t *testing.T) {
	cat := catalogue.Default()
	for key := range demand {
		if _, ok := cat.Service(key); !ok {
			t.Errorf("demand weighs %q, which catalogue %s does not offer", key, cat.Version())
		}
	}
	for _, svc := range cat.Services() {
		if _, ok := demand[svc.Key]; !ok {
			t.Errorf("demand does not weigh %s", svc.Key)
		}
	}
}

// submission is when and for what a generated case was submitted.
type submission struct {
	Service string    `json:"service"`
	At      time.Time `json:"at"`
}

// MustSubmissions reads every case's submission from a generated city.
func MustSubmissions(tb testing.TB, h *History) []submission {
	tb.Helper()
	var out []submission
	for _, name := range h.Streams() {
		if first := h.Stream(name)[0]; first.Type == cases.TypeSubmitted {
			var s submission
			if err := json.Unmarshal(first.Data, &s); err != nil {
				tb.Fatal(err)
			}
			out = append(out, s)
		}
	}
	return out
}

func TestTheCityLivesInItsRhythm(t *testing.T) {
	end := time.Date(2026, 11, 26, 20, 0, 0, 0, time.UTC)
	h, _, err := Generate(context.Background(), Options{Cases: 2000, End: end})
	if err != nil {
		t.Fatal(err)
	}
	subs := MustSubmissions(t, h)
	byService := map[string]int{}
	cal := workdays.Default()
	var working, off, first, last int
	for _, s := range subs {
		byService[s.Service]++
		if cal.IsWorkingDay(s.At) {
			working++
		} else {
			off++
		}
		switch age := end.Sub(s.At); {
		case age < 0 || age > 180*24*time.Hour:
			t.Errorf("submitted at %s, outside the span", s.At)
		case age < 60*24*time.Hour:
			last++
		case age > 120*24*time.Hour:
			first++
		}
	}
	t.Logf("%d submissions on working days, %d on days off; %d in the first two months, %d in the last two", working, off, first, last)
	t.Run("popular services far outnumber rare ones", func(t *testing.T) {
		for _, popular := range []string{"permit.new", "permit.renew", "cert.noviolation", "cert.completion", "inq.bank",
			"inq.notary", "inq.landuse", "viol.art100", "waste.commercial"} {
			for _, rare := range []string{"permit.duplicate", "viol.technical", "land.change_use"} {
				if byService[popular] < 4*byService[rare] {
					t.Errorf("%s has %d cases, rare %s %d", popular, byService[popular], rare, byService[rare])
				}
			}
		}
	})
	t.Run("most submissions fall on working days", func(t *testing.T) {
		if off == 0 || working < 10*off {
			t.Errorf("%d submissions on working days, %d on days off", working, off)
		}
	})
	t.Run("recent months are busier", func(t *testing.T) {
		if last <= first*11/10 {
			t.Errorf("%d submissions in the last two months, %d in the first two", last, first)
		}
	})
}
