package web

import (
	"math"
	"regexp"
	"strconv"
	"testing"
)

// TestChartColoursContrast: every bar and pattern colour stands at least 3:1 against the white
// chart (WCAG 1.4.11, graphics) and every text colour at least 4.5:1 (1.4.3). axe-core checks
// the page's HTML text; this covers what it cannot see inside the SVG.
func TestChartColoursContrast(t *testing.T) {
	css, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	charts, err := templateFS.ReadFile("templates/charts.html")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z]+): (#[0-9a-f]{6})`).FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	for name, min := range map[string]float64{"ok": 3, "late": 3, "decided": 3, "applicant": 3, "ink": 4.5, "muted": 4.5, "accent": 4.5} {
		if c, ok := vars[name]; !ok {
			t.Errorf("--%s is not defined", name)
		} else if r := contrast(c, "#ffffff"); r < min {
			t.Errorf("--%s %s is %.2f:1 against white, want %v:1", name, c, r, min)
		}
	}
	fills := regexp.MustCompile(`<pattern id="(p-[a-z]+)".*?<rect width="[0-9.]+" height="[0-9.]+" fill="(#[0-9a-f]{6})"/>`).FindAllStringSubmatch(string(charts), -1)
	if len(fills) != 3 {
		t.Fatalf("found %d patterns", len(fills))
	}
	for _, m := range fills {
		if r := contrast(m[2], "#ffffff"); r < 3 {
			t.Errorf("pattern %s's colour %s is %.2f:1 against white", m[1], m[2], r)
		}
	}
}

// contrast is the WCAG contrast ratio of two sRGB colours "#rrggbb".
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var l float64
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += weight * c
	}
	return l
}
