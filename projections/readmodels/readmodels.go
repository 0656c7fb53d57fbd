// Package readmodels lists the staff, public and audit read models beside case_summary, so
// the service, tests and benchmarks register the same set.
package readmodels

import (
	"github.com/shafaf-city/shafaf/projections/actoractivity"
	"github.com/shafaf-city/shafaf/projections/certificates"
	"github.com/shafaf-city/shafaf/projections/dashboard"
	"github.com/shafaf-city/shafaf/projections/projector"
	"github.com/shafaf-city/shafaf/projections/transparency"
	"github.com/shafaf-city/shafaf/projections/workqueue"
)

// All returns a fresh instance of each: work_queue, dashboard, transparency,
// certificate_registry and actor_activity.
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
	return []projector.Projection{wq, db, tr, cr, aa}, nil
}
