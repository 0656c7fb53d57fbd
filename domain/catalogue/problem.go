package catalogue

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Problem is one thing wrong with a catalogue file, located by JSON path and line.
type Problem struct {
	Location string `json:"location"` // e.g. services[12].steps[3].roles[0]
	Line     int    `json:"line"`
	Message  string `json:"message"`
}

func (p Problem) String() string {
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Location, p.Message)
}

// InvalidError is Load's error: the catalogue did not validate, for all these reasons.
type InvalidError struct {
	Problems []Problem
}

func (e *InvalidError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "catalogue: invalid:\n" + strings.Join(lines, "\n")
}

// decodeProblem locates a decoding error, which stops validation because nothing after it
// can be trusted. encoding/json gives an offset for syntax and type errors and only a name for
// an unknown field, which is found in the line index by its last path segment.
func decodeProblem(data []byte, lines map[string]int, err error) Problem {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return Problem{Line: lineAt(data, int(syntax.Offset)), Message: err.Error()}
	case errors.As(err, &typeErr):
		return Problem{Location: typeErr.Field, Line: lineAt(data, int(typeErr.Offset)), Message: err.Error()}
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		for _, path := range sortedKeys(lines) {
			if strings.HasSuffix("."+path, "."+strings.Trim(field, `"`)) {
				return Problem{Location: path, Line: lines[path], Message: "unknown field " + field}
			}
		}
	}
	return Problem{Line: 1, Message: err.Error()}
}
