package certificates

import (
	"net/url"
	"strings"
)

// Links are a certificate's addresses on the public site, made in this one place for the QR
// code, the /verify answer and the applicant's case: the verification link the printed QR
// code holds, and the printable page. Both carry the verification code, the secret that
// proves the holder has the document, since the register keeps only its hash.
type Links struct {
	// Base is the public site's address (SHAFAF_PUBLIC_URL); empty gives links relative to
	// the site's root.
	Base string
}

// Verify is the link /verify answers: /verify/{number}?c={code}.
func (l Links) Verify(number, code string) string { return l.link("/verify/", number, code) }

// Print is the printable certificate: /certificates/{number}?c={code}.
func (l Links) Print(number, code string) string { return l.link("/certificates/", number, code) }

func (l Links) link(path, number, code string) string {
	return strings.TrimSuffix(l.Base, "/") + path + url.PathEscape(number) + "?" + url.Values{"c": {code}}.Encode()
}
