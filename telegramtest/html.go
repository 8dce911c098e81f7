package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Entity is one formatting entity of a message, as Telegram reports it.
// Offset and Length count UTF-16 code units, like the Bot API.
type Entity struct {
	Type           string // "bold", "italic", "text_link", "bot_command", ...
	Offset, Length int
	URL            string // text_link only
	Language       string // pre only
	CustomEmojiID  string // custom_emoji only
	UnixTime       int64  // date_time only
	DateTimeFormat string // date_time only
}

// htmlTags are the only tag names Telegram's parser knows; anything else
// after a '<' is an error, which is exactly what catches unescaped text.
var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "s": true, "strike": true, "del": true,
	"u": true, "ins": true, "tg-spoiler": true, "tg-emoji": true, "tg-time": true, "span": true,
	"pre": true, "code": true, "blockquote": true,
}

// parseHTML turns Bot API HTML into plain text and entities. It follows
// tdlib's parse_html (td/telegram/MessageEntity.cpp) step by step, including
// its error texts, because the point of the emulator is to fail where Telegram
// fails.
func parseHTML(text string) (string, []Entity, error) {
	at := func(i int) byte { // tdlib reads a NUL terminator past the end
		if i < len(text) {
			return text[i]
		}
		return 0
	}
	isSpace := func(c byte) bool {
		return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0 || c == '\v' || c == '\f'
	}
	type open struct {
		tag, arg  string
		flags     int // 1: expandable blockquote
		utf16     int
		lang      string // set on pre by a nested code class="language-x"
		extra     string // tg-time format
		textBegin int
	}
	var (
		out      []byte
		stack    []open
		entities []Entity
		utf16    int
	)
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '&' {
			if ch, next, ok := decodeHTMLEntity(text, i); ok {
				out = utf8.AppendRune(out, ch)
				utf16 += utf16Len(ch)
				i = next - 1
				continue
			}
		}
		if c != '<' {
			out = append(out, c)
			if c&0xC0 != 0x80 {
				utf16++
				if c >= 0xF0 {
					utf16++
				}
			}
			continue
		}
		begin := i
		i++
		if at(i) != '/' {
			for !isSpace(at(i)) && at(i) != '>' {
				i++
			}
			if at(i) == 0 {
				return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
			}
			tag := strings.ToLower(text[begin+1 : i])
			if !htmlTags[tag] {
				return "", nil, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", tag, begin)
			}
			o := open{tag: tag, utf16: utf16, textBegin: len(out)}
			for at(i) != '>' {
				for at(i) != 0 && isSpace(at(i)) {
					i++
				}
				if at(i) == '>' {
					break
				}
				attrBegin := i
				for !isSpace(at(i)) && at(i) != '=' && at(i) != '>' {
					i++
				}
				attr := text[attrBegin:i]
				if attr == "" {
					return "", nil, fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", tag, begin)
				}
				for at(i) != 0 && isSpace(at(i)) {
					i++
				}
				if at(i) != '=' {
					if tag == "blockquote" && attr == "expandable" {
						o.flags |= 1
						continue
					}
					if at(i) == 0 {
						return "", nil, fmt.Errorf("Unclosed start tag \"%s\" at byte offset %d", tag, begin)
					}
					return "", nil, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag \"%s\" at byte offset %d", tag, begin)
				}
				i++
				for at(i) != 0 && isSpace(at(i)) {
					i++
				}
				if at(i) == 0 {
					return "", nil, fmt.Errorf("Unclosed start tag \"%s\" at byte offset %d", tag, begin)
				}
				var value string
				if at(i) != '\'' && at(i) != '"' {
					tokBegin := i
					for isASCIIAlnum(at(i)) || at(i) == '.' || at(i) == '-' {
						i++
					}
					value = strings.ToLower(text[tokBegin:i])
					if !isSpace(at(i)) && at(i) != '>' {
						return "", nil, fmt.Errorf("Unexpected end of name token at byte offset %d", tokBegin)
					}
				} else {
					end := at(i)
					i++
					var b []byte
					for at(i) != end && at(i) != 0 {
						if at(i) == '&' {
							if ch, next, ok := decodeHTMLEntity(text, i); ok {
								b = utf8.AppendRune(b, ch)
								i = next
								continue
							}
						}
						b = append(b, text[i])
						i++
					}
					if at(i) == end {
						i++
					}
					value = string(b)
				}
				if at(i) == 0 {
					return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
				}
				switch {
				case tag == "a" && attr == "href":
					o.arg = value
				case tag == "code" && attr == "class" && strings.HasPrefix(value, "language-"):
					o.arg = value[len("language-"):]
				case tag == "span" && attr == "class" && strings.HasPrefix(value, "tg-"):
					o.arg = value[len("tg-"):]
				case tag == "tg-emoji" && attr == "emoji-id":
					o.arg = value
				case tag == "tg-time" && attr == "unix":
					o.arg = value
				case tag == "tg-time" && attr == "format":
					o.extra = value
				}
			}
			if tag == "span" && o.arg != "spoiler" {
				return "", nil, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
			}
			stack = append(stack, o)
			continue
		}
		// An end tag.
		if len(stack) == 0 {
			return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", begin)
		}
		for !isSpace(at(i)) && at(i) != '>' {
			i++
		}
		endTag := strings.ToLower(text[begin+2 : i])
		for isSpace(at(i)) && at(i) != 0 {
			i++
		}
		if at(i) != '>' {
			return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", begin)
		}
		o := stack[len(stack)-1]
		if endTag != "" && endTag != o.tag {
			return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, o.tag, endTag)
		}
		stack = stack[:len(stack)-1]
		if utf16 <= o.utf16 {
			continue // empty entities are dropped, as tdlib does
		}
		e := Entity{Offset: o.utf16, Length: utf16 - o.utf16}
		switch o.tag {
		case "b", "strong":
			e.Type = "bold"
		case "i", "em":
			e.Type = "italic"
		case "u", "ins":
			e.Type = "underline"
		case "s", "strike", "del":
			e.Type = "strikethrough"
		case "tg-spoiler", "span":
			e.Type = "spoiler"
		case "blockquote":
			e.Type = "blockquote"
			if o.flags&1 != 0 {
				e.Type = "expandable_blockquote"
			}
		case "pre":
			e.Type = "pre"
			e.Language = o.lang
			// <pre><code class="language-x"> is one pre entity with a language.
			if n := len(entities); o.lang != "" && n > 0 && entities[n-1].Type == "code" &&
				entities[n-1].Offset == e.Offset && entities[n-1].Length == e.Length {
				entities = entities[:n-1]
			}
		case "code":
			e.Type = "code"
			if o.arg != "" && len(stack) > 0 && stack[len(stack)-1].tag == "pre" && stack[len(stack)-1].utf16 == o.utf16 {
				stack[len(stack)-1].lang = o.arg
			}
		case "a":
			url := o.arg
			if url == "" {
				url = string(out[o.textBegin:])
			}
			if !plausibleURL(url) {
				continue // tdlib silently drops links it cannot check
			}
			e.Type = "text_link"
			e.URL = url
		case "tg-emoji":
			if _, err := strconv.ParseInt(o.arg, 10, 64); err != nil || o.arg == "" {
				return "", nil, fmt.Errorf("Invalid custom emoji identifier specified")
			}
			e.Type = "custom_emoji"
			e.CustomEmojiID = o.arg
		case "tg-time":
			unix, err := strconv.ParseInt(o.arg, 10, 64)
			if err != nil {
				continue
			}
			e.Type = "date_time"
			e.UnixTime = unix
			e.DateTimeFormat = o.extra
		}
		entities = append(entities, e)
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].tag)
	}
	sortEntities(entities)
	return string(out), entities, nil
}

