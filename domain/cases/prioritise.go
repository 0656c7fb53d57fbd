package cases

import "time"

// TypePrioritised is stored forever: never rename it.
const TypePrioritised = "case.Prioritised.v1"

// Prioritise: a head of department marks a case urgent, with a reason.
type Prioritise struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"-"`
}

// Validate checks the reason.
func (c Prioritise) Validate() error { return reasonRequired(c.Reason) }

// ReceivedAt dates the command.
func (c Prioritise) ReceivedAt(at time.Time) Command { c.At = at; return c }

// Prioritised: the case is urgent.
type Prioritised struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

func (*Prioritised) EventType() string       { return TypePrioritised }
func (e *Prioritised) OccurredAt() time.Time { return e.At }

func decidePrioritise(s State, c Prioritise) (*Prioritised, error) {
	if err := notIssued(s); err != nil {
		return nil, err
	}
	return &Prioritised{Reason: c.Reason, At: c.At}, nil
}
