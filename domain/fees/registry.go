package fees

import (
	"embed"
	"io/fs"
	"slices"
	"sync"
)

//go:embed schedules/*.json
var embedded embed.FS

// schedules are the embedded tariffs by version; they are tested, so a load failure is a
// build defect and panics.
var schedules = sync.OnceValue(func() map[string]*Schedule {
	paths, _ := fs.Glob(embedded, "schedules/*.json")
	all := map[string]*Schedule{}
	for _, p := range paths {
		data, _ := embedded.ReadFile(p)
		s, err := Load(data)
		if err != nil {
			panic(err)
		}
		all[s.Version] = s
	}
	return all
})

// ByVersion returns the schedule an assessment names, so old assessments recompute under the
// rules they were made with.
func ByVersion(version string) (*Schedule, bool) {
	s, ok := schedules()[version]
	return s, ok
}

// ForYear returns the latest version of the schedule effective in a Jalali year.
func ForYear(year int) (*Schedule, bool) {
	var found *Schedule
	for _, v := range Versions() {
		if s := schedules()[v]; s.JalaliYear == year {
			found = s
		}
	}
	return found, found != nil
}

// Versions lists the embedded schedule versions in ascending order.
func Versions() []string {
	versions := make([]string, 0, len(schedules()))
	for v := range schedules() {
		versions = append(versions, v)
	}
	slices.Sort(versions)
	return versions
}

// KnownItemCodes lists every item code of every embedded schedule, sorted, so the catalogue can
// reject a service that names a charge no schedule defines.
func KnownItemCodes() []string {
	var codes []string
	for _, s := range schedules() {
		codes = append(codes, s.ItemCodes()...)
	}
	slices.Sort(codes)
	return slices.Compact(codes)
}
