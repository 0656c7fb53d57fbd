package httpapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/shafaf-city/shafaf/domain"
)

// ProblemListener makes net/http's own answers to requests it cannot read (400 for a malformed
// request line or header bytes, 431 for headers too large, 501 for an unknown transfer coding)
// problem documents like every other error, on the connections l accepts.
//
// It depends on how net/http's conn.serve answers such a request: before any handler runs it
// writes "HTTP/1.1 <status>" + goErrorHeaders + a short text, in one Write straight to the
// net.Conn, and hangs up. A conn rewrites exactly that, and only as its first write: once a
// handler has answered, any bytes may be a response body. So a malformed request after a good
// one on the same keep-alive connection still gets Go's text/plain. Should net/http change the
// format, its answers pass unchanged, and TestMalformedRequestsAnswerProblems fails.
func ProblemListener(l net.Listener) net.Listener { return problemListener{l} }

// goErrorHeaders are the headers net/http's server.go writes with its own error answers.
const goErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// Codes of the requests net/http refuses before routing.
const (
	codeMalformedRequest    domain.ErrorCode = "malformed_request"
	codeHeadersTooLarge     domain.ErrorCode = "headers_too_large"
	codeUnsupportedEncoding domain.ErrorCode = "unsupported_transfer_encoding"
	codeUnsupportedVersion  domain.ErrorCode = "unsupported_http_version"
)

// goErrors names net/http's error statuses, and says what went wrong when net/http says no more
// than the status; any other status is a malformed request.
var goErrors = map[int]struct {
	code   domain.ErrorCode
	detail string
}{
	http.StatusBadRequest:                  {codeMalformedRequest, "the request line or a header is not valid HTTP"},
	http.StatusRequestHeaderFieldsTooLarge: {codeHeadersTooLarge, "the request's headers exceed the server's limit"},
	http.StatusNotImplemented:              {codeUnsupportedEncoding, ""},
	http.StatusHTTPVersionNotSupported:     {codeUnsupportedVersion, ""},
}

type problemListener struct{ net.Listener }

func (l problemListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &problemConn{Conn: c}, nil
}

// problemConn rewrites net/http's error answer when it is the connection's first write.
type problemConn struct {
	net.Conn
	wrote atomic.Bool
}

func (c *problemConn) Write(p []byte) (int, error) {
	if c.wrote.Swap(true) {
		return c.Conn.Write(p)
	}
	status, detail, ok := parseGoError(p)
	if !ok {
		return c.Conn.Write(p)
	}
	if _, err := c.Conn.Write(problemAnswer(status, detail)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// CloseWrite keeps net/http's half-close before it hangs up on a client sending headers too large.
func (c *problemConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom keeps sendfile for downloads. net/http uses it only for a body, after the headers.
func (c *problemConn) ReadFrom(r io.Reader) (int64, error) {
	c.wrote.Store(true)
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(c.Conn, r)
}

// maxGoError is longer than any error answer net/http writes itself.
const maxGoError = 512

// parseGoError recognises net/http's own error answer: its status and, when it says more than
// the status, what it says ("missing required Host header").
func parseGoError(p []byte) (status int, detail string, ok bool) {
	if len(p) > maxGoError {
		return 0, "", false
	}
	rest, ok := strings.CutPrefix(string(p), "HTTP/1.1 ")
	if !ok {
		return 0, "", false
	}
	line, text, ok := strings.Cut(rest, goErrorHeaders)
	if !ok || len(line) < 4 || line[3] != ' ' || strings.ContainsAny(line+text, "\r\n") {
		return 0, "", false
	}
	status, err := strconv.Atoi(line[:3])
	if err != nil || status < 400 || status > 599 {
		return 0, "", false
	}
	if _, said, found := strings.Cut(line, ": "); found {
		detail = said
	} else if text != line {
		detail = text
	}
	return status, detail, true
}

// problemAnswer is a whole HTTP response carrying the problem document for status.
func problemAnswer(status int, detail string) []byte {
	known, ok := goErrors[status]
	code := known.code
	if !ok {
		code = codeMalformedRequest
	}
	if detail == "" {
		detail = known.detail
	}
	body, _ := json.Marshal(Problem{Type: problemTypes + string(code), Title: http.StatusText(status),
		Status: status, Detail: detail, Code: string(code)}) // cannot fail: strings and an int
	return fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		status, http.StatusText(status), problemContentType, len(body), body)
}
