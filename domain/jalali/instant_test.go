package jalali_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

func TestInstantReadsTimestampsAndJalaliDays(t *testing.T) {
	nowruz1404 := time.Date(2025, 3, 20, 20, 30, 0, 0, time.UTC) // 1404/01/01 00:00 in Tehran
	tests := []struct {
		in   string
		want time.Time
	}{
		{`"2025-04-04T08:30:00Z"`, time.Date(2025, 4, 4, 8, 30, 0, 0, time.UTC)},
		{`"2025-04-04T12:00:00+03:30"`, time.Date(2025, 4, 4, 8, 30, 0, 0, time.UTC)},
		{`"1404/01/01"`, nowruz1404},
		{`"۱۴۰۴/۰۱/۰۱"`, nowruz1404},
		{`"1403/12/30"`, nowruz1404.AddDate(0, 0, -1)}, // 1403 is a leap year
		{`null`, time.Time{}},
	}
	for _, tt := range tests {
		var got jalali.Instant
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil || !got.Equal(tt.want) {
			t.Errorf("%s → %v, %v; want %v", tt.in, got.Time, err, tt.want)
		}
	}
}

func TestInstantRefusesDaysTheCalendarDoesNotHave(t *testing.T) {
	for _, in := range []string{`"1404/12/30"`, `"1404/13/01"`, `"yesterday"`, `42`} {
		var got jalali.Instant
		err := json.Unmarshal([]byte(in), &got)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.CodeInvalid {
			t.Errorf("%s → %v, %v; want an invalid-date error", in, got.Time, err)
		}
	}
}

func TestInstantWritesUTC(t *testing.T) {
	b, err := json.Marshal(jalali.Instant{Time: time.Date(2025, 4, 4, 12, 0, 0, 0, time.FixedZone("IRST", 12600))})
	if err != nil || string(b) != `"2025-04-04T08:30:00Z"` {
		t.Fatalf("%s, %v", b, err)
	}
}

func TestParseMomentReadsJalaliDaysAndTimesOfDay(t *testing.T) {
	nowruz1404 := time.Date(2025, 3, 20, 20, 30, 0, 0, time.UTC) // 1404/01/01 00:00 in Tehran
	tests := []struct {
		in       string
		want     time.Time
		wholeDay bool
	}{
		{"2025-04-04T08:30:00Z", time.Date(2025, 4, 4, 8, 30, 0, 0, time.UTC), false},
		{"1404/01/01", nowruz1404, true},
		{"۱۴۰۴/۰۱/۰۱ ۱۴:۳۰", nowruz1404.Add(14*time.Hour + 30*time.Minute), false},
		{"1404-01-01T09:00:15", nowruz1404.Add(9*time.Hour + 15*time.Second), false},
		{"1400/04/01 12:00", time.Date(2021, 6, 22, 7, 30, 0, 0, time.UTC), false}, // Tehran kept +04:30 in summer 2021
	}
	for _, tt := range tests {
		got, err := jalali.ParseMoment("as_of", tt.in)
		if err != nil || !got.Equal(tt.want) || got.WholeDay != tt.wholeDay {
			t.Errorf("%q → %v (whole day %v), %v; want %v", tt.in, got.Time, got.WholeDay, err, tt.want)
		}
	}
	if m, _ := jalali.ParseMoment("to", "1404/01/01"); !m.End().Equal(nowruz1404.AddDate(0, 0, 1)) {
		t.Errorf("the end of 1404/01/01 is %v, want the next day's start", m.End())
	}
}

func TestParseMomentNamesTheFieldItRefuses(t *testing.T) {
	for _, in := range []string{"1404/12/30", "1404/01/01 25:00", "1404/01/01 9:00", "last week", ""} {
		_, err := jalali.ParseMoment("as_of", in)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != domain.CodeInvalid || len(de.Fields) != 1 || de.Fields[0].Field != "as_of" {
			t.Errorf("%q → %v; want an invalid as_of", in, err)
		}
	}
}

func TestFormatTimeShowsTehranClock(t *testing.T) {
	at := time.Date(2025, 3, 21, 10, 35, 0, 0, time.UTC)
	if got := jalali.FormatTime(at, jalali.Persian); got != "۱۴۰۴/۰۱/۰۱ ۱۴:۰۵" {
		t.Fatalf("got %q", got)
	}
}
