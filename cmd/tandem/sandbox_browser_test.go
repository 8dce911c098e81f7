package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findBrowser is Debian's Chromium (`.ci/run` installs it) or another Chrome on the PATH.
func findBrowser() string {
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir is where the browser test leaves its screenshots: $TANDEM_SCREENSHOTS, or a
// folder the test removes afterwards.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("TANDEM_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// The guided tour in a real browser, on a laptop screen and on a phone: a newcomer reaches
// the flag, its acknowledgement, the escalation and the digest by pressing one button a step,
// the newest message stays in view, and the page logs no errors.
func TestSandboxTourInABrowser(t *testing.T) {
	browser := findBrowser()
	if browser == "" {
		t.Skip("no Chromium found (looked for /usr/bin/chromium, chromium, chromium-browser, google-chrome): install it with `apt-get install chromium` to run the browser test")
	}
	out := screenshotDir(t)
	t.Logf("screenshots in %s", out)
	for _, size := range []struct {
		name string
		w, h int64
	}{{"wide", 1280, 800}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			_, page := newSandboxPage(t, map[string]string{"TANDEM_TIMEZONE": "Europe/London"}, "")
			opts := []chromedp.ExecAllocatorOption{
				chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
				chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
				chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
				chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
				chromedp.WindowSize(int(size.w), int(size.h)),
			}
			actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
			defer cancel()
			ctx, cancel := chromedp.NewContext(actx)
			defer cancel()
			ctx, cancel = context.WithTimeout(ctx, 50*time.Second)
			defer cancel()

			must := func(what string, steps ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, steps...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			poll := func(js string, d time.Duration) chromedp.Action[chromedp.Void] {
				return chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(d))
			}
			must("start the browser", chromedp.EmulateViewport(size.w, size.h))
			// Everything the page says on the console, read while the test runs.
			var mu sync.Mutex
			var problems []string
			messages := chromedp.Console(ctx)
			go func() {
				for m, err := range messages {
					if err != nil {
						return
					}
					if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
						mu.Lock()
						problems = append(problems, fmt.Sprintf("%s %s:%d %s", m.Type, m.URL, m.Line+1, m))
						mu.Unlock()
					}
				}
			}()
			shot := func(name string) {
				t.Helper()
				buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatalf("screenshot: %v", err)
				}
				if err := os.WriteFile(filepath.Join(out, size.name+"-"+name+".png"), buf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			text := func(sel string) string {
				t.Helper()
				s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
				if err != nil {
					t.Fatalf("read %s: %v", sel, err)
				}
				return s
			}
			paneText := func(pane string) string { return text("#pane-" + pane + " .log") }
			// step presses the tour button and waits for the tour to move on.
			step := func(n int, wantTitle string) {
				t.Helper()
				start := time.Now()
				must(fmt.Sprintf("tour step %d", n),
					chromedp.WaitEnabled(chromedp.CSS("#tour-button")),
					chromedp.Click(chromedp.CSS("#tour-button")),
					poll(fmt.Sprintf(`document.getElementById("tour-title").textContent.includes(%q) && !document.getElementById("tour-button").disabled`, wantTitle), 20*time.Second))
				t.Logf("tour step %d took %v", n, time.Since(start).Round(time.Millisecond))
			}
			// newestInView waits until every visible chat shows its newest message at the bottom.
			newestInView := func(when string) {
				t.Helper()
				const js = `(() => { for (const p of document.querySelectorAll(".pane")) {
					if (getComputedStyle(p).display === "none") continue;
					const log = p.querySelector(".log"), m = log.lastElementChild;
					if (!m) continue;
					for (const img of log.querySelectorAll("img")) if (!img.complete) return false;
					const a = log.getBoundingClientRect(), b = m.getBoundingClientRect();
					if (b.bottom > a.bottom + 2 || b.bottom < a.top) return false;
				} return true; })()`
				if err := chromedp.Do(ctx, poll(js, 5*time.Second)); err != nil {
					t.Errorf("%s: the newest message is not in view: %v", when, err)
				}
			}
			showing := func(pane string) {
				t.Helper()
				display, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`getComputedStyle(document.getElementById("pane-%s")).display`, pane)))
				if err != nil {
					t.Fatal(err)
				}
				if display == "none" {
					t.Errorf("the %s pane is not shown", pane)
				}
			}

			must("open the page",
				chromedp.Navigate(page.URL),
				chromedp.WaitVisible(chromedp.CSS("#tour-button")),
				poll(`document.getElementById("clock").textContent.includes("08:50")`, 10*time.Second))
			body := text("body")
			for _, want := range []string{"Nothing leaves the machine", "Europe/London", "Next check-in", "+1 hour", "+1 day", "Next digest", "Reset", "Tour 1/6"} {
				if !strings.Contains(body, want) {
					t.Errorf("the page does not say %q", want)
				}
			}
			shot("0-start")

			step(1, "2/6")
			if got := paneText("person"); !strings.Contains(got, "joined") {
				t.Errorf("after enrolling, Alex's phone shows:\n%s", got)
			}
			newestInView("after enrolling")
			shot("1-enrolled")

			step(2, "3/6")
			if got := paneText("person"); !strings.Contains(got, "Thank you for checking in") {
				t.Errorf("after the check-in, Alex's phone shows:\n%s", got)
			}
			if size.name == "phone" {
				count := text(`#tabs [data-tab="worker"] .count`)
				if count == "" || count == "0" {
					t.Error("the worker's tab shows no unread count while a flag waits there")
				}
			}
			newestInView("after the check-in")
			shot("2-checkin")

			step(3, "4/6")
			showing("worker")
			if got := paneText("worker"); !strings.Contains(got, "⚠️") || !strings.Contains(got, "Acknowledge") {
				t.Errorf("the worker's pane has no urgent flag to acknowledge:\n%s", got)
			}
			newestInView("the flag")
			shot("3-flag")

			step(4, "5/6")
			showing("person")
			if got := paneText("person"); !strings.Contains(got, "Robin has seen this") {
				t.Errorf("Alex was not told Robin has seen it:\n%s", got)
			}
			newestInView("has seen this")
			shot("4-seen")

			step(5, "6/6")
			showing("staff")
			if got := paneText("staff"); !strings.Contains(got, "has not been acknowledged for 30 minutes") {
				t.Errorf("no escalation in the staff channel:\n%s", got)
			}
			newestInView("the escalation")
			shot("5-escalation")

			step(6, "Tour done")
			if got := paneText("staff"); !strings.Contains(got, "Tandem digest") {
				t.Errorf("no digest in the staff channel:\n%s", got)
			}
			clock := text("#clock")
			if !strings.Contains(clock, "16:30") {
				t.Errorf("after the digest the clock reads %q", clock)
			}
			newestInView("the digest")
			shot("6-digest")

			// A /command in a bot message is tappable and sends the command.
			if size.name == "phone" {
				must("worker tab", chromedp.Click(chromedp.CSS(`#tabs [data-tab="worker"]`)))
			}
			must("tap /help",
				chromedp.Evaluate[chromedp.Void](`(() => { [...document.querySelectorAll("#pane-worker .cmd.tap")].find((e) => e.textContent === "/help").click(); return true; })()`),
				poll(`[...document.querySelectorAll("#pane-worker .msg.me")].some((e) => e.textContent.startsWith("/help"))`, 5*time.Second))
			newestInView("after /help")

			// The clock bar moves time too.
			must("+1 hour",
				chromedp.Click(chromedp.CSS(`[data-jump="hour"]`)),
				poll(`document.getElementById("clock").textContent.includes("17:30")`, 10*time.Second))
			shot("7-later")

			mu.Lock()
			defer mu.Unlock()
			for _, p := range problems {
				t.Errorf("the page logged: %s", p)
			}
		})
	}
}
