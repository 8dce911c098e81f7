package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem/sandbox"
)

// newSandboxPage starts the sandbox as cmdSandbox does, with the configuration env gives, and
// serves its page.
func newSandboxPage(t *testing.T, env map[string]string, savePath string) (*sandbox.Sandbox, *httptest.Server) {
	t.Helper()
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cfg, err := sandboxConfig("", lookup, nil)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sb, metricsHandler, err := startSandbox(context.Background(), cfg, savePath, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	mux := http.NewServeMux()
	mux.Handle("/metrics", metricsHandler)
	personas := []sandbox.Persona{{User: demoWorker, Role: "worker"}}
	for _, p := range demoPeople {
		personas = append(personas, sandbox.Persona{User: p, Role: "person"})
	}
	mux.Handle("/", sb.Handler(personas))
	page := httptest.NewServer(mux)
	t.Cleanup(page.Close)
	return sb, page
}

func post(t *testing.T, url string, body any) (int, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

type pageState struct {
	Sandbox struct {
		Now, Zone string
		Step      int
	}
	Chats []struct {
		ID       int64
		Title    string
		Messages []struct {
			HTML string
			Time string
		}
	}
}

func state(t *testing.T, page *httptest.Server) pageState {
	t.Helper()
	var st pageState
	if err := json.Unmarshal([]byte(get(t, page.URL+"/api/state")), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func chatText(st pageState, id int64) string {
	var sb strings.Builder
	for _, c := range st.Chats {
		if c.ID == id {
			for _, m := range c.Messages {
				sb.WriteString(m.Time + " " + m.HTML + "\n")
			}
		}
	}
	return sb.String()
}

// The tour, through the page's API: every step does what it says, at the sandbox time it says,
// with the service's own settings from the environment.
func TestSandboxTourReachesEscalationAndDigest(t *testing.T) {
	_, page := newSandboxPage(t, map[string]string{"TANDEM_TIMEZONE": "Europe/London",
		"TANDEM_CRISIS_CONTACTS": "Riverside crisis team|0800 123 4567|any time, day or night"}, "")
	st := state(t, page)
	if !strings.Contains(st.Sandbox.Now, "08:50") || !strings.HasPrefix(st.Sandbox.Zone, "Europe/London") {
		t.Fatalf("a fresh sandbox starts at %q %q, want 08:50 in Europe/London", st.Sandbox.Now, st.Sandbox.Zone)
	}
	if !strings.Contains(chatText(st, demoWorker.ID), "Sam") {
		t.Errorf("the seeded demo has not enrolled Sam:\n%s", chatText(st, demoWorker.ID))
	}
	alex, sam := demoPeople[0].ID, demoPeople[1].ID
	steps := []struct {
		chat int64
		want []string
	}{
		{alex, []string{"joined"}},
		{demoWorker.ID, []string{"⚠️", "Alex"}},
		{demoWorker.ID, []string{"⚠️"}},
		{alex, []string{"Robin has seen this"}},
		{demoStaffChannel, []string{"has not been acknowledged for 30 minutes"}},
		{demoStaffChannel, []string{"Tandem digest"}},
	}
	for i, s := range steps {
		start := time.Now()
		if code, body := post(t, page.URL+"/api/tour", map[string]int{"step": i}); code != http.StatusOK {
			t.Fatalf("tour step %d: %d %s", i+1, code, body)
		}
		st = state(t, page)
		t.Logf("step %d took %v; sandbox time %s", i+1, time.Since(start).Round(time.Millisecond), st.Sandbox.Now)
		for _, w := range s.want {
			if !strings.Contains(chatText(st, s.chat), w) {
				t.Errorf("after tour step %d, chat %d lacks %q:\n%s", i+1, s.chat, w, chatText(st, s.chat))
			}
		}
	}
	if got := chatText(st, sam); !strings.Contains(got, "Riverside crisis team") || strings.Contains(got, "Sandbox crisis line") {
		t.Errorf("Sam did not get the configured crisis contacts:\n%s", got)
	}
	if code, _ := post(t, page.URL+"/api/tour", map[string]int{"step": 2}); code != http.StatusConflict {
		t.Errorf("a tour step out of turn answered %d", code)
	}
	if !strings.Contains(st.Sandbox.Now, "16:30") {
		t.Errorf("after the digest the clock reads %q", st.Sandbox.Now)
	}
}

// Jumps: "+1 day" across the clock change keeps the wall-clock time, and time never goes back.
func TestSandboxClockJumps(t *testing.T) {
	_, page := newSandboxPage(t, map[string]string{"TANDEM_TIMEZONE": "Europe/London"}, "")
	before := state(t, page).Sandbox.Now
	start := time.Now()
	if code, body := post(t, page.URL+"/api/clock", map[string]string{"by": "day"}); code != http.StatusOK {
		t.Fatalf("+1 day: %d %s", code, body)
	}
	t.Logf("+1 day took %v", time.Since(start).Round(time.Millisecond))
	after := state(t, page).Sandbox.Now
	if !strings.HasSuffix(after, "08:50") || after == before {
		t.Errorf("+1 day from %q reads %q", before, after)
	}
	// Sam's 2pm check-in came, then its reminder, on the way.
	if got := chatText(state(t, page), demoPeople[1].ID); !strings.Contains(got, "your check-in") {
		t.Errorf("Sam's check-in did not come during the day skipped:\n%s", got)
	}
	if code, _ := post(t, page.URL+"/api/clock", map[string]string{"to": "2020-01-01T10:00"}); code != http.StatusConflict {
		t.Errorf("a jump back answered %d", code)
	}
	if code, _ := post(t, page.URL+"/api/clock", map[string]string{"to": "soon"}); code != http.StatusBadRequest {
		t.Errorf("a bad time answered %d", code)
	}
}

// Reset starts the seeded demo again; Save writes the database a later start loads.
func TestSandboxResetAndSave(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "sandbox.db")
	_, page := newSandboxPage(t, nil, saved)
	if code, body := post(t, page.URL+"/api/tour", map[string]int{"step": 0}); code != http.StatusOK {
		t.Fatalf("enrol: %d %s", code, body)
	}
	if code, body := post(t, page.URL+"/api/save", struct{}{}); code != http.StatusOK || !strings.Contains(body, saved) {
		t.Fatalf("save: %d %s", code, body)
	}
	if fi, err := os.Stat(saved); err != nil || fi.Size() == 0 {
		t.Fatalf("nothing saved: %v", err)
	}
	if code, body := post(t, page.URL+"/api/reset", struct{}{}); code != http.StatusOK {
		t.Fatalf("reset: %d %s", code, body)
	}
	st := state(t, page)
	if st.Sandbox.Step != 0 || strings.Contains(chatText(st, demoPeople[0].ID), "joined") || !strings.Contains(st.Sandbox.Now, "08:5") {
		t.Errorf("after reset: step %d, time %s, Alex's chat:\n%s", st.Sandbox.Step, st.Sandbox.Now, chatText(st, demoPeople[0].ID))
	}
	// A new sandbox on the saved file knows Alex.
	_, page2 := newSandboxPage(t, nil, saved)
	if code, body := post(t, page2.URL+"/api/send", map[string]any{"userId": demoWorker.ID, "text": "/caseload"}); code != http.StatusOK {
		t.Fatalf("send: %d %s", code, body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(chatText(state(t, page2), demoWorker.ID), "Alex") {
		if time.Now().After(deadline) {
			t.Fatalf("the saved sandbox does not know Alex:\n%s", chatText(state(t, page2), demoWorker.ID))
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Without --database, Save says how to get it.
	_, page3 := newSandboxPage(t, nil, "")
	if code, body := post(t, page3.URL+"/api/save", struct{}{}); code != http.StatusConflict || !strings.Contains(body, "--database") {
		t.Errorf("save without a file: %d %s", code, body)
	}
}
