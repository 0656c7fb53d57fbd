package workdays

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/shafaf-city/shafaf/domain/jalali"
)

// Holiday is one official day off with the reason printed on the calendar.
type Holiday struct {
	Date   jalali.Date `json:"date"`
	NameFa string      `json:"fa"`
	NameEn string      `json:"en"`
	Kind   string      `json:"kind"` // solar (fixed) or lunar (moves every year)
}

// yearFile is the shape of holidays/<year>.json.
type yearFile struct {
	Year     int       `json:"year"`
	Weekend  []string  `json:"weekend"`
	Status   string    `json:"status"`
	Holidays []Holiday `json:"holidays"`
}

// Calendar knows the working days of the Jalali years it holds data for. Outside those years
// only the weekend is a day off, so callers should check Covers before trusting a far date.
type Calendar struct {
	holidays map[jalali.Date][]Holiday
	weekend  map[int]map[time.Weekday]bool
}

//go:embed holidays/*.json
var embedded embed.FS

// Default is the calendar built from the embedded holiday files; they are tested, so a
// failure here is a build defect and panics.
var Default = sync.OnceValue(func() *Calendar {
	paths, _ := fs.Glob(embedded, "holidays/*.json")
	files := make([][]byte, len(paths))
	for i, p := range paths {
		files[i], _ = embedded.ReadFile(p)
	}
	c, err := New(files...)
	if err != nil {
		panic(err)
	}
	return c
})

// New builds a calendar from year files; each must hold one distinct year, a known weekend and
// holidays that fall in that year.
func New(files ...[]byte) (*Calendar, error) {
	c := &Calendar{holidays: map[jalali.Date][]Holiday{}, weekend: map[int]map[time.Weekday]bool{}}
	for _, data := range files {
		var f yearFile
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("workdays: holiday file: %w", err)
		}
		if _, dup := c.weekend[f.Year]; dup {
			return nil, fmt.Errorf("workdays: two holiday files for %d", f.Year)
		}
		weekend, err := parseWeekend(f.Weekend)
		if err != nil {
			return nil, fmt.Errorf("workdays: %d: %w", f.Year, err)
		}
		c.weekend[f.Year] = weekend
		for _, h := range f.Holidays {
			if h.Date.Year != f.Year || h.NameFa == "" {
				return nil, fmt.Errorf("workdays: %d: holiday %v is outside the year or unnamed", f.Year, h.Date)
			}
			c.holidays[h.Date] = append(c.holidays[h.Date], h)
		}
	}
	return c, nil
}

// parseWeekend reads English weekday names; a year may move its weekend by decree.
func parseWeekend(names []string) (map[time.Weekday]bool, error) {
	weekend := map[time.Weekday]bool{}
	for _, name := range names {
		found := false
		for d := time.Sunday; d <= time.Saturday; d++ {
			if d.String() == name {
				weekend[d], found = true, true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown weekday %q", name)
		}
	}
	return weekend, nil
}

// Covers reports whether the calendar has holiday data for a Jalali year.
func (c *Calendar) Covers(year int) bool {
	_, ok := c.weekend[year]
	return ok
}

// Holidays returns the reasons day d is a holiday, none when it is not.
func (c *Calendar) Holidays(d jalali.Date) []Holiday { return c.holidays[d] }

// IsWorkingDay reports whether the Tehran calendar day containing t is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool { return c.isWorkingDate(jalali.FromTime(t)) }

func (c *Calendar) isWorkingDate(d jalali.Date) bool { return c.isWorking(d, d.Weekday()) }

// defaultWeekend applies to years without data.
var defaultWeekend = map[time.Weekday]bool{time.Friday: true}

// isWorking decides for day d that falls on weekday wd.
func (c *Calendar) isWorking(d jalali.Date, wd time.Weekday) bool {
	weekend, ok := c.weekend[d.Year]
	if !ok {
		weekend = defaultWeekend
	}
	return !weekend[wd] && len(c.holidays[d]) == 0
}
