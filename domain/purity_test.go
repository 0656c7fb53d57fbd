package domain_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// allowedImport is the whole dependency policy of domain/: the standard library, uuid, the
// Jalali calendar, and domain's own packages. Infrastructure (SQL, HTTP frameworks, the event
// store adapters) must stay out so the rules can be tested and reused without it.
func allowedImport(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") ||
		path == "github.com/google/uuid" ||
		path == "github.com/yaa110/go-persian-calendar" ||
		path == "github.com/shafaf-city/shafaf/domain" ||
		strings.HasPrefix(path, "github.com/shafaf-city/shafaf/domain/")
}

// forbiddenImports walks every Go file under root, tests included, and lists "file: import"
// for each import the policy refuses.
func forbiddenImports(tb testing.TB, root string) []string {
	tb.Helper()
	var bad []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); !allowedImport(p) {
				bad = append(bad, path+": "+p)
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return bad
}

func TestDomainImportsOnlyThePurePackages(t *testing.T) {
	t.Parallel()
	if bad := forbiddenImports(t, "."); len(bad) > 0 {
		t.Fatalf("domain/ imports infrastructure:\n%s", strings.Join(bad, "\n"))
	}
}

func TestPurityCheckCatchesInfrastructure(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "cases")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "package cases\n\nimport (\n\t\"fmt\"\n\t\"github.com/jackc/pgx/v5\"\n\t\"github.com/shafaf-city/shafaf/eventstore\"\n)\n"
	if err := os.WriteFile(filepath.Join(dir, "leak.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if bad := forbiddenImports(t, dir); len(bad) != 2 {
		t.Fatalf("found %v, want pgx and eventstore", bad)
	}
}
