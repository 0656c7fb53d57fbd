package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/shafaf-city/shafaf/commands/demo"
	"github.com/shafaf-city/shafaf/domain/cases"
)

var end = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func TestGenerateSeedsALivingCity(t *testing.T) {
	_, sum, err := demo.Generate(context.Background(), demo.Options{Cases: 400, End: end})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases, %d events, from %s; %v", sum.Cases, sum.Events, sum.From, sum.ByStatus)
	for _, st := range []cases.Status{cases.StatusIssued, cases.StatusRejected, cases.StatusWithdrawn,
		cases.StatusReturnedForDocuments, cases.StatusClosed, cases.StatusRevoked, cases.StatusExpired} {
		if sum.ByStatus[st] == 0 {
			t.Errorf("no case ends %s: %v", st, sum.ByStatus)
		}
	}
}
