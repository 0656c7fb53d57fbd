package ident_test

import (
	"errors"
	"testing"

	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/ident"
)

type walkedApplicant struct {
	Name string `json:"name"`
}

type walkedRequest struct {
	District  string           `json:"district"`
	Reasons   []string         `json:"reasons"`
	Applicant *walkedApplicant `json:"applicant"`
	Server    string           `json:"-"`
	Untagged  string
}

func TestNormalizeAll(t *testing.T) {
	t.Parallel()
	t.Run("normalises every string by its field's rule, leaving the server's alone", func(t *testing.T) {
		t.Parallel()
		r := walkedRequest{District: " ۳ ", Reasons: []string{" يك "}, Applicant: &walkedApplicant{Name: "علي "}, Server: " x "}
		if err := ident.NormalizeAll(&r); err != nil {
			t.Fatal(err)
		}
		if r.District != "3" || r.Reasons[0] != "یک" || r.Applicant.Name != "علی" || r.Server != " x " {
			t.Fatalf("normalised to %+v %+v", r, *r.Applicant)
		}
	})
	t.Run("names every refused field by its path", func(t *testing.T) {
		t.Parallel()
		r := walkedRequest{District: "1\x00", Reasons: []string{"ok", "\a"}, Applicant: &walkedApplicant{Name: "a\nb"}}
		var de *domain.Error
		if err := ident.NormalizeAll(&r); !errors.As(err, &de) {
			t.Fatalf("NormalizeAll = %v", err)
		}
		var got []string
		for _, fe := range de.Fields {
			got = append(got, fe.Field+":"+fe.Code)
		}
		want := []string{"district:control_character", "reasons[1]:control_character", "applicant.name:control_character"}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Fatalf("fields %q, want %q", got, want)
		}
	})
}

func TestCheckAllGuardsTheServersFieldsToo(t *testing.T) {
	t.Parallel()
	if err := ident.CheckAll(walkedRequest{Server: "a\x00"}); codeOf(t, err) != ident.CodeControl {
		t.Fatalf("CheckAll let a NUL in a hidden field through: %v", err)
	}
	if err := ident.CheckAll(walkedRequest{Untagged: "\xff"}); codeOf(t, err) != ident.CodeEncoding {
		t.Fatalf("CheckAll let invalid UTF-8 in an untagged field through: %v", err)
	}
	if err := ident.CheckAll(walkedRequest{District: "3", Reasons: []string{"line\nline"}}); err != nil {
		t.Fatalf("CheckAll refused clean input: %v", err)
	}
}

func TestCanonicalNationalID(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"۳۹۷۴۰۱۷۸۴۴": "3974017844", "499370899": "0499370899", "397-401-7844": "3974017844",
		"۱۲۳": "123", "": "",
	} {
		if got := ident.CanonicalNationalID(in); got != want {
			t.Errorf("CanonicalNationalID(%q) = %q, want %q", in, got, want)
		}
	}
}
