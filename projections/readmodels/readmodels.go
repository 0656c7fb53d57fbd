// Package readmodels lists the staff, public and audit read models beside case_summary, so
// the service, tests and benchmarks register the same set. The transparency log's tree (tlog)
// is one of them: the runtime keeps it like any read model.
package readmodels

import (
	"github.com/shafaf-city/shafaf/projections/actoractivity"
	"github.com/shafaf-city/shafaf/projections/certificates"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/tlog"
	"github.com/shafaf-city/shafaf/projections/transparency"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

// All returns a fresh instance of each: work_queue, dashboard, transparency,
// certificate_registry, actor_activity and tlog.
func All() ([]projector.Projection, error) {
	wq, err := workqueue.New()
	if err != nil {
		return nil, err
	}
	db, err := dashboard.New()
	if err != nil {
		return nil, err
	}
	tr, err := transparency.New()
	if err != nil {
		return nil, err
	}
	cr, err := certificates.New()
	if err != nil {
		return nil, err
	}
	aa, err := actoractivity.New()
	if err != nil {
		return nil, err
	}
	return []projector.Projection{wq, db, tr, cr, aa, tlog.New()}, nil
}
