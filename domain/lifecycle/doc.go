// Package lifecycle is the one vocabulary of case statuses: each status once, with what
// applicants read, whom the case waits on, whether the legal clock runs and what may happen
// next. The case aggregate, the catalogue, the OpenAPI enums and every read model take their
// statuses from here (tests fail on any copy that drifts), so no list can disagree with a case.
package lifecycle
