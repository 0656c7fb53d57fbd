package pgmigrate_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shafaf-city/shafaf/deploy/pgmigrate"
)

func TestLoadRejectsBadSets(t *testing.T) {
	tests := []struct {
		name    string
		files   []string
		wantErr string
	}{
		{"gap", []string{"0001_a.sql", "0003_c.sql"}, "version 2 is missing"},
		{"duplicate", []string{"0001_a.sql", "0002_b.sql", "0002_c.sql"}, "both have version 2"},
		{"no number", []string{"0001_a.sql", "create_b.sql"}, "not named NNNN_description.sql"},
		{"zero", []string{"0000_a.sql"}, "not named NNNN_description.sql"},
		{"starts above one", []string{"0002_b.sql"}, "version 1 is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pgmigrate.Load(sqlFiles(tt.files...))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load(%v) error = %v, want one containing %q", tt.files, err, tt.wantErr)
			}
		})
	}
}

func TestLoadOrdersByNumberAndIgnoresOtherFiles(t *testing.T) {
	files := sqlFiles("10_j.sql", "9_i.sql", "1_a.sql", "2_b.sql", "3_c.sql", "4_d.sql", "5_e.sql", "6_f.sql", "7_g.sql", "8_h.sql")
	files["README.md"] = &fstest.MapFile{Data: []byte("not sql")}
	ms, err := pgmigrate.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Fatalf("migration %d is %s (version %d)", i, m.Name, m.Version)
		}
	}
	if len(ms) != 10 {
		t.Fatalf("loaded %d migrations, want 10", len(ms))
	}
}

// sqlFiles makes an fs.FS whose files each create a table named after the file.
func sqlFiles(names ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, n := range names {
		table := "t_" + strings.TrimSuffix(n, ".sql")
		fsys[n] = &fstest.MapFile{Data: []byte("CREATE TABLE " + table + " (id int); INSERT INTO " + table + " VALUES (1);")}
	}
	return fsys
}
