package lifecycle

import "github.com/shafaf-city/shafaf/domain/access"

// Status is where a case stands in its life cycle.
type Status string

// Flow names the two life cycles: applications and violation cases.
type Flow string

// The two flows; a service's group decides its flow.
const (
	FlowApplication Flow = "application"
	FlowViolation   Flow = "violation"
)

// Flows lists both life cycles.
var Flows = []Flow{FlowApplication, FlowViolation}

// Text is a phrase in both languages of the product.
type Text struct {
	Fa string `json:"fa"`
	En string `json:"en"`
}

// Party is whom a case waits on: whose move it is.
type Party string

// The parties a case can wait on. Nobody: the case is finished until someone reopens it.
const (
	Staff     Party = "staff"
	Applicant Party = "applicant"
	Owner     Party = "owner" // of a building a violation case is about
	Nobody    Party = "nobody"
)

// Parties lists every party, for the API's filters.
var Parties = []Party{Staff, Applicant, Owner, Nobody}

// Entry is everything the product says about one status.
type Entry struct {
	Status  Status
	Flows   []Flow
	Text    Text // the default applicants read; a catalogue service may word it its own way
	WaitsOn Party
	// Next are the steps that move the case on from here, as the access policy names them;
	// who may take each is the policy's answer (MayTake).
	Next []access.Action
}

// ClockRuns reports whether the service's legal clock runs: only while staff have the move.
func (e Entry) ClockRuns() bool { return e.WaitsOn == Staff }

// Finished reports whether the case is over: nobody acts on it unless it is reopened.
func (e Entry) Finished() bool { return e.WaitsOn == Nobody }
