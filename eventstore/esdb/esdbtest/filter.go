package esdbtest

import (
	"regexp"
	"strings"

	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
)

// defaultWindow is the batch the server uses when the client asks for no maximum window.
const defaultWindow = 32

// filter is a compiled server-side subscription filter.
type filter struct {
	match    func(*record) bool
	interval int // considered events between checkpoints; 0 sends none
}

// compileFilter turns the wire filter into a predicate. The real server uses .NET regexes;
// RE2 covers what clients send (ExcludeSystemEventsFilter is "^[^\$].*").
func compileFilter(o *api.ReadReq_Options_FilterOptions) (filter, error) {
	if o == nil {
		return filter{match: func(*record) bool { return true }}, nil
	}
	field := func(r *record) string { return r.stream }
	expr := o.GetStreamIdentifier()
	if o.GetEventType() != nil {
		field, expr = func(r *record) string { return r.eventType }, o.GetEventType()
	}
	test := func(s string) bool { return hasAnyPrefix(s, expr.GetPrefix()) }
	if expr.GetRegex() != "" {
		re, err := regexp.Compile(expr.GetRegex())
		if err != nil {
			return filter{}, err
		}
		test = re.MatchString
	}
	window := int(o.GetMax())
	if o.GetCount() != nil || window == 0 {
		window = defaultWindow
	}
	return filter{
		match:    func(r *record) bool { return test(field(r)) },
		interval: window * int(max(o.GetCheckpointIntervalMultiplier(), 1)),
	}, nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
