// Package webtest drives headless Chromium for tests of the public pages: it finds the
// browser, starts it with flags that keep it quiet on a machine without internet, and keeps
// screenshots where a person can look at them.
package webtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath is the browser to drive: $CHROMIUM when set, else the first of Debian's and
// Google's binaries on PATH; empty when there is none.
func ChromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// MustBrowser starts a fresh headless Chromium for the test and returns a context that runs
// chromedp actions in one tab, closed at cleanup. Without Chromium the test is skipped, except
// under CI=true, where a missing browser is a failure: CI must run these tests.
func MustBrowser(tb testing.TB) context.Context {
	tb.Helper()
	path := ChromiumPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("no Chromium found under CI; deploy/dev/ensure-chromium.sh installs it")
		}
		tb.Skip("browser test skipped: no Chromium (install Debian's chromium, or set CHROMIUM=/path/to/chrome)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		// The machine has no internet: without these Chromium floods refused connections.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900),
	)
	// A guard for the whole browser, not a speed limit: a wedged Chromium fails the test
	// instead of hanging until the package timeout.
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 5*time.Minute)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithLogf(tb.Logf))
	tb.Cleanup(func() { cancelBrowser(); cancelAlloc(); cancelTimeout() })
	if err := chromedp.Do(browserCtx); err != nil {
		tb.Fatalf("start Chromium at %s: %v", path, err)
	}
	return browserCtx
}

// ArtifactDir is where a test keeps files for people to look at: $TEST_ARTIFACTS/<test name>
// when set (CI collects it), else a directory removed after the test.
func ArtifactDir(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv("TEST_ARTIFACTS")
	if root == "" {
		return tb.TempDir()
	}
	dir := filepath.Join(root, strings.NewReplacer("/", "_", " ", "_").Replace(tb.Name()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// MustScreenshot writes a full-page PNG of the current tab to the artifact directory and logs
// where it is.
func MustScreenshot(tb testing.TB, ctx context.Context, dir, name string) string {
	tb.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("screenshot: %s", path)
	return path
}

// MustRun runs one chromedp action in the tab and fails the test on error.
func MustRun[T any](tb testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	tb.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.Fatalf("browser: %v", err)
	}
	return v
}

// MustDo runs actions that return nothing, in order.
func MustDo(tb testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.Fatalf("browser: %v", err)
	}
}
