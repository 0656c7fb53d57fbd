package web

import (
	"bytes"
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/workdays"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

//go:embed static/favicon.svg
var faviconSVG []byte

// Config is what the public pages need from the outside.
type Config struct {
	Source Source
	Logger *zap.Logger
	// Now drives the verification rate limit; tests pass a fake clock.
	Now func() time.Time
	// VerifyBurst checks are allowed at once per client address, then one per VerifyEvery.
	VerifyBurst int
	VerifyEvery time.Duration
	// Catalogue and Calendar explain the figures on /methods and /fees; nil: the embedded ones.
	Catalogue *catalogue.Catalogue
	Calendar  *workdays.Calendar
	// PublicURL is the public site's address (SHAFAF_PUBLIC_URL), which the QR code on a
	// printable certificate links to; empty: the address the page was asked at.
	PublicURL string
	// LogPublicKey is the note verifier key of the transparency log's checkpoints, shown on
	// the dashboard and the open-data page; empty when no log is published.
	LogPublicKey string
}

// Handler serves the public pages.
type Handler struct {
	cfg     Config
	log     *zap.Logger
	pages   map[string]*template.Template
	limit   *limiter
	statics http.Handler
}

// funcs are the few conversions templates need beyond Lang's methods.
var funcs = template.FuncMap{
	"int64":    func(n int) int64 { return int64(n) },
	"monthKey": monthKey,
	"int64u":   func(n uint64) int64 { return int64(n) },
	"base64":   base64.StdEncoding.EncodeToString,
	"pct":      func(bp int64) float64 { return float64(bp) / 10000 },
	// fig bundles a chart with its caption and note for the "figure" template.
	"fig": func(l Lang, c hbarChart, caption, note string) figureData {
		return figureData{L: l, C: c, Caption: caption, Note: note}
	},
}

// figureData is one chart in its frame.
type figureData struct {
	L             Lang
	C             hbarChart
	Caption, Note string
}

// pageNames are the templates under templates/ that render a whole page.
var pageNames = []string{"dashboard", "verify", "certificate", "track", "opendata", "methods", "fees", "error"}

// New parses the templates once and checks the configuration.
func New(cfg Config) (*Handler, error) {
	if cfg.Source == nil {
		return nil, errors.New("web: a Source is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Catalogue == nil {
		cfg.Catalogue = catalogue.Default()
	}
	if cfg.Calendar == nil {
		cfg.Calendar = workdays.Default()
	}
	if cfg.VerifyBurst <= 0 {
		cfg.VerifyBurst = 10
	}
	if cfg.VerifyEvery <= 0 {
		cfg.VerifyEvery = 6 * time.Second
	}
	h := &Handler{cfg: cfg, log: cfg.Logger, pages: map[string]*template.Template{},
		limit: newLimiter(cfg.VerifyBurst, cfg.VerifyEvery, cfg.Now)}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/charts.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		h.pages[name] = t
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	h.statics = http.StripPrefix("/assets/", http.FileServerFS(sub))
	return h, nil
}

// Register mounts every public route on r, each gzipped for clients that accept it. The
// verification limit keys on r's ClientIP, so r must trust X-Forwarded-For from its own
// proxies only, as httpapi's router does.
func (h *Handler) Register(r gin.IRoutes) {
	get := func(path string, f gin.HandlerFunc) { r.GET(path, compress, f) }
	get("/", h.dashboard)                                       // the dashboard, Persian unless ?lang=en
	get("/en", h.dashboard)                                     // the dashboard in English
	get("/verify", h.verifyForm)                                // the certificate check form
	r.POST("/verify", compress, h.verifyPost)                   // the form's answer
	get("/verify/:number", h.verifyLink)                        // the QR link: /verify/{number}?c=CODE
	get("/certificates/:number", h.certificate)                 // the printable certificate: /certificates/{number}?c=CODE
	get("/track", h.track)                                      // case status by tracking number and the national ID's last four; nothing personal
	get("/c/:token", h.shortLink)                               // a text's short link: on to /track with the case's number filled in
	get("/open-data", h.openData)                               // the list of files and the data dictionary
	get("/open-data/permits.csv", h.permits(csvFormat))         // the permit register as CSV
	get("/open-data/permits.json", h.permits(jsonFormat))       // the permit register as JSON
	get("/open-data/aggregates.csv", h.aggregates(csvFormat))   // service and monthly figures as CSV
	get("/open-data/aggregates.json", h.aggregates(jsonFormat)) // service and monthly figures as JSON
	get("/methods", h.methods)                                  // how the figures are counted: calendar, deadlines, privacy
	get("/fees", h.fees)                                        // the fee tariff in force
	get("/assets/*file", h.assets)                              // embedded styles, fonts and icon
	get("/favicon.ico", h.favicon)                              // the site's icon, an SVG
	get("/robots.txt", h.robots)                                // every public page may be indexed
}

// lang is the reader's language: /en, or ?lang= on any page (a form field on POST).
func lang(c *gin.Context) Lang {
	if c.Request.URL.Path == "/en" {
		return En
	}
	if v := c.PostForm("lang"); v != "" {
		return parseLang(v)
	}
	return parseLang(c.Query("lang"))
}

// render executes a page into a buffer first, so a template error becomes a clean 500 rather
// than half a page.
func (h *Handler) render(c *gin.Context, status int, name string, data any) {
	var buf bytes.Buffer
	if err := h.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		h.log.Error("render page", zap.String("page", name), zap.Error(err))
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error"))
		return
	}
	securityHeaders(c)
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// securityHeaders lock the pages to their own origin: no script, no framing, and no Referer,
// so a verification code in a QR link never leaks to another site.
func securityHeaders(c *gin.Context) {
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "no-referrer")
}

// unavailable answers when the read model cannot be read.
func (h *Handler) unavailable(c *gin.Context, l Lang, err error) {
	h.log.Error("public read model", zap.String("path", c.Request.URL.Path), zap.Error(err))
	h.fail(c, l, http.StatusServiceUnavailable, "unavailable", "the figures cannot be read right now", 0)
}

func (h *Handler) assets(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=3600")
	c.Header("X-Content-Type-Options", "nosniff")
	h.statics.ServeHTTP(c.Writer, c.Request)
}

// favicon is the site's mark; browsers ask for /favicon.ico whatever the page links.
func (h *Handler) favicon(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "image/svg+xml", faviconSVG)
}

// robots lets crawlers index the public pages; the API has nothing to index.
func (h *Handler) robots(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte("User-agent: *\nAllow: /\nDisallow: /v1/\nDisallow: /verify/\nDisallow: /certificates/\n"))
}
