package demo

import (
	"math/rand"
	"sort"

	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// demand is how many of every thousand cases a mid-sized city's planning office sees for each
// service, so the seeded city is as lopsided as a real one and its popular services fill
// cells above the dashboard's suppression threshold. Every mortgage and every property sale
// needs an inquiry answered (banks, notaries) and a no-violation certificate; building cycles
// bring new and renewed permits, completion certificates, land-use inquiries, Article 100
// violations and commercial waste contracts. Duplicates, land subdivisions and the technical
// committees are rare. A service missing here weighs rareDemand.
var demand = map[string]int{
	"inq.bank":                  120,
	"permit.new":                110,
	"inq.notary":                100,
	"cert.noviolation":          90,
	"permit.renew":              70,
	"cert.completion":           70,
	"inq.landuse":               60,
	"viol.art100":               60,
	"waste.commercial":          50,
	"permit.extend":             30,
	"inq.fee_estimate":          30,
	"permit.rebuild":            25,
	"cert.transfer":             25,
	"inq.map_order":             25,
	"permit.floors":             20,
	"cert.clearance":            20,
	"inq.setback":               20,
	"permit.repair":             15,
	"permit.principle":          15,
	"cert.completion.partition": 15,
	"inq.agency":                15,
	"permit.amend":              12,
	"permit.demolish":           12,
	"permit.wall":               10,
	"cert.building_id":          10,
	"permit.fence":              8,
	"permit.excavation":         6,
	"cert.temp_use":             6,
	"land.subdivide":            6,
	"permit.reissue":            5,
	"land.partition":            5,
	"permit.terrace":            4,
	"land.merge":                4,
	"viol.parking":              4,
	"permit.duplicate":          3,
	"land.change_use":           3,
	"viol.technical":            3,
}

// rareDemand weighs a service the table does not know yet, e.g. one a newer catalogue added.
const rareDemand = 3

// serviceMix draws services in proportion to their demand.
type serviceMix struct {
	services []catalogue.Service
	cum      []int // running sum of the weights
}

func newServiceMix(services []catalogue.Service) serviceMix {
	m := serviceMix{services: services, cum: make([]int, len(services))}
	total := 0
	for i, svc := range services {
		w, ok := demand[svc.Key]
		if !ok {
			w = rareDemand
		}
		total += w
		m.cum[i] = total
	}
	return m
}

// draw picks a service: one random number, whatever the weights.
func (m serviceMix) draw(rng *rand.Rand) catalogue.Service {
	x := rng.Intn(m.cum[len(m.cum)-1])
	return m.services[sort.SearchInts(m.cum, x+1)]
}
