package documents

import (
	"bytes"

	"github.com/shafaf-city/shafaf/domain/cases"
)

// sniffLen is how many leading bytes decide a file's media type.
const sniffLen = 8

// signatures are the magic numbers of the formats a municipality accepts. The client's
// Content-Type is never trusted: a renamed executable must not become a "PDF".
var signatures = []struct {
	magic []byte
	media string
}{
	{[]byte("%PDF-"), cases.MediaPDF},
	{[]byte{0xFF, 0xD8, 0xFF}, cases.MediaJPEG},
	{[]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, cases.MediaPNG},
	{[]byte{'I', 'I', 0x2A, 0x00}, cases.MediaTIFF},
	{[]byte{'M', 'M', 0x00, 0x2A}, cases.MediaTIFF},
}

// Sniff names the media type of a file from its first bytes, or "" when it is none we accept.
func Sniff(head []byte) string {
	for _, s := range signatures {
		if bytes.HasPrefix(head, s.magic) {
			return s.media
		}
	}
	return ""
}
