package catalogue_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// mustRead returns a file's bytes.
func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestEmbeddedCataloguesValidateClean(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"data/catalogue-2026.1.json", "data/catalogue-2026.2.json", "data/catalogue-2026.3.json"} {
		if problems := catalogue.Validate(mustRead(t, path)); len(problems) > 0 {
			t.Errorf("%s: %v", path, problems)
		}
	}
}

func TestValidateRefusesContentItCannotState(t *testing.T) {
	t.Parallel()
	data := bytes.Replace(mustRead(t, "data/catalogue-2026.3.json"), []byte(`"content": "zoning"`), []byte(`"content": "horoscope"`), 1)
	got := catalogue.Validate(data)
	if len(got) != 1 || !strings.HasSuffix(got[0].Location, ".issues.content") || got[0].Message != `unknown content "horoscope"` {
		t.Fatalf("problems %v, want the unknown content located", got)
	}
}

func TestValidateReportsEveryProblemWithItsLocation(t *testing.T) {
	t.Parallel()
	got := catalogue.Validate(mustRead(t, "testdata/broken.json"))
	want := []catalogue.Problem{
		{Location: "documents.id.fa", Line: 6, Message: "missing Persian text"},
		{Location: "status_texts.application.teleported", Line: 11, Message: `unknown status "teleported" for the application flow`},
	}
	want = append(want,
		catalogue.Problem{Location: "services[0].name.fa", Line: 18, Message: "missing Persian text"},
		catalogue.Problem{Location: "services[0].steps[1].step", Line: 22, Message: `unknown step "teleport"`},
		catalogue.Problem{Location: "services[0].steps[2].roles", Line: 23, Message: "who may act on a step is the access policy's (domain/access), not the catalogue's"},
		catalogue.Problem{Location: "services[0].documents[1]", Line: 25, Message: `unknown document "horoscope"`},
		catalogue.Problem{Location: "services[0].fee_items[0]", Line: 26, Message: `unknown fee item "permit.gold_plating"`},
		catalogue.Problem{Location: "services[0].fee_items", Line: 26, Message: "charging fees needs the fee_assessment and payment steps"},
		catalogue.Problem{Location: "services[0].deadline.days", Line: 27, Message: "deadline must be positive, not 0"},
		catalogue.Problem{Location: "services[0].deadline.citation", Line: 27, Message: "a cited figure needs its citation"},
		catalogue.Problem{Location: "services[1].key", Line: 31, Message: `duplicate key "permit.new", first at services[0]`},
		catalogue.Problem{Location: "services[1].windows", Line: 30, Message: "a violation service needs its defence and appeal windows"},
		catalogue.Problem{Location: "services[1].status_texts.issued", Line: 39, Message: `unknown status "issued" for the violation flow`},
	)
	if !slices.Equal(got, want) {
		for i := range max(len(got), len(want)) {
			var g, w catalogue.Problem
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("problem %d:\n got %v\nwant %v", i, g, w)
			}
		}
	}
}

func TestValidateLocatesSyntaxErrors(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		data string
		line int
	}{
		"a missing comma":   {"{\n  \"version\": \"x\"\n  \"published\": \"1405/01/01\"\n}", 3},
		"an unknown field":  {"{\n  \"version\": \"x\",\n  \"colour\": \"blue\"\n}", 3},
		"a misplaced field": {"{\n  \"version\": \"x\",\n  \"services\": [\n    {\"key\": \"a\",\n     \"colour\": 1}]\n}", 5},
	}
	for name, tt := range tests {
		t.Run("locates "+name, func(t *testing.T) {
			t.Parallel()
			problems := catalogue.Validate([]byte(tt.data))
			if len(problems) != 1 || problems[0].Line != tt.line {
				t.Fatalf("problems %v, want one on line %d", problems, tt.line)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(mustRead(f, "testdata/broken.json"))
	f.Add([]byte(`{"version":"v","services":[]}`))
	f.Add([]byte(`{"services":[{"key":"a","steps":[{"step":"decision","roles":["x"]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := catalogue.Load(data)
		if err != nil {
			return
		}
		keys := map[string]bool{}
		for _, s := range c.Services() {
			if keys[s.Key] || len(s.StatusTexts) != len(catalogue.Statuses[s.Flow()]) {
				t.Fatalf("loaded a catalogue with a duplicate key or incomplete texts: %q", s.Key)
			}
			keys[s.Key] = true
		}
	})
}
