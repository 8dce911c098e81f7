package bot

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var anyTag = regexp.MustCompile(`<[^>]*>`)

// visibleText is what Telegram shows of a piece of HTML: tags gone, entities decoded.
func visibleText(s string) string { return html.UnescapeString(anyTag.ReplaceAllString(s, "")) }

func TestSplitMessage(t *testing.T) {
	sentence := "I hear you &amp; I'm glad you wrote. "
	tests := []struct {
		name  string
		in    string
		limit int
		want  int    // pieces
		cutAt string // every piece but the last ends with this
	}{
		{"short stays whole", "<b>Hi</b> Sam &amp; co", 4096, 1, ""},
		{"paragraphs first", strings.Repeat("word ", 10) + "\n\n" + strings.Repeat("word ", 10), 60, 2, "word"},
		{"then sentences", strings.Repeat(sentence, 10), 100, 4, "wrote."},
		{"a tag open at the cut is closed and reopened", "<b>" + strings.Repeat(sentence, 10) + "</b>", 100, 4, "</b>"},
		{"a link keeps its address", `<a href="https://example.org/a?b=1&amp;c=2">` + strings.Repeat("x ", 80) + "</a>", 50, 4, "</a>"},
		{"no spaces at all", strings.Repeat("é", 250), 100, 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitMessage(tt.in, tt.limit)
			if len(got) != tt.want {
				t.Fatalf("%d pieces, want %d: %q", len(got), tt.want, got)
			}
			var all strings.Builder
			for i, p := range got {
				if n := utf8.RuneCountInString(visibleText(p)); n > tt.limit {
					t.Errorf("piece %d shows %d characters, over %d", i, n, tt.limit)
				}
				if strings.Count(p, "<") != strings.Count(p, ">") || strings.Count(p, "<b>") != strings.Count(p, "</b>") ||
					strings.Count(p, "<a ") != strings.Count(p, "</a>") {
					t.Errorf("piece %d is not balanced HTML: %q", i, p)
				}
				if strings.Contains(p, "&amp") && !strings.Contains(p, "&amp;") {
					t.Errorf("piece %d cuts an entity: %q", i, p)
				}
				if tt.cutAt != "" && i < len(got)-1 && !strings.HasSuffix(p, tt.cutAt) {
					t.Errorf("piece %d does not end at a boundary (%q): %q", i, tt.cutAt, p)
				}
				all.WriteString(visibleText(p))
			}
			squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if squash(all.String()) != squash(visibleText(tt.in)) {
				t.Errorf("the pieces do not add up to the message:\n got %q\nwant %q", all.String(), visibleText(tt.in))
			}
		})
	}
}
