package commands

import (
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/fees"
	"github.com/shafaf-city/shafaf/domain/jalali"
)

// withSchedule charges the case under the schedule the request names, or else the schedule in
// force on the day the command was received; the whole assessment is stored so it can be
// recomputed.
func withSchedule(cmd cases.AssessFee) cases.AssessFee {
	if cmd.ScheduleVersion != "" {
		cmd.Schedule, _ = fees.ByVersion(cmd.ScheduleVersion)
	} else {
		cmd.Schedule = scheduleInForce(jalali.FromTime(cmd.At))
	}
	return cmd
}

// scheduleInForce is the newest schedule effective on day: a council's tariff stays in force
// until the next one is approved.
func scheduleInForce(day jalali.Date) *fees.Schedule {
	var found *fees.Schedule
	for _, v := range fees.Versions() {
		s, _ := fees.ByVersion(v)
		if s.EffectiveFrom.Compare(day) <= 0 && (found == nil || s.EffectiveFrom.Compare(found.EffectiveFrom) >= 0) {
			found = s
		}
	}
	return found
}
