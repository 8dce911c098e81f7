package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func decodeScreen(t *testing.T, out string) []screenLine {
	t.Helper()
	var lines []screenLine
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var sl screenLine
		if err := json.Unmarshal([]byte(l), &sl); err != nil {
			t.Fatalf("line %q is not JSON: %v", l, err)
		}
		lines = append(lines, sl)
	}
	return lines
}

func TestScreenStdinOneJSONLineEach(t *testing.T) {
	in := "I want to die\n\nI used to self harm when I was a teenager\nno quiero vivir\r\nhaven't slept in 4 days, the voices are back\n"
	var out bytes.Buffer
	if err := cmdScreen(nil, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	got := decodeScreen(t, out.String())
	want := []struct {
		tier, lang, ctx string
	}{
		{"crisis", "en", ""},
		{"none", "en", ""},
		{"none", "en", "past"},
		{"crisis", "es", ""},
		{"relapse", "en", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d lines for %d messages:\n%s", len(got), len(want), out.String())
	}
	for i, w := range want {
		g := got[i]
		if string(g.Tier) != w.tier || g.Lang != w.lang || (w.ctx != "" && !strings.Contains(strings.Join(g.Context, ","), w.ctx)) {
			t.Errorf("line %d = %+v, want tier %s lang %s context %q", i+1, g, w.tier, w.lang, w.ctx)
		}
		if g.Categories == nil || g.Matched == nil || g.Context == nil {
			t.Errorf("line %d = %+v: lists must be [] not null", i+1, g)
		}
	}
	if got[0].Categories[0] != "suicide" || len(got[0].Matched) == 0 {
		t.Errorf("first line %+v should name its category and list entry", got[0])
	}
	// Every JSON line has exactly the documented fields.
	first := strings.SplitN(out.String(), "\n", 2)[0]
	for _, k := range []string{`"tier":`, `"categories":`, `"lang":`, `"matched":`, `"context":`} {
		if !strings.Contains(first, k) {
			t.Errorf("%s lacks %s", first, k)
		}
	}
}

func TestScreenArgumentsAndPack(t *testing.T) {
	out, err := run(t, env(), "screen", "kms", "me quiero morir 💊💊")
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeScreen(t, out); len(got) != 2 || got[0].Tier != "crisis" || got[1].Tier != "crisis" || got[1].Lang != "es" {
		t.Errorf("screen args = %s", out)
	}
	out, err = run(t, env(), "screen", "--plan", "when I want to die I ring my sister")
	if got := decodeScreen(t, out); err != nil || got[0].Tier != "none" || !strings.Contains(strings.Join(got[0].Context, ","), "plan") {
		t.Errorf("a crisis-plan line = %s, %v: want none with context plan", out, err)
	}

	// A service's own pack: a clinician adds a phrase, and sees it matched.
	good := filepath.Join("..", "..", "content", "default")
	own := t.TempDir()
	if err := os.CopyFS(own, os.DirFS(good)); err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(own, "screen", "en", "relapse.txt")
	raw, err := os.ReadFile(list)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(list, append(raw, []byte("\nthe telly talks to me\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, env(), "screen", "--pack", own, "the TELLY talks to me again")
	if got := decodeScreen(t, out); err != nil || got[0].Tier != "relapse" || got[0].Matched[0] != "the telly talks to me" {
		t.Errorf("own pack = %s, %v", out, err)
	}
	// A bad line: screen refuses the pack and content check names the file and line.
	if err := os.WriteFile(list, append(raw, []byte("\nvoices ... \nki*\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, env(), "screen", "--pack", own, "hello"); err == nil || !strings.Contains(err.Error(), "screen/en/relapse.txt:") {
		t.Errorf("a bad pack screened: %s %v", out, err)
	}
	out, err = run(t, env(), "content", "check", own)
	n := len(strings.Split(string(raw), "\n"))
	for _, want := range []string{"screen/en/relapse.txt:" + itoa(n+1) + ":", "screen/en/relapse.txt:" + itoa(n+2) + ":"} {
		if err == nil || !strings.Contains(out, want) {
			t.Errorf("content check = %s %v, want a problem at %s", out, err, want)
		}
	}
	if _, err := run(t, env(), "screen", "--pack", filepath.Join(own, "nope"), "x"); err == nil {
		t.Error("a missing pack folder accepted")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
