package catalogue

import (
	"slices"

	"github.com/shafaf-city/shafaf/domain/access"
)

// Districts are the city's municipal districts (مناطق شهرداری), as the access policy lists them
// with their departments. A case filed in any other district would belong to a department
// nobody works in, so submissions and list filters accept these only.
var Districts = access.Districts

// IsDistrict reports whether d is one of Districts.
func IsDistrict(d string) bool { return slices.Contains(Districts, d) }
