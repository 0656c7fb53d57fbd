package commands

import "github.com/shafaf-city/shafaf/domain/catalogue"

// Catalogue is what the case commands need from the service catalogue: the version a new case
// is opened under, and the services of that version.
type Catalogue interface {
	Version() string
	Service(key string) (catalogue.Service, bool)
}
