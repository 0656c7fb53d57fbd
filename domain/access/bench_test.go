package access_test

import (
	"testing"

	"github.com/shafaf-city/shafaf/domain/access"
)

func BenchmarkAuthorize(b *testing.B) {
	actor := access.Actor{Subject: "citizen-1", Roles: []access.Role{access.Applicant}, NationalID: "0012345678"}
	foreign := access.Target{Group: access.Permit, Department: "permits", ApplicantNationalID: "0099999999"}
	for b.Loop() {
		if access.Authorize(actor, access.Decide, foreign) == nil {
			b.Fatal("allowed")
		}
	}
}
