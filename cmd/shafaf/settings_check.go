package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// kind is what a setting's value must look like; check says what is wrong with one.
type kind struct {
	name  string // as the docs show it
	check func(v string) error
}

var (
	kindText     = kind{"text", func(string) error { return nil }}
	kindList     = kind{"list", func(string) error { return nil }}
	kindMap      = kind{"map", checkMap}
	kindURL      = kind{"URL", checkURL}
	kindDuration = kind{"duration", checkDuration}
	kindCount    = kind{"count", func(v string) error { return checkInt(v, 0, "a number ≥ 0") }}
	kindBytes    = kind{"bytes", func(v string) error { return checkInt(v, 1, "a positive number of bytes") }}
	kindBool     = kind{"true/false", checkBool}
	kindCIDRs    = kind{"IPs/CIDRs", checkCIDRs}
	kindFile     = kind{"file", checkFile}
)

// checkSettings is the start-up validation: every set variable of the table is well formed,
// and no SHAFAF_ variable is set that the table does not know (a typo would otherwise leave
// its default silently in force). It reports every problem at once.
func checkSettings(getenv func(string) string, environ []string) error {
	var errs []error
	for _, s := range settings {
		if v := getenv(s.name); v != "" {
			if err := s.kind.check(v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", s.name, err))
			}
		}
	}
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "SHAFAF_") && !serviceLink.MatchString(name) && !slices.ContainsFunc(settings, func(s setting) bool { return s.name == name }) {
			errs = append(errs, fmt.Errorf("%s is not a Shafaf setting (see `shafaf serve -h` or docs/configuration.md)", name))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return usageError("configuration:\n" + err.Error())
	}
	return nil
}

// serviceLink matches what Kubernetes sets for a Service named shafaf (unless the pod says
// enableServiceLinks: false): SHAFAF_SERVICE_HOST, SHAFAF_PORT_8080_TCP_ADDR and the like.
var serviceLink = regexp.MustCompile(`^SHAFAF_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_(ADDR|PORT|PROTO))?)?)$`)

func checkURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" && u.Opaque == "" {
		return errors.New("want a URL such as scheme://host/…")
	}
	return nil
}

// checkMap wants comma-separated from=to pairs, as the identity provider's mappings are written.
func checkMap(v string) error {
	for pair := range strings.SplitSeq(v, ",") {
		if from, to, ok := strings.Cut(pair, "="); strings.TrimSpace(pair) != "" && (!ok || strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "") {
			return fmt.Errorf("%q: want name=value pairs separated by commas", pair)
		}
	}
	return nil
}

func checkDuration(v string) error {
	if d, err := time.ParseDuration(v); err != nil || d <= 0 {
		return fmt.Errorf("%q: want a positive duration such as 30s or 10m", v)
	}
	return nil
}

func checkInt(v string, least int64, want string) error {
	if n, err := strconv.ParseInt(v, 10, 64); err != nil || n < least {
		return fmt.Errorf("%q: want %s", v, want)
	}
	return nil
}

func checkBool(v string) error {
	if v != "true" && v != "false" {
		return fmt.Errorf("%q: want true or false", v)
	}
	return nil
}

func checkCIDRs(v string) error {
	_, err := trustedProxies(v)
	return err
}

func checkFile(v string) error {
	_, err := os.Stat(v)
	return err
}
