package domain

import (
	"errors"
	"fmt"
)

// ErrorCode classifies an error for every edge that reports it (HTTP status, CLI exit code).
type ErrorCode string

// The error codes of the product. httpapi maps each to exactly one HTTP status.
const (
	CodeInvalid            ErrorCode = "invalid"             // input is malformed or fails a field rule
	CodeNotFound           ErrorCode = "not_found"           // the thing does not exist (or must look so)
	CodeConflict           ErrorCode = "conflict"            // someone else changed it first
	CodeRuleViolated       ErrorCode = "rule_violated"       // well-formed, but a business rule refuses it
	CodeForbidden          ErrorCode = "forbidden"           // the actor may not do this
	CodePreconditionFailed ErrorCode = "precondition_failed" // the caller's If-Match is stale
	CodeUnavailable        ErrorCode = "unavailable"         // a dependency is down; retry later
	CodeInternal           ErrorCode = "internal"            // a bug or an unexpected failure
)

// Error is the one error type the domain and application layers return. Rule names the
// business rule that refused a command (e.g. "issuance.requires_payment") so clients can act.
type Error struct {
	Code    ErrorCode
	Rule    string
	Message string
	Fields  []FieldError
	Err     error
}

// FieldError says what is wrong with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid reports bad input, one FieldError per problem.
func Invalid(fields ...FieldError) *Error {
	msg := "the request has invalid fields"
	if len(fields) == 1 {
		msg = fields[0].Field + ": " + fields[0].Message
	}
	return &Error{Code: CodeInvalid, Message: msg, Fields: fields}
}

// RuleViolated reports a refused command, naming the rule it broke.
func RuleViolated(rule, message string) *Error {
	return &Error{Code: CodeRuleViolated, Rule: rule, Message: message}
}

// NotFound reports a missing thing.
func NotFound(message string) *Error { return &Error{Code: CodeNotFound, Message: message} }

// Errorf builds an Error of any code.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of the first *Error in err's chain, or CodeInternal.
func CodeOf(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// FieldErrors collects field problems while validating a command.
type FieldErrors []FieldError

// Add records a problem with field.
func (fe *FieldErrors) Add(field, code, message string) {
	*fe = append(*fe, FieldError{Field: field, Code: code, Message: message})
}

// Err returns nil when there were no problems, else an Invalid error listing them all.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return Invalid(fe...)
}
