package pgcluster

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNoServer says no PostgreSQL server binaries were found; the message tells what to install.
var ErrNoServer = errors.New("pgcluster: PostgreSQL server binaries (initdb, postgres) not found on PATH " +
	"or under /usr/lib/postgresql/*/bin; install them with `apt-get install postgresql`")

// binaries are the programs of one PostgreSQL installation.
type binaries struct {
	initdb   string
	postgres string
	version  string // e.g. "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
}

// findBinaries prefers initdb on PATH (what the user chose) and falls back to the newest
// Debian-style installation, whose bin directory is not on PATH by default.
func findBinaries() (binaries, error) {
	var dirs []string
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	dirs = append(dirs, debianBinDirs()...)
	for _, dir := range dirs {
		b := binaries{initdb: filepath.Join(dir, "initdb"), postgres: filepath.Join(dir, "postgres")}
		if !isExecutable(b.initdb) || !isExecutable(b.postgres) {
			continue
		}
		out, err := exec.Command(b.postgres, "--version").Output()
		if err != nil {
			return binaries{}, fmt.Errorf("pgcluster: %s --version: %w", b.postgres, err)
		}
		b.version = strings.TrimSpace(string(out))
		return b, nil
	}
	return binaries{}, ErrNoServer
}

// debianBinDirs lists /usr/lib/postgresql/<major>/bin, newest major first.
func debianBinDirs() []string {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	major := func(dir string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		return v
	}
	sort.Slice(matches, func(i, j int) bool { return major(matches[i]) > major(matches[j]) })
	return matches
}

func isExecutable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir() && info.Mode()&0o111 != 0
}
