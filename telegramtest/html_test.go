package telegramtest

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseHTML(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     string
		entities []Entity
		err      string // substring of the error; "" means it parses
	}{
		{name: "plain", in: "hello", want: "hello"},
		{name: "bold and italic", in: "<b>hi</b> <i>there</i>", want: "hi there",
			entities: []Entity{{Type: "bold", Offset: 0, Length: 2}, {Type: "italic", Offset: 3, Length: 5}}},
		{name: "synonyms", in: "<strong>a</strong><em>b</em><ins>c</ins><del>d</del><strike>e</strike><s>f</s><u>g</u>", want: "abcdefg",
			entities: []Entity{{Type: "bold", Length: 1}, {Type: "italic", Offset: 1, Length: 1}, {Type: "underline", Offset: 2, Length: 1},
				{Type: "strikethrough", Offset: 3, Length: 1}, {Type: "strikethrough", Offset: 4, Length: 1},
				{Type: "strikethrough", Offset: 5, Length: 1}, {Type: "underline", Offset: 6, Length: 1}}},
		{name: "upper case tags", in: "<B>x</B>", want: "x", entities: []Entity{{Type: "bold", Length: 1}}},
		{name: "nested", in: "<b>a<i>b</i>c</b>", want: "abc",
			entities: []Entity{{Type: "bold", Offset: 0, Length: 3}, {Type: "italic", Offset: 1, Length: 1}}},
		{name: "link", in: `<a href="https://t.me/tandem_test_bot?start=abc">join</a>`, want: "join",
			entities: []Entity{{Type: "text_link", Length: 4, URL: "https://t.me/tandem_test_bot?start=abc"}}},
		{name: "link with entity in href", in: `<a href='https://x.org/?a=1&amp;b=2'>x</a>`, want: "x",
			entities: []Entity{{Type: "text_link", Length: 1, URL: "https://x.org/?a=1&b=2"}}},
		{name: "spoilers", in: `<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span>`, want: "ab",
			entities: []Entity{{Type: "spoiler", Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
		{name: "pre with language", in: `<pre><code class="language-go">x := 1</code></pre>`, want: "x := 1",
			entities: []Entity{{Type: "pre", Length: 6, Language: "go"}}},
		{name: "code", in: "<code>a&lt;b</code>", want: "a<b", entities: []Entity{{Type: "code", Length: 3}}},
		{name: "expandable blockquote", in: "<blockquote expandable>q</blockquote>", want: "q",
			entities: []Entity{{Type: "expandable_blockquote", Length: 1}}},
		{name: "custom emoji", in: `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, want: "👍",
			entities: []Entity{{Type: "custom_emoji", Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{name: "time", in: `<tg-time unix="1647531900" format="wDT">tomorrow</tg-time>`, want: "tomorrow",
			entities: []Entity{{Type: "date_time", Length: 8, UnixTime: 1647531900, DateTimeFormat: "wDT"}}},
		{name: "utf16 offsets after emoji", in: "😀<b>x</b>", want: "😀x", entities: []Entity{{Type: "bold", Offset: 2, Length: 1}}},
		{name: "empty tag makes no entity", in: "a<b></b>", want: "a"},
		{name: "closing with </>", in: "<b>x</>", want: "x", entities: []Entity{{Type: "bold", Length: 1}}},
		{name: "named references", in: "&lt;&gt;&amp;&quot;", want: `<>&"`},
		{name: "numeric references", in: "&#60;&#x3E;&#128512;", want: "<>😀"},
		{name: "semicolon optional", in: "&lt b", want: "< b"},
		{name: "reference must end at a non-letter", in: "&ltb", want: "&ltb"},
		{name: "bare ampersand kept", in: "Tom & Jerry", want: "Tom & Jerry"},
		{name: "unknown named reference kept", in: "a&nbsp;b", want: "a&nbsp;b"},
		{name: "ampersand at end", in: "a &", want: "a &"},
		{name: "br is not a tag", in: "line<br>line", err: `Unsupported start tag "br" at byte offset 4`},
		{name: "self-closing br", in: "line<br/>", err: `Unsupported start tag "br/" at byte offset 4`},
		{name: "less-than in prose", in: "a < b", err: `Unsupported start tag "" at byte offset 2`},
		{name: "placeholder", in: "Hello <name>", err: `Unsupported start tag "name" at byte offset 6`},
		{name: "p is not a tag", in: "<p>x</p>", err: `Unsupported start tag "p"`},
		{name: "unclosed start tag", in: "<b", err: "Unclosed start tag at byte offset 0"},
		{name: "missing end tag", in: "<b>bold", err: `Can't find end tag corresponding to start tag "b"`},
		{name: "mismatched end tag", in: "<b><i>x</b></i>", err: `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{name: "end tag without start", in: "x</b>", err: "Unexpected end tag at byte offset 1"},
		{name: "span without class", in: "<span>x</span>", err: `Tag "span" must have class "tg-spoiler"`},
		{name: "attribute without value", in: "<a href>x</a>", err: `Expected equal sign in declaration of an attribute of the tag "a"`},
		{name: "bad emoji id", in: `<tg-emoji emoji-id="x">y</tg-emoji>`, err: "Invalid custom emoji identifier specified"},
		{name: "unquoted attribute", in: "<a href=https://x.org>x</a>", err: "Unexpected end of name token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ents, err := parseHTML(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("parseHTML(%q) error = %v, want containing %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseHTML(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if !reflect.DeepEqual(ents, tt.entities) {
				t.Errorf("entities = %+v, want %+v", ents, tt.entities)
			}
		})
	}
}

func TestTrimFormattedMovesEntities(t *testing.T) {
	text, ents := trimFormatted("  \n<x>\n ", []Entity{{Type: "bold", Offset: 0, Length: 6}})
	if text != "<x>" {
		t.Fatalf("text = %q", text)
	}
	want := []Entity{{Type: "bold", Offset: 0, Length: 3}}
	if !reflect.DeepEqual(ents, want) {
		t.Fatalf("entities = %+v, want %+v", ents, want)
	}
}
