package fees

// charge computes the lines of one item: one line per floor for per-floor items, else one.
func (it Item) charge(s *Schedule, in Inputs) ([]Line, error) {
	base := it.price(in)
	if it.Quantity == QuantityFloors {
		lines := make([]Line, 0, len(in.FloorAreas))
		for floor, area := range in.FloorAreas {
			line, err := it.lineFor(int64(area), "dm2", 100, base, it.floorRate(floor))
			if err != nil {
				return nil, err
			}
			lines = append(lines, line)
		}
		return lines, nil
	}
	quantity, unit, scale := it.quantity(s, in)
	line, err := it.lineFor(quantity, unit, scale, base, it.rate(in))
	if err != nil {
		return nil, err
	}
	return []Line{line}, nil
}

// counts reports whether the item has anything to charge for these inputs.
func (it Item) counts(s *Schedule, in Inputs) bool {
	if it.Quantity == QuantityFloors {
		return len(in.FloorAreas) > 0
	}
	quantity, _, _ := it.quantity(s, in)
	return quantity > 0
}

// price is the item's price reference, in rials per m² (or per unit for fixed items).
func (it Item) price(in Inputs) int64 {
	switch it.Base {
	case BaseRegionalPrice:
		return in.RegionalPrice
	case BaseTransactionValue:
		return in.TransactionValue
	}
	return it.FixedRials
}

// quantity returns what the item counts, its unit, and how many of that unit make one m²
// (or one space or item).
func (it Item) quantity(s *Schedule, in Inputs) (int64, string, int64) {
	switch it.Quantity {
	case QuantityRequestedArea:
		return int64(in.RequestedArea), "dm2", 100
	case QuantityRequestedAreaNet:
		return max(0, int64(in.RequestedArea-SquareMetres(s.ParkingSpaceM2*int64(in.ParkingProvided)))), "dm2", 100
	case QuantityCommercialArea:
		return int64(in.CommercialArea), "dm2", 100
	case QuantityLandArea:
		return int64(in.LandArea), "dm2", 100
	case QuantityExcessArea:
		return int64(in.ExcessArea), "dm2", 100
	case QuantityParkingDeficit:
		return int64(max(0, in.ParkingRequired-in.ParkingProvided)), "space", 1
	}
	return 1, "unit", 1
}

// rate is the item's rate in basis points; brackets choose by the gross requested area and
// apply to the whole quantity (not marginally), as the Tehran region 5 sheet reads.
func (it Item) rate(in Inputs) int64 {
	switch {
	case len(it.RateRangeBP) == 2:
		return in.FineRateBP
	case len(it.Brackets) > 0:
		for _, b := range it.Brackets {
			if b.UptoM2 == 0 || in.RequestedArea <= SquareMetres(b.UptoM2) {
				return b.RateBP
			}
		}
	}
	return it.RateBP
}

// floorRate is k for a floor (0 = ground); floors above the list add AboveStepBP each.
func (it Item) floorRate(floor int) int64 {
	last := len(it.PerFloorBP) - 1
	if floor <= last {
		return it.PerFloorBP[floor]
	}
	return it.PerFloorBP[last] + int64(floor-last)*it.AboveStepBP
}
