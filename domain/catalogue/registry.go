package catalogue

import (
	"embed"
	"io/fs"
	"maps"
	"slices"
	"sync"
)

//go:embed data/*.json
var embedded embed.FS

// versions are the embedded catalogues by version; they are tested, so a load failure is a
// build defect and panics.
var versions = sync.OnceValue(func() map[string]*Catalogue {
	paths, _ := fs.Glob(embedded, "data/*.json")
	all := map[string]*Catalogue{}
	for _, p := range paths {
		data, _ := embedded.ReadFile(p)
		c, err := Load(data)
		if err != nil {
			panic(p + ": " + err.Error())
		}
		all[c.Version()] = c
	}
	return all
})

// Default is the newest embedded catalogue (latest Published day), the one new cases open under.
func Default() *Catalogue {
	var newest *Catalogue
	for _, c := range versions() {
		if newest == nil || c.Published().Compare(newest.Published()) > 0 {
			newest = c
		}
	}
	return newest
}

// ByVersion returns the catalogue a case was opened under, so publishing a new version never
// changes the rules of running cases.
func ByVersion(version string) (*Catalogue, bool) {
	c, ok := versions()[version]
	return c, ok
}

// Versions lists the embedded versions, sorted.
func Versions() []string { return slices.Sorted(maps.Keys(versions())) }