// decodeHTMLEntity decodes &lt; &gt; &amp; &quot; and numeric references at
// text[pos], returning the rune and the index after it. Like tdlib, the ';'
// is optional and anything else (e.g. "&nbsp;" or a lone '&') is not an
// entity, so the '&' stays as typed.
func decodeHTMLEntity(text string, pos int) (rune, int, bool) {
	at := func(i int) byte {
		if i < len(text) {
			return text[i]
		}
		return 0
	}
	end := pos + 1
	var res rune
	if at(pos+1) == '#' {
		end++
		if at(pos+2) == 'x' {
			end++
			for isHex(at(end)) {
				res = res*16 + rune(hexVal(at(end)))
				end++
				if res >= 0x10ffff {
					return 0, 0, false
				}
			}
		} else {
			for at(end) >= '0' && at(end) <= '9' {
				res = res*10 + rune(at(end)-'0')
				end++
				if res >= 0x10ffff {
					return 0, 0, false
				}
			}
		}
		if res == 0 || end-pos >= 10 || (res >= 0xD800 && res <= 0xDFFF) {
			return 0, 0, false
		}
	} else {
		for (at(end) >= 'a' && at(end) <= 'z') || (at(end) >= 'A' && at(end) <= 'Z') {
			end++
		}
		switch text[pos+1 : end] {
		case "lt":
			res = '<'
		case "gt":
			res = '>'
		case "amp":
			res = '&'
		case "quot":
			res = '"'
		default:
			return 0, 0, false
		}
	}
	if at(end) == ';' {
		end++
	}
	return res, end, true
}

func isASCIIAlnum(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}

func utf16Len(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

// utf16Count is the length of s in UTF-16 code units, the unit of entity offsets.
func utf16Count(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Len(r)
	}
	return n
}

// plausibleURL approximates tdlib's check_url: anything without spaces that
// has a known scheme or looks like a host name.
func plausibleURL(u string) bool {
	if u == "" || strings.ContainsAny(u, " \t\r\n") {
		return false
	}
	lower := strings.ToLower(u)
	for _, scheme := range []string{"http://", "https://", "tg://", "ton://", "mailto:"} {
		if strings.HasPrefix(lower, scheme) {
			return len(lower) > len(scheme)
		}
	}
	return !strings.Contains(u, "://") && strings.Contains(u, ".")
}

// sortEntities orders entities by offset, longer first, as Telegram returns them.
func sortEntities(es []Entity) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0; j-- {
			a, b := es[j-1], es[j]
			if a.Offset < b.Offset || (a.Offset == b.Offset && a.Length >= b.Length) {
				break
			}
			es[j-1], es[j] = b, a
		}
	}
}

// trimFormatted strips leading and trailing white space from text and moves
// the entities with it, the way Telegram tidies a message before counting
// its length.
func trimFormatted(text string, es []Entity) (string, []Entity) {
	trimmedLeft := strings.TrimLeftFunc(text, unicode.IsSpace)
	shift := utf16Count(text[:len(text)-len(trimmedLeft)])
	out := strings.TrimRightFunc(trimmedLeft, unicode.IsSpace)
	total := utf16Count(out)
	var kept []Entity
	for _, e := range es {
		start, end := e.Offset-shift, e.Offset+e.Length-shift
		start = max(start, 0)
		end = min(end, total)
		if end <= start {
			continue
		}
		e.Offset, e.Length = start, end-start
		kept = append(kept, e)
	}
	return out, kept
}
