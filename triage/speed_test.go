package triage

import (
	"reflect"
	"strings"
	"testing"
)

// TestRulesOnceSameAsEachTime holds spanRules, which keeps what the rules of a hit alone
// answered for the hits over the same words, category and tier, to every hit working them out
// afresh: a rule must not depend on which phrase matched. Every third identity message (every
// twelfth under -race), on the message and plan surfaces.
func TestRulesOnceSameAsEachTime(t *testing.T) {
	s := fullScreener()
	step, least := 3, 5000
	if raceDetector {
		step, least = 12, 2000
	}
	n, differ := 0, 0
	for i, m := range identityMessages(t) {
		if i%step != 0 {
			continue
		}
		for _, surface := range []Surface{SurfaceMessage, SurfacePlan} {
			n++
			once := s.ScreenAs(m, surface)
			rulesEachTime = true
			fresh := s.ScreenAs(m, surface)
			rulesEachTime = false
			if !reflect.DeepEqual(once, fresh) {
				if differ++; differ <= 5 {
					t.Errorf("%s %q:\nonce %+v\nfresh %+v", surface, short(m), once, fresh)
				}
			}
		}
	}
	if n < least {
		t.Errorf("only %d screenings compared", n)
	}
}

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
