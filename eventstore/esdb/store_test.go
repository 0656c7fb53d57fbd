package esdb_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/eventstore"
	"github.com/shafaf-city/shafaf/eventstore/storetest"
)

func TestConformance(t *testing.T) {
	url := MustURL(t)
	storetest.Run(t, func(t *testing.T) eventstore.Store { return MustOpen(t, url) })
}
