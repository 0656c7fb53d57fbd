package jalali_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// zoneDefinition matches code that makes a time zone of its own.
var zoneDefinition = regexp.MustCompile(`time\.(LoadLocation|FixedZone)\(`)

// TestTehranIsDefinedOnce keeps the city's zone in one home, jalali.Tehran: three copies once
// disagreed on what a "day" is.
func TestTehranIsDefinedOnce(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if zoneDefinition.Match(src) {
			t.Errorf("%s defines a time zone; use jalali.Tehran()", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
