package web

import (
	"testing"
	"time"
)

func TestLangFormats(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC) // 1404/12/29 in Tehran
	for _, tc := range []struct {
		name   string
		fa, en string
		format func(Lang) string
	}{
		{"groups thousands", "۱٬۲۳۴٬۵۶۷", "1,234,567", func(l Lang) string { return l.Int(1234567) }},
		{"keeps small numbers whole", "۹۹۹", "999", func(l Lang) string { return l.Int(999) }},
		{"signs negatives", "-۱٬۰۰۰", "-1,000", func(l Lang) string { return l.Int(-1000) }},
		{"rounds decimals to one place", "۱۲٫۵", "12.5", func(l Lang) string { return l.Decimal(12.46) }},
		{"drops a trailing .0", "۷", "7", func(l Lang) string { return l.Decimal(7.04) }},
		{"writes percentages", "۸۳٪", "83%", func(l Lang) string { return l.Percent(0.834) }},
		{"dates and times in Tehran", "۱۴۰۴/۱۲/۲۹ ساعت ۱۵:۳۰", "1404/12/29 (20 Mar 2026), 15:30 Tehran time", func(l Lang) string { return l.DateTime(time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)) }},
		{"marks the running month", "آذر ۱۴۰۵ (تا امروز)", "Azar 1405 (so far)", func(l Lang) string { return l.MonthLabel(MonthStats{Month: Month{1405, 9}, Partial: true}) }},
		{"dates in Jalali", "۱۴۰۴/۱۲/۲۹", "1404/12/29 (20 Mar 2026)", func(l Lang) string { return l.Date(at) }},
		{"names months", "اسفند ۱۴۰۴", "Esfand 1404", func(l Lang) string { return l.MonthName(Month{1404, 12}) }},
		{"names numbered districts", "منطقه ۱۲", "District 12", func(l Lang) string { return l.District("12") }},
		{"keeps named districts", "Central", "Central", func(l Lang) string { return l.District("Central") }},
		{"spans days", "۶ آبان تا ۵ آذر ۱۴۰۵", "6 Aban – 5 Azar 1405", func(l Lang) string {
			return l.Span(Days{From: time.Date(2026, 10, 28, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), N: 30})
		}},
		{"spans days into a new year", "۲۰ اسفند ۱۴۰۴ تا ۸ فروردین ۱۴۰۵", "20 Esfand 1404 – 8 Farvardin 1405", func(l Lang) string {
			return l.Span(Days{From: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC), N: 18})
		}},
		{"hides suppressed counts", "پنهان", "hidden", func(l Lang) string { return l.Count(Count{N: 3, Suppressed: true}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.format(Fa); got != tc.fa {
				t.Errorf("fa: %q, want %q", got, tc.fa)
			}
			if got := tc.format(En); got != tc.en {
				t.Errorf("en: %q, want %q", got, tc.en)
			}
		})
	}
}

func TestEveryMessageHasBothLanguages(t *testing.T) {
	t.Parallel()
	for key, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s lacks a language: %q", key, m)
		}
	}
}

func TestNiceScale(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		max, top float64
		ticks    int
	}{{0, 1, 2}, {7, 8, 5}, {12.5, 15, 4}, {100, 100, 6}, {1234, 1500, 4}, {2000, 2000, 5}} {
		top, ticks := niceScale(tc.max)
		if top != tc.top || len(ticks) != tc.ticks || ticks[0] != 0 || ticks[len(ticks)-1] != top {
			t.Errorf("niceScale(%v) = %v %v; want top %v with %d ticks", tc.max, top, ticks, tc.top, tc.ticks)
		}
	}
}
