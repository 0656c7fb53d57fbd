package pgmigrate

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one numbered SQL file.
type Migration struct {
	Version int
	Name    string // file name, e.g. "0001_create_events.sql"
	SQL     string
}

// Load reads the migrations at the root of files: every "NNNN_description.sql", in order.
// Versions must run 1, 2, 3… without gaps or duplicates, so two branches that both add a
// "0004" collide here instead of in production.
func Load(files fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, fmt.Errorf("pgmigrate: read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".sql" {
			continue
		}
		digits, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(digits)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("pgmigrate: %q is not named NNNN_description.sql", e.Name())
		}
		body, err := fs.ReadFile(files, e.Name())
		if err != nil {
			return nil, fmt.Errorf("pgmigrate: %w", err)
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(body)})
	}
	// ReadDir sorts by name, but "10_x" sorts before "9_x": order by the number itself.
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		switch {
		case i > 0 && ms[i-1].Version == m.Version:
			return nil, fmt.Errorf("pgmigrate: %q and %q both have version %d", ms[i-1].Name, m.Name, m.Version)
		case m.Version != i+1:
			return nil, fmt.Errorf("pgmigrate: version %d is missing (gap before %q)", i+1, m.Name)
		}
	}
	return ms, nil
}
