package triage

import (
	"strings"
	"testing"
)

// TestLaughInSameAsContainsAny holds reading.laughIn, which finds the laughter emoji once a
// message, to strings.ContainsAny over the window asked about, for every window between
// character starts of messages with emoji, other four-byte characters and broken UTF-8.
func TestLaughInSameAsContainsAny(t *testing.T) {
	for _, text := range []string{
		"",
		"me quiero morir 😂😂 el examen",
		"lol 🤣 i want to die 💀 this song 🙈🤦",
		"😀 not laughing 🚀 \xf0\x9f\x98 broken 😂",
		"\xf0😂\xf0\x9f 💀\xf0",
		"🤦",
	} {
		var starts []int
		for i := range text {
			starts = append(starts, i)
		}
		starts = append(starts, len(text))
		rd := &reading{}
		for _, from := range starts {
			for _, end := range starts {
				if end < from {
					continue
				}
				if got, want := rd.laughIn(text, from, end), strings.ContainsAny(text[from:end], laughEmoji); got != want {
					t.Errorf("laughIn(%q, %d, %d) = %v, ContainsAny says %v", text, from, end, got, want)
				}
			}
		}
	}
}
