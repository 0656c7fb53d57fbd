package pgcluster

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
)

// templateFormat changes whenever the initdb arguments below change, so old caches are not used.
const templateFormat = "1"

// ensureTemplate returns a data directory made by initdb once per server version and account,
// cached under os.TempDir(): copying it is several times faster than running initdb, which
// matters because every test package starts its own cluster.
func ensureTemplate(bins binaries, who runAs) (string, error) {
	sum := sha256.Sum256([]byte(templateFormat + "\x00" + bins.initdb + "\x00" + bins.version + "\x00" + who.key()))
	final := filepath.Join(os.TempDir(), "shafaf-pgtemplate-"+hex.EncodeToString(sum[:8]))
	data := filepath.Join(final, "data")
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); err == nil {
		return data, nil
	}
	tmp, err := os.MkdirTemp("", "shafaf-pgtemplate-tmp-")
	if err != nil {
		return "", fmt.Errorf("pgcluster: template dir: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename below, or debris of a failed initdb
	if err := who.chown(tmp); err != nil {
		return "", fmt.Errorf("pgcluster: template dir: %w", err)
	}
	cmd := exec.Command(bins.initdb, "-D", filepath.Join(tmp, "data"), "-U", "postgres",
		"-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	cmd.SysProcAttr = who.sysProcAttr()
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("pgcluster: initdb: %w: %s", err, out)
	}
	// The rename publishes the template atomically; when a concurrent test process won the
	// race the rename fails and its template is used instead.
	if err := os.Rename(tmp, final); err != nil {
		if _, statErr := os.Stat(filepath.Join(data, "PG_VERSION")); statErr != nil {
			return "", fmt.Errorf("pgcluster: publish template: %w", err)
		}
	}
	return data, nil
}

// copyTree copies the template data directory to dst, owned by the server's account.
func copyTree(src, dst string, who runAs) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			if err := os.MkdirAll(target, info.Mode().Perm()); err != nil {
				return err
			}
			// An existing empty DataDir keeps its mode otherwise; postgres insists on 0700.
			if err := os.Chmod(target, info.Mode().Perm()); err != nil {
				return err
			}
		case info.Mode().IsRegular():
			if err := copyFile(path, target, info.Mode().Perm()); err != nil {
				return err
			}
		default:
			return errors.New("pgcluster: unexpected file type in template: " + path)
		}
		return who.chown(target)
	})
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
