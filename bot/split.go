package bot

import (
	"strings"
	"unicode/utf8"
)

// splitMessage cuts Telegram HTML into pieces of at most limit visible characters (tags are not
// counted, an entity counts as one), so a long message arrives in parts instead of being
// refused. It cuts at a paragraph if it can, else after a sentence, else at a space, and never
// inside a tag or an entity; a tag open at a cut is closed there and opened again in the next
// piece, so every piece parses on its own.
func splitMessage(s string, limit int) []string {
	type token struct {
		text    string
		visible int
		open    string // an opening tag's name, for the stack
		close   string // a closing tag's name
	}
	var toks []token
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				tag := s[i : i+j+1]
				name := strings.TrimPrefix(strings.Trim(tag, "<>/ "), "/")
				if k := strings.IndexAny(name, " \t\n"); k >= 0 {
					name = name[:k]
				}
				t := token{text: tag}
				if strings.HasPrefix(tag, "</") {
					t.close = name
				} else {
					t.open = name
				}
				toks = append(toks, t)
				i += j + 1
				continue
			}
		case '&':
			if j := strings.IndexByte(s[i:], ';'); j > 1 && j <= 10 && !strings.ContainsAny(s[i+1:i+j], " &<") {
				toks = append(toks, token{text: s[i : i+j+1], visible: 1})
				i += j + 1
				continue
			}
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		toks = append(toks, token{text: s[i : i+n], visible: 1})
		i += n
	}

	type cut struct {
		at    int      // token index the next piece starts at
		stack []string // opening tags (as written) open at that point
	}
	var pieces []string
	var stack []string // opening tags as written
	start, visible := 0, 0
	var reopen []string
	var para, sentence, space *cut
	emit := func(c cut) {
		var sb strings.Builder
		for _, t := range reopen {
			sb.WriteString(t)
		}
		for _, t := range toks[start:c.at] {
			sb.WriteString(t.text)
		}
		for i := len(c.stack) - 1; i >= 0; i-- {
			sb.WriteString("</" + tagName(c.stack[i]) + ">")
		}
		if p := strings.TrimSpace(sb.String()); p != "" {
			pieces = append(pieces, p)
		}
		reopen = append([]string(nil), c.stack...)
		start = c.at
		visible = 0
		para, sentence, space = nil, nil, nil
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.open != "":
			stack = append(stack, t.text)
		case t.close != "":
			for j := len(stack) - 1; j >= 0; j-- {
				if tagName(stack[j]) == t.close {
					stack = append(stack[:j], stack[j+1:]...)
					break
				}
			}
		}
		if visible+t.visible > limit {
			// Recount from the best cut: what follows it moves to the next piece.
			best := cut{at: i, stack: append([]string(nil), stack...)}
			if t.open != "" {
				best.stack = best.stack[:len(best.stack)-1]
			}
			switch {
			case para != nil && para.at > start:
				best = *para
			case sentence != nil && sentence.at > start:
				best = *sentence
			case space != nil && space.at > start:
				best = *space
			}
			emit(best)
			// Replay from the cut, so the stack and counts are right for the next piece.
			stack = append([]string(nil), best.stack...)
			i = best.at - 1
			continue
		}
		visible += t.visible
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].text
		}
		here := func() *cut { return &cut{at: i + 1, stack: append([]string(nil), stack...)} }
		switch {
		case t.text == "\n" && next == "\n":
			para = here()
		case (t.text == "." || t.text == "!" || t.text == "?" || t.text == "\n") && (next == " " || next == "\n"):
			sentence = here()
		case t.text == " ":
			space = here()
		}
	}
	emit(cut{at: len(toks), stack: nil})
	return pieces
}

// tagName is the name of an opening tag as written: "a" for `<a href="...">`.
func tagName(open string) string {
	name := strings.Trim(open, "<>/ ")
	if k := strings.IndexAny(name, " \t\n"); k >= 0 {
		name = name[:k]
	}
	return name
}
