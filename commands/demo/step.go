package demo

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

// step is one thing a person does to a case, some time after the previous step.
type step struct {
	name   string
	after  time.Duration // wait since the previous step
	office bool          // staff work: moved into office hours on a working day
	actor  commands.Actor
	run    func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error)
}

// Staff of the simulated city: each district has its clerks, inspectors and a supervisor.
func clerk(district string, k int) commands.Actor {
	return commands.Actor{ID: fmt.Sprintf("clerk-%s-%d", district, k), Role: "clerk"}
}

func inspector(district string, k int) commands.Actor {
	return commands.Actor{ID: fmt.Sprintf("inspector-%s-%d", district, k), Role: "inspector"}
}

func supervisor(district string) commands.Actor {
	return commands.Actor{ID: "supervisor-" + district, Role: "supervisor"}
}

// citizen is an applicant's actor id: an opaque account id, never the national ID, because
// event metadata must not hold personal data.
func citizen(rng *rand.Rand) commands.Actor {
	return commands.Actor{ID: fmt.Sprintf("citizen-%08x", rng.Uint32()), Role: "applicant"}
}

// days is a random duration between lo and hi days.
func days(rng *rand.Rand, lo, hi float64) time.Duration {
	return time.Duration((lo + rng.Float64()*(hi-lo)) * float64(24*time.Hour))
}

// officeHours moves t into the next stretch of office time (08:00–14:00 in Tehran on a
// working day), keeping the minutes random so staff actions do not line up.
func officeHours(t time.Time, cal *workdays.Calendar, rng *rand.Rand) time.Time {
	local := t.In(jalali.Tehran())
	if cal.IsWorkingDay(local) && local.Hour() >= 8 && local.Hour() < 14 {
		return t
	}
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, jalali.Tehran())
	if local.Hour() >= 14 {
		day = day.AddDate(0, 0, 1)
	}
	for !cal.IsWorkingDay(day) {
		day = day.AddDate(0, 0, 1)
	}
	return day.Add(8*time.Hour + time.Duration(rng.Intn(6*60))*time.Minute).UTC()
}
