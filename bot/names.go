package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cutName reports whether args begins with name, compared as people write names: case-insensitive
// under Unicode simple folding, rune by rune, so "ⱥnna", "KAI" typed with a Kelvin sign and "İpek"
// match their own spelling whatever case they are typed in. The name must end at the end of args
// or at a space; rest is what follows it, trimmed. Lower-casing both sides and slicing args by the
// length of the lower-cased name is wrong whenever folding changes a rune's byte length (Ⱥ is two
// bytes, ⱥ three), which is why this walks the original string.
func cutName(args, name string) (rest string, ok bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	i := 0
	for _, nr := range name {
		if i >= len(args) {
			return "", false
		}
		ar, size := utf8.DecodeRuneInString(args[i:])
		if !sameLetter(ar, nr) {
			return "", false
		}
		i += size
	}
	if i < len(args) {
		next, _ := utf8.DecodeRuneInString(args[i:])
		if !unicode.IsSpace(next) {
			return "", false
		}
	}
	return strings.TrimSpace(args[i:]), true
}

// sameLetter reports whether two runes are equal under Unicode simple case folding.
func sameLetter(a, b rune) bool {
	if a == b {
		return true
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}
