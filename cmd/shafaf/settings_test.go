package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repoRoot is the module root, two levels above this package.
const repoRoot = "../.."

var (
	// settingLiteral is a Shafaf variable named in Go code: getenv("…"), a constant, a flag's env.
	settingLiteral = regexp.MustCompile(`"(SHAFAF_[A-Z0-9_]*[A-Z0-9])"`)
	// envRead is any variable the code reads by name (DATABASE_URL, GOMEMLIMIT…).
	envRead = regexp.MustCompile(`(?:Getenv|LookupEnv|envOr)\("([A-Za-z0-9_]+)"`)
	// deployName is a Shafaf variable a manifest sets.
	deployName = regexp.MustCompile(`\bSHAFAF_[A-Z0-9_]*[A-Z0-9]\b`)
)

// readsOf maps every variable the shipped code reads or the manifests set to one file naming it.
// Test files and test-helper packages (…test/) are not shipped, so their variables are not settings.
func readsOf(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repoRoot, path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && rel != "." || strings.HasSuffix(d.Name(), "test") {
				return filepath.SkipDir
			}
			return nil
		}
		var patterns []*regexp.Regexp
		switch {
		case strings.HasSuffix(path, "_test.go"):
		case strings.HasSuffix(path, ".go"):
			patterns = []*regexp.Regexp{settingLiteral, envRead}
		case strings.HasPrefix(rel, "deploy"+string(filepath.Separator)):
			patterns = []*regexp.Regexp{deployName}
		}
		if len(patterns) == 0 {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range patterns {
			for _, m := range re.FindAllSubmatch(src, -1) {
				found[string(m[len(m)-1])] = rel
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestEverySettingReadIsInTheTable(t *testing.T) {
	reads := readsOf(t)
	for name, file := range reads {
		if !slices.ContainsFunc(settings, func(s setting) bool { return s.name == name }) {
			t.Errorf("%s is read in %s but missing from the configuration table: add one line for it to `settings` "+
				"in cmd/shafaf/settings.go, then run `go generate ./cmd/shafaf` to regenerate docs/configuration.md", name, file)
		}
	}
	for _, s := range settings {
		if _, ok := reads[s.name]; !ok {
			t.Errorf("%s is in the configuration table (cmd/shafaf/settings.go) but nothing reads it: remove its line", s.name)
		}
	}
}

func TestSettingsTableIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range settings {
		if seen[s.name] {
			t.Errorf("%s is in the table twice", s.name)
		}
		seen[s.name] = true
		if !slices.Contains(topics, s.topic) || s.help == "" || s.kind.check == nil {
			t.Errorf("%s needs a listed topic, a kind and a help text", s.name)
		}
		if s.def != "" && s.kind.name != kindFile.name {
			if err := s.kind.check(s.def); err != nil {
				t.Errorf("%s: its default %q fails its own check: %v", s.name, s.def, err)
			}
		}
	}
}

func TestConfigurationDocIsGenerated(t *testing.T) {
	var want bytes.Buffer
	writeSettingsMarkdown(&want)
	got, err := os.ReadFile(filepath.Join(repoRoot, "docs", "configuration.md"))
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("docs/configuration.md differs from the settings table (%v): run `go generate ./cmd/shafaf` and commit it", err)
	}
}

func TestServeHelpListsEverySetting(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"serve", "-h"}, &stdout, &stderr); err != nil {
		t.Fatalf("serve -h: %v", err)
	}
	for _, s := range settings {
		if !strings.Contains(stderr.String(), s.name) {
			t.Errorf("serve -h does not list %s:\n%s", s.name, stderr.String())
		}
	}
}

func TestCheckSettings(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  map[string]string
		want []string // every problem must be reported; none when empty
	}{
		{"accepts well-formed values", map[string]string{"SHAFAF_HTTP_READ_TIMEOUT": "45s", "SHAFAF_TLS_PROXY": "true",
			"SHAFAF_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.1", "DATABASE_URL": "postgres://db/shafaf",
			"SHAFAF_JWT_DEPARTMENT_MAP": "Region 3=district-3, Region 4=district-4,"}, nil},
		{"reports every malformed value at once", map[string]string{"SHAFAF_HTTP_IDLE_TIMEOUT": "65", "SHAFAF_TLS_PROXY": "yes",
			"SHAFAF_CATCHUP_BATCH": "-1", "SHAFAF_TRUSTED_PROXIES": "proxy.local", "SHAFAF_JWKS_URL": "sso/certs",
			"SHAFAF_JWT_ROLE_MAP": "Permit Desk=clerk,auditor"},
			[]string{"SHAFAF_HTTP_IDLE_TIMEOUT", "SHAFAF_TLS_PROXY", "SHAFAF_CATCHUP_BATCH", "SHAFAF_TRUSTED_PROXIES", "SHAFAF_JWKS_URL", `SHAFAF_JWT_ROLE_MAP: "auditor"`}},
		{"ignores what Kubernetes sets for a Service named shafaf", map[string]string{"SHAFAF_SERVICE_HOST": "10.0.0.7",
			"SHAFAF_SERVICE_PORT": "80", "SHAFAF_SERVICE_PORT_HTTP": "80", "SHAFAF_PORT": "tcp://10.0.0.7:80",
			"SHAFAF_PORT_80_TCP": "tcp://10.0.0.7:80", "SHAFAF_PORT_80_TCP_ADDR": "10.0.0.7", "SHAFAF_PORT_80_TCP_PROTO": "tcp"}, nil},
		{"refuses a misspelt setting instead of ignoring it", map[string]string{"SHAFAF_JWT_ROLE_CLAIM": "roles"},
			[]string{"SHAFAF_JWT_ROLE_CLAIM is not a Shafaf setting"}},
		{"refuses a key file that is not there", map[string]string{"SHAFAF_JWT_PUBLIC_KEY_FILE": "/nonexistent/key.pem"},
			[]string{"SHAFAF_JWT_PUBLIC_KEY_FILE"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var environ []string
			for k, v := range tt.env {
				environ = append(environ, k+"="+v)
			}
			err := checkSettings(func(k string) string { return tt.env[k] }, environ)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("checkSettings: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("checkSettings accepted it")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestServeRefusesToStartWithAMisspeltSetting(t *testing.T) {
	t.Setenv("SHAFAF_JWT_ROLES_CLAM", "roles")
	err := run(context.Background(), []string{"serve"}, &bytes.Buffer{}, &bytes.Buffer{})
	var usage usageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), "SHAFAF_JWT_ROLES_CLAM is not a Shafaf setting") {
		t.Fatalf("serve started or failed otherwise: %v", err)
	}
}
