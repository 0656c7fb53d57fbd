// Package workdays is the legal clock: it counts Tehran calendar days, skipping the weekend
// and official holidays, so legal deadlines ("15 days to issue a permit") and pauses (waiting
// for the applicant's documents) resolve to due dates. Holidays are data, one embedded JSON
// file per Jalali year, because lunar holidays move and the government announces them yearly.
package workdays
