package casesummary

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/shafaf-city/shafaf/domain/access"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/ident"
	"github.com/shafaf-city/shafaf/eventstore"
)

// Access is what authorizing a query on the case needs. It is never encoded: an owner's
// subject and national ID hash are personal data.
type Access struct {
	Group            access.Group
	OwnerSubject     string
	ApplicantNIDHash string
}

// NationalIDHash is how the read model stores an applicant's national ID: hex SHA-256 of its
// canonical digits, so queries compare hashes and the table never holds the ID. Empty stays
// empty, so a token without a national ID matches nothing. Ten digits are cheap to brute-force:
// the hash keeps IDs out of dumps and logs, it does not make the table public.
func NationalIDHash(nid string) string {
	if nid == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("shafaf.national_id:" + ident.CanonicalNationalID(nid)))
	return hex.EncodeToString(sum[:])
}

// groupOf is the service group of a submitted case, "" for a service no embedded catalogue knows.
func groupOf(version, service string) string {
	if cat, ok := catalogue.ByVersion(version); ok {
		if svc, ok := cat.Service(service); ok {
			return string(svc.Group)
		}
	}
	return ""
}

// ownerSubject is the token subject of an applicant who submitted the case online.
func ownerSubject(meta eventstore.Metadata) string {
	if meta.ActorRole == string(access.Applicant) {
		return meta.ActorID
	}
	return ""
}
