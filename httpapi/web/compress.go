package web

import (
	"compress/gzip"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// compressible are the types worth gzipping: the pages, styles, icons and open data are text
// that shrinks to a fraction; fonts and images are compressed already.
var compressible = map[string]bool{
	"text/html": true, "text/css": true, "text/csv": true, "text/plain": true, "image/svg+xml": true,
	"application/json": true, "application/problem+json": true,
}

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}

// compress is middleware that gzips a compressible response for a client that accepts gzip,
// deciding at the first byte, once the handler has set the Content-Type.
func compress(c *gin.Context) {
	if !acceptsGzip(c.GetHeader("Accept-Encoding")) {
		c.Next()
		return
	}
	c.Writer.Header().Add("Vary", "Accept-Encoding")
	w := &gzipWriter{ResponseWriter: c.Writer}
	c.Writer = w
	defer w.close()
	c.Next()
}

// acceptsGzip reads Accept-Encoding, honouring an explicit "gzip;q=0".
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			return strings.ReplaceAll(params, " ", "") != "q=0"
		}
	}
	return false
}

// gzipWriter compresses what the handler writes when its type is compressible.
type gzipWriter struct {
	gin.ResponseWriter
	decided bool
	gz      *gzip.Writer
}

func (w *gzipWriter) decide() {
	if w.decided {
		return
	}
	w.decided = true
	h := w.Header()
	ct, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if !compressible[ct] || h.Get("Content-Encoding") != "" || w.Status() == http.StatusNoContent || w.Status() == http.StatusNotModified {
		return
	}
	h.Set("Content-Encoding", "gzip")
	h.Del("Content-Length")
	w.gz = gzipPool.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	w.decide()
	if w.gz == nil {
		return w.ResponseWriter.Write(b)
	}
	return w.gz.Write(b)
}

func (w *gzipWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

// close ends the gzip stream, if one was started, and returns its writer to the pool.
func (w *gzipWriter) close() {
	if w.gz == nil {
		return
	}
	_ = w.gz.Close() // the client went away: nothing more to tell it
	gzipPool.Put(w.gz)
	w.gz = nil
}
