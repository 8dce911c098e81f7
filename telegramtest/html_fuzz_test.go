package telegramtest

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseHTML runs the emulator's copy of Telegram's HTML parser on anything: no panic, and
// text escaped with html.EscapeString (as the bot escapes what people type) always parses back
// to itself, so an echo of someone's words is never refused.
func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{"<b>bold</b>", "<b>", "a < b & c", "&lt;&gt;&amp;&quot;&#39;", "&#x1F600;", "&#0;", "&bogus;",
		"<a href=\"tg://user?id=1\">x</a>", "<pre><code class=\"language-go\">x</code></pre>", "<tg-time unix=\"1\">x</tg-time>",
		"<blockquote expandable>x</blockquote>", "\x00", "  padded  ", "<span class=\"tg-spoiler\">s</span>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, entities, err := parseHTML(s)
		if err == nil {
			for _, e := range entities {
				if e.Offset < 0 || e.Length < 0 || e.Offset+e.Length > utf16Count(text) {
					t.Errorf("%q: entity %+v outside %d UTF-16 units", s, e, utf16Count(text))
				}
			}
		}
		if !utf8.ValidString(s) {
			return
		}
		got, _, err := parseHTML(html.EscapeString(s))
		if err != nil {
			t.Fatalf("escaped %q refused: %v", s, err)
		}
		if got != s && strings.TrimSpace(got) != strings.TrimSpace(s) {
			t.Errorf("escaped %q parses to %q", s, got)
		}
	})
}
