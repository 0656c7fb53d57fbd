package cases_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/ident"
)

// Whatever path a command comes by, the domain itself refuses strings the edge would: this
// is what keeps a seeder or a CLI from storing a NUL that stops the read models.
func TestValidateRefusesUncleanStrings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		cmd         cases.Command
		field, code string
	}{
		{"a NUL in an assignee", cases.Assign{Assignee: "clerk-\x00x"}, "assignee", ident.CodeControl},
		{"invalid UTF-8 in a note", cases.AddNote{Text: "a\xffb", Visibility: cases.NoteInternal}, "text", ident.CodeEncoding},
		{"a newline in a legal basis", cases.RecordDecision{Outcome: cases.OutcomeApprove, Reasons: []string{"ok"}, LegalBasis: "a\nb"}, "legal_basis", ident.CodeControl},
		{"a note over its limit", cases.AddNote{Text: strings.Repeat("x", 4001), Visibility: cases.NoteInternal}, "text", ident.CodeMaxLength},
		{"a district the city does not have", cases.Submit{District: "999"}, "district", cases.CodeDistrictUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var de *domain.Error
			if err := cases.Validate(tt.cmd); !errors.As(err, &de) || !hasField(de.Fields, tt.field, tt.code) {
				t.Fatalf("Validate(%T) = %v; want field %q code %q", tt.cmd, err, tt.field, tt.code)
			}
		})
	}
}

func hasField(fields []domain.FieldError, field, code string) bool {
	for _, fe := range fields {
		if fe.Field == field && fe.Code == code {
			return true
		}
	}
	return false
}
