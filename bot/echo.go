package bot

import (
	"html"
	"unicode/utf8"
)

// maxEcho is how many characters of what someone typed a reply quotes back. Telegram takes at
// most 4,096 characters in a message, and a person can send that many: a reply that quoted all of
// it would be refused, and the person would get no answer at all.
const maxEcho = 100

// echo bounds text a person typed for quoting back in a reply, marking a cut with "…".
func echo(s string) string {
	if utf8.RuneCountInString(s) <= maxEcho {
		return s
	}
	return string([]rune(s)[:maxEcho]) + "…"
}

// inputError is a parser's message about what someone typed, ready for an HTML reply: the
// parsers quote the input, which may hold "<" or "&".
func inputError(err error) string {
	return html.EscapeString(err.Error())
}
