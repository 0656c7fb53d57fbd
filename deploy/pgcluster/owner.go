package pgcluster

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// runAs is the account the server runs under. PostgreSQL refuses to run as root, so a root
// caller hands the data directory to an unprivileged account; anyone else runs as themselves.
type runAs struct {
	cred *syscall.Credential // nil: run as the current user
}

func currentRunAs() (runAs, error) {
	if os.Geteuid() != 0 {
		return runAs{}, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return runAs{cred: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}}, nil
	}
	return runAs{}, fmt.Errorf("pgcluster: running as root and neither user postgres nor nobody exists")
}

// key distinguishes template caches made for different accounts.
func (r runAs) key() string {
	if r.cred == nil {
		return strconv.Itoa(os.Geteuid())
	}
	return strconv.FormatUint(uint64(r.cred.Uid), 10)
}

func (r runAs) sysProcAttr() *syscall.SysProcAttr {
	// Pdeathsig asks the kernel for a fast shutdown (SIGINT) if the process that started the
	// server dies without calling Stop, so crashed test binaries leave no servers behind.
	return &syscall.SysProcAttr{Credential: r.cred, Pdeathsig: syscall.SIGINT}
}

// chown gives path to the server's account; a no-op when not running as root.
func (r runAs) chown(path string) error {
	if r.cred == nil {
		return nil
	}
	return os.Lchown(path, int(r.cred.Uid), int(r.cred.Gid))
}

// chownTree gives every file under root to the server's account.
func (r runAs) chownTree(root string) error {
	if r.cred == nil {
		return nil
	}
	return filepath.Walk(root, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return r.chown(path)
	})
}
