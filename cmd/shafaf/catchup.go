package main

import (
	"fmt"
	"strconv"
)

// catchUpBatchEnv sizes the read models' catch-up transactions (projector.Config
// .CatchUpBatchSize): larger ones catch up faster and hold more rows in memory meanwhile.
const catchUpBatchEnv = "SHAFAF_CATCHUP_BATCH"

// serveCatchUpBatch is serve's size unless SHAFAF_CATCHUP_BATCH says otherwise: small enough
// that a first catch-up of all six read models stays near the server's memory budget (see
// defaultMemoryLimit). Operator commands, a rebuild above all, run in a process of their own
// and take the runtime's larger default.
const serveCatchUpBatch = 20_000

// catchUpBatch is SHAFAF_CATCHUP_BATCH from getenv, or def when it is unset; 0 means the
// runtime's default.
func catchUpBatch(getenv func(string) string, def int) (int, error) {
	raw := getenv(catchUpBatchEnv)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		return 0, usageError(fmt.Sprintf("%s=%q: want a number of events (0 for the default)", catchUpBatchEnv, raw))
	}
	return n, nil
}
