// Package jalali converts between instants and Jalali (Solar Hijri) calendar days at the edges
// of the system: time is stored as UTC instants and shown, parsed and counted in Jalali days
// in Asia/Tehran. It wraps github.com/yaa110/go-persian-calendar, which has no parser and
// silently rolls invalid dates over (1404/12/30 → 1405/01/01), so this package validates first.
package jalali
