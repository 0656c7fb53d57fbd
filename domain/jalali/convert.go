package jalali

import (
	"sync"
	"time"

	ptime "github.com/yaa110/go-persian-calendar"
)

// Tehran returns Asia/Tehran, or a fixed +03:30 zone when the host has no tzdata; Iran has
// kept +03:30 all year since 2023, so the fallback is only wrong for older summers.
var Tehran = sync.OnceValue(ptime.Iran)

// ToTime returns the instant, in UTC, at which day d begins in Tehran.
func ToTime(d Date) time.Time {
	return ptime.Date(d.Year, ptime.Month(d.Month), d.Day, 0, 0, 0, 0, Tehran()).Time().UTC()
}

// FromTime returns the Tehran calendar day that contains instant t.
func FromTime(t time.Time) Date {
	p := ptime.New(t.In(Tehran()))
	return Date{Year: p.Year(), Month: int(p.Month()), Day: p.Day()}
}

// Digits chooses the numerals a rendered date uses.
type Digits int

// Latin suits logs and machine-read files; Persian suits text shown to citizens.
const (
	Latin Digits = iota
	Persian
)

// Format renders the Tehran calendar day of instant t as "1403/12/30".
func Format(t time.Time, digits Digits) string {
	s := FromTime(t).String()
	if digits == Persian {
		return PersianDigits(s)
	}
	return s
}

// FormatTime renders instant t as Tehran's calendar day and clock, "1403/12/30 14:05", for
// records people read to the minute (a case's timeline, an export for a court).
func FormatTime(t time.Time, digits Digits) string {
	s := FromTime(t).String() + " " + t.In(Tehran()).Format("15:04")
	if digits == Persian {
		return PersianDigits(s)
	}
	return s
}

// PersianDigits writes ASCII digits as Persian ones (U+06F0–06F9), for numbers citizens read.
func PersianDigits(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= '0' && r <= '9' {
			out[i] = '۰' + (r - '0')
		}
	}
	return string(out)
}
