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

// Telegram takes at most 4,096 characters in a message. A relay puts a person's or worker's
// own words inside a short template; words longer than relayFirst are passed on whole, the rest
// following in plain messages of at most relayMore characters, rather than in one message
// Telegram would refuse (which would lose a reply to a flag).
const (
	relayFirst = 3500
	relayMore  = 4000
)

// relayParts splits words for a relay: the part for the template, and the escaped HTML of the
// messages that follow it.
func relayParts(words string) (first string, more []string) {
	r := []rune(words)
	if len(r) <= relayFirst {
		return words, nil
	}
	first, r = string(r[:relayFirst])+"…", r[relayFirst:]
	for len(r) > 0 {
		n := min(len(r), relayMore)
		more = append(more, html.EscapeString("…"+string(r[:n])))
		r = r[n:]
	}
	return first, more
}
