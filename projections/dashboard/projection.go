// Package dashboard is the dashboard read model: per service × day and district × month, how
// many cases came in, were decided, approved, rejected and withdrawn, the backlog, the median
// and 90th percentile of working days to decision without the applicant's time, and the share
// decided within the legal deadline. Staff screens read it; the transparency model publishes it.
package dashboard

import (
	"context"
	"embed"

	"github.com/jackc/pgx/v5"

	"github.com/shafaf-city/shafaf/domain/workdays"
	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/projections/caseevent"
	"github.com/shafaf-city/shafaf/projections/projector"
)

// Name is the projection's identity; renaming it means a rebuild.
const Name = "dashboard_v2" // v2: waiting_on and the clock from the domain's fold

//go:embed migrations/*.sql
var migrations embed.FS

// Projection keeps one fact row per case.
type Projection struct {
	caseevent.Model
	cal *workdays.Calendar
}

// New returns the projection, counting working days on the default legal calendar.
func New() (*Projection, error) {
	m, err := caseevent.NewModel(Name, migrations, caseevent.CaseFilter())
	return &Projection{Model: m, cal: workdays.Default()}, err
}

// Handle applies one event as a batch of one.
func (p *Projection) Handle(ctx context.Context, tx pgx.Tx, rec eventstore.RecordedEvent) error {
	return projector.HandleOne(ctx, tx, p, rec)
}
