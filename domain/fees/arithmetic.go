package fees

import (
	"fmt"
	"math/big"
)

// mulDiv returns a·b·c / d rounded half up, for non-negative a, b, c and positive d. The
// product goes through big.Int because area × price × rate overflows int64 for large plots.
func mulDiv(a, b, c, d int64) (int64, error) {
	num := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	num.Mul(num, big.NewInt(c))
	den := big.NewInt(d)
	num.Add(num.Lsh(num, 1), den) // (2n + d) / 2d is n/d rounded half up
	num.Quo(num, den.Lsh(den, 1))
	if !num.IsInt64() {
		return 0, fmt.Errorf("fees: amount %s rials does not fit int64", num)
	}
	return num.Int64(), nil
}
