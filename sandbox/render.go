package sandbox

import (
	"html"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode/utf16"

	"github.com/tandemcare/tandem/telegramtest"
)

// renderHTML turns a message's plain text and entities into HTML for the
// page. It never passes through markup the bot wrote: every character of
// text is escaped and the only tags are ones generated here from Telegram's
// entity list, so a "<script>" in a message is shown, not run.
func renderHTML(text string, entities []telegramtest.Entity) string {
	units := utf16.Encode([]rune(text))
	es := append([]telegramtest.Entity(nil), entities...)
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Offset != es[j].Offset {
			return es[i].Offset < es[j].Offset
		}
		return es[i].Length > es[j].Length
	})
	type open struct {
		end   int
		close string
	}
	var (
		b     strings.Builder
		stack []open
		next  int
	)
	closeUntil := func(pos int) {
		for len(stack) > 0 && stack[len(stack)-1].end <= pos {
			b.WriteString(stack[len(stack)-1].close)
			stack = stack[:len(stack)-1]
		}
	}
	for pos := 0; pos <= len(units); pos++ {
		closeUntil(pos)
		for next < len(es) && es[next].Offset <= pos {
			e := es[next]
			next++
			end := min(e.Offset+e.Length, len(units))
			if len(stack) > 0 {
				end = min(end, stack[len(stack)-1].end) // keep the output well nested
			}
			if e.Offset < pos || end <= pos {
				continue
			}
			openTag, closeTag := entityTags(e)
			if openTag == "" {
				continue
			}
			b.WriteString(openTag)
			stack = append(stack, open{end: end, close: closeTag})
		}
		if pos == len(units) {
			break
		}
		// Emit one code point (two units for a surrogate pair).
		n := 1
		if utf16.IsSurrogate(rune(units[pos])) && pos+1 < len(units) {
			n = 2
		}
		b.WriteString(html.EscapeString(string(utf16.Decode(units[pos : pos+n]))))
		pos += n - 1
	}
	closeUntil(len(units) + 1)
	return b.String()
}

// entityTags maps a Telegram entity to the page's markup.
func entityTags(e telegramtest.Entity) (string, string) {
	switch e.Type {
	case "bold":
		return "<b>", "</b>"
	case "italic":
		return "<i>", "</i>"
	case "underline":
		return "<u>", "</u>"
	case "strikethrough":
		return "<s>", "</s>"
	case "spoiler":
		return `<span class="spoiler" title="spoiler">`, "</span>"
	case "code":
		return "<code>", "</code>"
	case "pre":
		return "<pre>", "</pre>"
	case "blockquote", "expandable_blockquote":
		return "<blockquote>", "</blockquote>"
	case "bot_command":
		return `<span class="cmd">`, "</span>"
	case "text_link":
		if !safeLink(e.URL) {
			return "", ""
		}
		return `<a href="` + html.EscapeString(e.URL) + `" target="_blank" rel="noopener noreferrer">`, "</a>"
	}
	return "", "" // custom_emoji, date_time, ...: the text alone is enough
}

// safeLink lets through only links that cannot run script in the page.
func safeLink(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "tg")
}

var startLinkRE = regexp.MustCompile(`https?://t\.me/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]{1,64})`)

// startCodes finds invite links to this bot (https://t.me/<bot>?start=<code>)
// in a message's text, links and buttons, in order and without repeats.
func startCodes(botUsername string, m telegramtest.Message) []string {
	var hay []string
	hay = append(hay, m.Text)
	for _, e := range m.Entities {
		hay = append(hay, e.URL)
	}
	for _, row := range m.Buttons {
		for _, b := range row {
			hay = append(hay, b.URL)
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, h := range hay {
		for _, match := range startLinkRE.FindAllStringSubmatch(h, -1) {
			if strings.EqualFold(match[1], botUsername) && !seen[match[2]] {
				seen[match[2]] = true
				out = append(out, match[2])
			}
		}
	}
	return out
}
