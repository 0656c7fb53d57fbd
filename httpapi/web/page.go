package web

import (
	"net/http"
	"net/url"
	"time"
)

// page is what every template gets: the language and the links that depend on it.
type page struct {
	Lang        Lang
	Title       string
	Description string // the meta description search engines and link previews show
	Section     string // the nav entry marked aria-current
	SwitchURL   string // the same page in the other language
	Origin      string // scheme and host the page was asked at, for absolute alternate links
	Here        string // the page's own path and query in its language
	AsOf        time.Time
	Fresh       *Freshness // set on pages of figures: a warning when they lag
}

// newPage prepares the frame of the page r asks for in language l.
func newPage(l Lang, r *http.Request, section, titleKey string) page {
	return page{Lang: l, Title: l.T(titleKey), Description: l.T("desc." + section), Section: section,
		SwitchURL: switchURL(l, r.URL), Origin: origin(r), Here: switchURL(l.Other(), r.URL)}
}

// origin is the scheme and host r was asked at.
func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// Alternates are the page in each language, absolute as hreflang wants them; Persian is the
// default for any other language.
func (p page) Alternates() map[string]string {
	out := map[string]string{string(p.Lang): p.Origin + p.Here, string(p.Lang.Other()): p.Origin + p.SwitchURL}
	out["x-default"] = out[string(Fa)]
	return out
}

// switchURL is u in the other language, keeping the rest of the query (the QR link's code).
func switchURL(l Lang, u *url.URL) string {
	path := u.Path
	if path == "/en" {
		path = "/"
	}
	q := u.Query()
	q.Del("lang")
	if l.Other() == En {
		if path == "/" && len(q) == 0 {
			return "/en"
		}
		q.Set("lang", "en")
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// Link is an internal path in the page's language.
func (p page) Link(path string) string {
	if p.Lang == En {
		if path == "/" {
			return "/en"
		}
		return path + "?lang=en"
	}
	return path
}
