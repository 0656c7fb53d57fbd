package webtest

import (
	"context"
	_ "embed"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeScript is axe-core, copied from npm by `make assets` and committed like the font, so the
// audit runs offline and at a pinned version. Only tests inject it: the pages carry no script.
//
//go:embed axe/axe.min.js
var axeScript string

// axeRun audits the whole document against WCAG 2.x A and AA and best practices, and answers
// one line per violation: rule, help text and the elements that break it.
const axeRun = `axe.run(document, {resultTypes: ["violations"],
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}})
	.then(r => r.violations.map(v => v.id + ": " + v.help + " [" + v.nodes.map(n => n.target.join(" ")).join(", ") + "]"))`

// MustAxe injects axe-core into the current page, runs it and fails the test with every
// violation it finds. The DevTools protocol evaluates outside the page's Content-Security-
// Policy, so the audit needs no exception in the pages' headers.
func MustAxe(tb testing.TB, ctx context.Context, page string) {
	tb.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeScript+";true")); err != nil {
		tb.Fatalf("inject axe-core into %s: %v", page, err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.Fatalf("run axe-core on %s: %v", page, err)
	}
	if len(violations) > 0 {
		tb.Errorf("axe-core on %s: %d violations:\n%s", page, len(violations), strings.Join(violations, "\n"))
	}
}

// overflowing lists the elements whose box sticks out of the viewport sideways, outside any
// element that scrolls on purpose; the page itself must not scroll sideways either.
const overflowing = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	if (document.documentElement.scrollWidth > w) out.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " > " + w);
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.width === 0 || el.closest(".scroll-x, .skip")) continue;
		if (r.left < -0.5 || r.right > w + 0.5) out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && el.className.baseVal === undefined ? "." + el.className : "") + " spans " + Math.round(r.left) + ".." + Math.round(r.right));
	}
	return out.slice(0, 20);
})()`

// MustNotOverflow fails the test for each element of the current page that is cut off or
// pushes the page sideways. Elements inside .scroll-x (a table that scrolls on purpose, its
// row headers held in place) are left out, as is the skip link parked off-screen.
func MustNotOverflow(tb testing.TB, ctx context.Context, page string) {
	tb.Helper()
	if out := MustRun(tb, ctx, chromedp.Evaluate[[]string](overflowing)); len(out) > 0 {
		tb.Errorf("%s overflows the viewport:\n%s", page, strings.Join(out, "\n"))
	}
}
