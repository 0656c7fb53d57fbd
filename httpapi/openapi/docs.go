package openapi

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html/template"
	"maps"
	"slices"
	"strings"
)

//go:embed docs.html
var docsTemplate string

//go:embed style.css
var style []byte

// spec is the part of the document the docs page shows.
type spec struct {
	Info struct {
		Title       string `json:"title"`
		Version     string `json:"version"`
		Description string `json:"description"`
	} `json:"info"`
	Tags []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"tags"`
	Paths map[string]map[string]json.RawMessage `json:"paths"`
}

type operation struct {
	Method, Path, Summary, Description, ID string
	Parameters                             []string
	Body                                   []string
	Responses                              []string
	Public                                 bool
}

type section struct {
	Name, Description string
	Operations        []operation
}

// renderDocs draws the page once at start: sections by tag, one entry per operation.
func renderDocs(doc []byte) ([]byte, error) {
	var s spec
	if err := json.Unmarshal(doc, &s); err != nil {
		return nil, err
	}
	sections := make([]section, len(s.Tags))
	index := map[string]int{}
	for i, t := range s.Tags {
		sections[i] = section{Name: t.Name, Description: t.Description}
		index[t.Name] = i
	}
	for _, path := range slices.Sorted(maps.Keys(s.Paths)) {
		for _, method := range []string{"get", "post"} {
			raw, ok := s.Paths[path][method]
			if !ok {
				continue
			}
			op, tag, err := parseOperation(method, path, raw)
			if err != nil {
				return nil, err
			}
			if i, ok := index[tag]; ok {
				sections[i].Operations = append(sections[i].Operations, op)
			}
		}
	}
	t, err := template.New("docs").Funcs(template.FuncMap{"md": inlineCode}).Parse(docsTemplate)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Execute(&b, map[string]any{"Info": s.Info, "Sections": sections})
	return b.Bytes(), err
}

func parseOperation(method, path string, raw json.RawMessage) (operation, string, error) {
	var o struct {
		Tags        []string          `json:"tags"`
		Summary     string            `json:"summary"`
		Description string            `json:"description"`
		OperationID string            `json:"operationId"`
		Security    []json.RawMessage `json:"security"`
		Parameters  []struct {
			Ref  string `json:"$ref"`
			Name string `json:"name"`
			In   string `json:"in"`
		} `json:"parameters"`
		RequestBody struct {
			Ref     string `json:"$ref"`
			Content map[string]struct {
				Schema struct {
					Properties map[string]json.RawMessage `json:"properties"`
				} `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
		Responses map[string]json.RawMessage `json:"responses"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		return operation{}, "", err
	}
	op := operation{Method: strings.ToUpper(method), Path: path, Summary: o.Summary, Description: o.Description,
		ID: o.OperationID, Public: o.Security != nil && len(o.Security) == 0}
	for _, p := range o.Parameters {
		if p.Ref != "" {
			op.Parameters = append(op.Parameters, p.Ref[strings.LastIndexByte(p.Ref, '/')+1:])
		} else {
			op.Parameters = append(op.Parameters, p.Name+" ("+p.In+")")
		}
	}
	if o.RequestBody.Ref != "" {
		op.Body = []string{o.RequestBody.Ref[strings.LastIndexByte(o.RequestBody.Ref, '/')+1:]}
	}
	for _, c := range o.RequestBody.Content {
		op.Body = append(op.Body, slices.Sorted(maps.Keys(c.Schema.Properties))...)
	}
	op.Responses = slices.Sorted(maps.Keys(o.Responses))
	tag := ""
	if len(o.Tags) > 0 {
		tag = o.Tags[0]
	}
	return op, tag, nil
}

// inlineCode renders the document's prose, which marks names and values with Markdown
// backticks and is wrapped at a fixed width, as HTML: the text escaped, each `span` in a code
// element, lines joined and a blank line a break.
func inlineCode(s string) template.HTML {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\n\n", "\x00")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "\x00", "\n")
	parts := strings.Split(s, "`")
	var b strings.Builder
	for i, part := range parts {
		text := template.HTMLEscapeString(part)
		switch {
		case i%2 == 0:
			b.WriteString(text)
		case i == len(parts)-1: // an unpaired backtick is just a character
			b.WriteString("`" + text)
		default:
			b.WriteString("<code>" + text + "</code>")
		}
	}
	return template.HTML(strings.ReplaceAll(b.String(), "\n", "<br><br>")) // every piece above is escaped
}
