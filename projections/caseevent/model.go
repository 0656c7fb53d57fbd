package caseevent

import (
	"io/fs"

	"github.com/shafaf-city/shafaf/eventstore"
)

// Model is what every read model of case events shares: its name, its numbered migrations, the
// streams it reads and the decoder of their events. Read models embed it.
type Model struct {
	name       string
	migrations fs.FS
	filter     eventstore.Filter
	Dec        *Decoder
}

// NewModel names a read model whose migrations are the files under "migrations" in files and
// which reads the events filter selects.
func NewModel(name string, files fs.FS, filter eventstore.Filter) (Model, error) {
	sub, err := fs.Sub(files, "migrations")
	if err != nil {
		return Model{}, err
	}
	dec, err := NewDecoder()
	return Model{name: name, migrations: sub, filter: filter, Dec: dec}, err
}

// Name is the read model's identity; renaming it means a rebuild.
func (m Model) Name() string { return m.name }

// Migrations create its tables.
func (m Model) Migrations() fs.FS { return m.migrations }

// Filter selects the events the read model reads.
func (m Model) Filter() eventstore.Filter { return m.filter }
