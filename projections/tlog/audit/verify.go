package audit

import (
	"context"

	"golang.org/x/mod/sumdb/note"

	"github.com/shafaf-city/shafaf/projections/tlog"
)

// Options say what to check the log against.
type Options struct {
	Key note.Verifier // the log's public key
	// Seen are checkpoints obtained elsewhere (a newspaper, a witness, an earlier audit), each
	// already opened with Key; the log must agree with them too.
	Seen []tlog.Checkpoint
	// Events, when set, lets the audit recompute the tree from the store's events.
	Events Events
}

// Report is what an audit that passed has checked.
type Report struct {
	Checkpoints int             // distinct checkpoints whose signatures and consistency held
	Latest      tlog.Checkpoint // the newest of them
	Events      uint64          // events recomputed into the tree (0 without Options.Events)
}

// Verify checks every checkpoint's signature, that each extends the one before (and that no
// two of one size differ), and, given the events, that the store still holds exactly what each
// checkpoint committed to. The first failure is the error: a *SplitViewError, a
// *MismatchError naming the first event that does not match, or a failed proof.
func Verify(ctx context.Context, c Client, opt Options) (Report, error) {
	cps, err := c.checkpoints(ctx, opt.Key)
	if err != nil {
		return Report{}, err
	}
	latest, err := c.latest(ctx, opt.Key)
	if err != nil {
		return Report{}, err
	}
	distinct, err := c.checkHistory(ctx, append(append(cps, latest), opt.Seen...))
	if err != nil {
		return Report{}, err
	}
	rep := Report{Checkpoints: len(distinct), Latest: distinct[len(distinct)-1]}
	if opt.Events == nil {
		return rep, nil
	}
	leaves, err := readLeaves(ctx, opt.Events)
	if err != nil {
		return rep, err
	}
	rep.Events = uint64(len(leaves))
	return rep, c.recompute(ctx, leaves, distinct)
}
