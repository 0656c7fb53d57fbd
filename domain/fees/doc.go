// Package fees computes municipal charges (عوارض) from yearly fee schedules kept as data, so
// a council's new tariff is a new JSON file, not a code change. Every amount is an int64 count
// of rials computed with integer arithmetic; an Assessment carries the schedule version, the
// inputs and every line, so an auditor can recompute it.
//
// Units: areas are square decimetres (1 dm² = 0.01 m², so "110.25 m²" is exact), rates are
// basis points (10000 bp = ×1; k = 5 is 50000 bp; X = 15% is 1500 bp), prices are rials per m².
// Rounding: each line is rounded half up to a whole rial; a discount is rounded half up and
// then capped; the total is rounded down to the schedule's rounding unit, in the payer's favour.
package fees
