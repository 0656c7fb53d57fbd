package catalogue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// lineIndex maps JSON paths ("services[12].steps[3]") to the line where each value starts, so
// problems point into the file an editor has open.
type lineIndex struct {
	data  []byte
	dec   *json.Decoder
	lines map[string]int
}

// indexLines walks data's tokens; on malformed JSON it returns what it indexed so far.
func indexLines(data []byte) map[string]int {
	ix := &lineIndex{data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: map[string]int{}}
	_ = ix.value("")
	return ix.lines
}

func (ix *lineIndex) value(path string) error {
	start := ix.nextValueOffset()
	tok, err := ix.dec.Token()
	if err != nil {
		return err
	}
	ix.lines[path] = lineAt(ix.data, start)
	switch tok {
	case json.Delim('{'):
		for ix.dec.More() {
			key, err := ix.dec.Token()
			if err != nil {
				return err
			}
			if err := ix.value(joinPath(path, fmt.Sprint(key))); err != nil {
				return err
			}
		}
	case json.Delim('['):
		for i := 0; ix.dec.More(); i++ {
			if err := ix.value(fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	_, err = ix.dec.Token() // the closing delimiter
	return err
}

// nextValueOffset skips the separators the decoder has not consumed yet.
func (ix *lineIndex) nextValueOffset() int {
	off := int(ix.dec.InputOffset())
	for off < len(ix.data) && strings.IndexByte(" \t\r\n,:", ix.data[off]) >= 0 {
		off++
	}
	return off
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off int) int {
	return 1 + bytes.Count(data[:min(off, len(data))], []byte("\n"))
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// lineOf finds the line of path, or of its nearest indexed ancestor when the value is missing.
func lineOf(lines map[string]int, path string) int {
	for {
		if line, ok := lines[path]; ok {
			return line
		}
		cut := max(strings.LastIndexByte(path, '.'), strings.LastIndexByte(path, '['))
		if cut < 0 {
			return 1
		}
		path = path[:cut]
	}
}
