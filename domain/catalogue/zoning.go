package catalogue

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// Zone is one zone (پهنه) of the detailed plan and the land uses it admits; a land-use
// inquiry's reply names one and the uses it permits on the plot.
type Zone struct {
	Code string   `json:"code"`
	Name Text     `json:"name"`
	Uses []string `json:"uses"`
}

// zoningFile is the shape of city/zoning.json.
type zoningFile struct {
	Version string          `json:"version"`
	Uses    map[string]Text `json:"uses"`
	Zones   []Zone          `json:"zones"`
	Sourced
}

// The zoning vocabulary is city data like the roster: embedded, validated, and changed by a
// release that edits city/zoning.json. Replies store codes only, so a code is never removed.
//
//go:embed city/zoning.json
var zoningData []byte

// zoning is the embedded vocabulary; it is tested, so a bad file is a build defect and panics.
var zoning = sync.OnceValue(func() zoningFile {
	if problems := ValidateZoning(zoningData); len(problems) > 0 {
		panic(fmt.Sprintf("city/zoning.json: %v", problems))
	}
	var z zoningFile
	_ = json.Unmarshal(zoningData, &z)
	return z
})

// Zones lists the detailed plan's zones in file order.
func Zones() []Zone { return slices.Clone(zoning().Zones) }

// ZoneOf returns the zone with code.
func ZoneOf(code string) (Zone, bool) {
	i := slices.IndexFunc(zoning().Zones, func(z Zone) bool { return z.Code == code })
	if i < 0 {
		return Zone{}, false
	}
	return zoning().Zones[i], true
}

// LandUses lists the land-use codes of the plan, sorted.
func LandUses() []string { return slices.Sorted(maps.Keys(zoning().Uses)) }

// LandUse returns the names of a land-use code.
func LandUse(code string) (Text, bool) {
	t, ok := zoning().Uses[code]
	return t, ok
}

// ValidateZoning lists the problems of a zoning file: every zone needs a unique code, both
// names and known uses.
func ValidateZoning(data []byte) []string {
	var z zoningFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&z); err != nil {
		return []string{err.Error()}
	}
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if z.Source == "" {
		add("source is missing")
	}
	for code, t := range z.Uses {
		if t.Fa == "" || t.En == "" {
			add("uses.%s: both names are required", code)
		}
	}
	seen := map[string]bool{}
	for i, zone := range z.Zones {
		switch {
		case zone.Code == "":
			add("zones[%d]: missing code", i)
		case seen[zone.Code]:
			add("zones[%d]: code %q listed twice", i, zone.Code)
		}
		seen[zone.Code] = true
		if zone.Name.Fa == "" || zone.Name.En == "" {
			add("zones[%d]: both names are required", i)
		}
		if len(zone.Uses) == 0 {
			add("zones[%d]: admits no use", i)
		}
		for _, u := range zone.Uses {
			if _, ok := z.Uses[u]; !ok {
				add("zones[%d]: unknown use %q", i, u)
			}
		}
	}
	if len(z.Zones) == 0 {
		add("no zones")
	}
	return problems
}
