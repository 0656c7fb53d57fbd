// Package web is the public face of the city's transparency promise: the dashboard at /, the
// certificate check at /verify, the open data at /open-data, how the figures are counted at
// /methods and the fee tariff at /fees, as server-rendered HTML that works with JavaScript
// off, Persian (RTL) by default and English on request, and fits a phone. Charts are inline
// SVG drawn here, readable without colour and each with a table; fonts and styles are
// embedded, so the pages work inside a municipal network with no CDN. It reads only public
// read models through Source and never shows personal data.
package web
