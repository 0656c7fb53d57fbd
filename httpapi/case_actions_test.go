package httpapi

import (
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/httpapi/openapi"
)

// ownHandlers are the command operations with a handler of their own rather than a row of
// commands.Actions (submission answers 201, issuance, holds, uploads and online payments do
// more than one step; a patrol finding opens a case or records on the plot's open one; a
// reassignment is many cases, a delegation is an official's, not a case's).
var ownHandlers = []string{"submitCase", "issue", "placeHold", "releaseHold", "uploadDocument", "startPayment", "recordPatrolFinding",
	"reassign", "delegate", "revokeDelegation"}

// TestEveryActionIsPublishedAndPermitted holds commands.Actions to the OpenAPI document and
// the access policy: each row's operation exists at the row's method and path, its policy
// action is one the policy knows, and every command operation of the document is a row or one
// of ownHandlers, so none of the three can drift from the others.
func TestEveryActionIsPublishedAndPermitted(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData(openapi.JSON())
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, a := range commands.Actions {
		rows[a.Operation] = true
		path := doc.Paths.Find(openAPIPath(a.Path))
		if path == nil {
			t.Errorf("%s: no path %s in the OpenAPI document", a.Operation, openAPIPath(a.Path))
			continue
		}
		if op := path.GetOperation(a.Method); op == nil || op.OperationID != a.Operation {
			t.Errorf("%s %s: the document's operation is %v, the table's %s", a.Method, a.Path, operationID(op), a.Operation)
		}
		if !slices.Contains(access.Actions(), a.Policy) {
			t.Errorf("%s: the access policy has no action %q", a.Operation, a.Policy)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if slices.Contains(op.Tags, "commands") && !rows[op.OperationID] && !slices.Contains(ownHandlers, op.OperationID) {
				t.Errorf("%s %s (%s) is a command of the document with no row in commands.Actions", method, path, op.OperationID)
			}
		}
	}
}

// openAPIPath writes a gin path (":id") as OpenAPI does ("{id}").
func openAPIPath(gin string) string {
	parts := strings.Split(gin, "/")
	for i, p := range parts {
		if name, ok := strings.CutPrefix(p, ":"); ok {
			parts[i] = "{" + name + "}"
		}
	}
	return strings.Join(parts, "/")
}

func operationID(op *openapi3.Operation) string {
	if op == nil {
		return "missing"
	}
	return op.OperationID
}
