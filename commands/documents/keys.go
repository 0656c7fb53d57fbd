package documents

import (
	"encoding/hex"
	"strings"
)

// DigestOfKey returns the hexadecimal SHA-256 a content key names, or false for anything that
// is not a key KeyOf made; adapters refuse such keys, so no key can reach outside their store.
func DigestOfKey(key string) (string, bool) {
	digest, ok := strings.CutPrefix(key, "sha256/")
	if !ok || len(digest) != 64 || strings.ToLower(digest) != digest {
		return "", false
	}
	_, err := hex.DecodeString(digest)
	return digest, err == nil
}
