package httpapi

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// Degraded is what Config.Ready answers while the instance serves but read models have parked
// cases (events they could not apply, waiting for an operator): /readyz stays 200, so load
// balancers keep the instance, and its body says degraded and how many cases are parked where.
type Degraded struct {
	ParkedCases map[string]int // read model → cases parked in it
}

func (d *Degraded) Error() string {
	names := slices.Sorted(maps.Keys(d.ParkedCases))
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%s %d", name, d.ParkedCases[name])
	}
	return "degraded: cases parked in read models (" + strings.Join(parts, ", ") + ")"
}

// writeDegraded answers /readyz for d.
func writeDegraded(c *gin.Context, d *Degraded) {
	total := 0
	for _, n := range d.ParkedCases {
		total += n
	}
	JSON(c, http.StatusOK, gin.H{"status": "degraded", "parked_cases": total, "parked_by_read_model": d.ParkedCases, "detail": d.Error()})
}
