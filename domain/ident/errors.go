package ident

import "github.com/shafaf-city/shafaf/domain"

// The stable machine codes of every rule in this package; clients key translations on them.
const (
	CodeNationalIDFormat   = "national_id.format"   // not 8–10 digits
	CodeNationalIDRepeated = "national_id.repeated" // all ten digits identical
	CodeNationalIDChecksum = "national_id.checksum" // check digit does not match
	CodePostalCodeFormat   = "postal_code.format"   // not exactly 10 digits
	CodePostalCodeRepeated = "postal_code.repeated" // starts with four identical digits
	CodePostalCodePattern  = "postal_code.pattern"  // a digit outside the allowed set
	CodePlotFormat         = "plot.format"          // the "sub/main" text does not parse
	CodePlotSection        = "plot.section"         // section is not a positive number
	CodePlotMain           = "plot.main"            // main numbers missing or not positive
	CodePlotSub            = "plot.sub"             // a sub number is not positive
)

// invalid builds the domain's field error for one broken rule of one field.
func invalid(field, code, message string) error {
	return domain.Invalid(domain.FieldError{Field: field, Code: code, Message: message})
}
