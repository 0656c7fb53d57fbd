package cases

import "github.com/shafaf-city/shafaf/domain/catalogue"

// ZoningReply is a zoning reply as people read it, on the case, the verification page and the
// printed reply alike: the codes with their Persian and English names, and the density also as
// the floor-area ratio (FAR) banks and engineers quote.
type ZoningReply struct {
	Zone            Named    `json:"zone"`
	PermittedUses   []Named  `json:"permitted_uses"`
	DensityPercent  int      `json:"density_percent"`
	FAR             float64  `json:"far"`
	CoveragePercent int      `json:"coverage_percent"`
	MaxHeightM      float64  `json:"max_height_m"`
	MaxFloors       int      `json:"max_floors"`
	Setbacks        Setbacks `json:"setbacks"`
	Remarks         string   `json:"remarks,omitempty"`
}

// Named is a code of the zoning vocabulary with its names.
type Named struct {
	Code string         `json:"code"`
	Name catalogue.Text `json:"name"`
}

// Reply names the codes of z from the zoning vocabulary; a code the vocabulary lost keeps its
// code as its name rather than hiding what the reply stated.
func (z Zoning) Reply() ZoningReply {
	zone := Named{Code: z.Zone, Name: catalogue.Text{Fa: z.Zone, En: z.Zone}}
	if zn, ok := catalogue.ZoneOf(z.Zone); ok {
		zone.Name = zn.Name
	}
	uses := make([]Named, len(z.PermittedUses))
	for i, u := range z.PermittedUses {
		uses[i] = Named{Code: u, Name: catalogue.Text{Fa: u, En: u}}
		if name, ok := catalogue.LandUse(u); ok {
			uses[i].Name = name
		}
	}
	return ZoningReply{Zone: zone, PermittedUses: uses, DensityPercent: z.DensityPercent,
		FAR: float64(z.DensityPercent) / 100, CoveragePercent: z.CoveragePercent, MaxHeightM: z.MaxHeightM,
		MaxFloors: z.MaxFloors, Setbacks: z.Setbacks, Remarks: z.Remarks}
}
