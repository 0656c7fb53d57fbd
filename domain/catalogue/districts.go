package catalogue

import (
	"slices"
	"strconv"
)

// Districts are the city's municipal districts (مناطق شهرداری), "1" to "22", as cases name them;
// each is served by the department "district-N". A case filed in any other district would
// belong to a department nobody works in, so submissions and list filters accept these only.
var Districts = func() []string {
	out := make([]string, 22)
	for i := range out {
		out[i] = strconv.Itoa(i + 1)
	}
	return out
}()

// IsDistrict reports whether d is one of Districts.
func IsDistrict(d string) bool { return slices.Contains(Districts, d) }
