package content

import (
	"fmt"
	"strings"
)

// telegramTags are the only tags Telegram's HTML parse mode knows (tdlib's parse_html); anything
// else that starts with '<' makes Telegram refuse the whole message.
var telegramTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "a": true, "code": true, "pre": true,
	"blockquote": true, "tg-spoiler": true, "span": true, "tg-emoji": true, "tg-time": true,
}

// CheckHTML reports markup that Telegram would reject, so content is caught at load time rather
// than by a 400 when a person is waiting. Placeholders like {worker} are fine: they are not tags.
func CheckHTML(s string) error {
	var stack []string
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			return fmt.Errorf("unclosed '<' at byte %d (write &lt; for a less-than sign)", i)
		}
		tag := s[i+1 : i+end]
		closing := strings.HasPrefix(tag, "/")
		name := strings.TrimPrefix(tag, "/")
		if sp := strings.IndexAny(name, " \t\n"); sp >= 0 {
			name = name[:sp]
		}
		name = strings.ToLower(name)
		if !telegramTags[name] {
			return fmt.Errorf("<%s> is not a tag Telegram allows", tag)
		}
		if closing {
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return fmt.Errorf("</%s> does not close the open tag", name)
			}
			stack = stack[:len(stack)-1]
		} else {
			stack = append(stack, name)
		}
		i += end
	}
	if len(stack) > 0 {
		return fmt.Errorf("<%s> is never closed", stack[len(stack)-1])
	}
	return nil
}
