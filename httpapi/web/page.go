package web

import (
	"net/url"
	"time"
)

// page is what every template gets: the language and the links that depend on it.
type page struct {
	Lang      Lang
	Title     string
	Section   string // the nav entry marked aria-current
	SwitchURL string // the same page in the other language
	AsOf      time.Time
}

// newPage prepares the frame of a page at u in language l.
func newPage(l Lang, u *url.URL, section, titleKey string) page {
	return page{Lang: l, Title: l.T(titleKey), Section: section, SwitchURL: switchURL(l, u)}
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
