// Package web is the public face of the city's transparency promise: the dashboard at /, the
// certificate check at /verify and the open data at /open-data, as server-rendered HTML that
// works with JavaScript off, Persian (RTL) by default and English on request. Charts are
// inline SVG drawn here, each with a table beside it; fonts and styles are embedded, so the
// pages work inside a municipal network with no CDN. It reads only public read models through
// Source and never shows personal data.
package web
