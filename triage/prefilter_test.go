package triage

import (
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"
)

// corpusLines is every message of the pack's examples (../content/default/screen/examples,
// the last column) and of the screen's own testdata: the widest set of real-looking messages
// at hand.
func corpusLines(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"../content/default/screen/examples/*.tsv", "testdata/*.tsv"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no example or testdata files")
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.Split(line, "\t")
			out = append(out, cols[len(cols)-1])
		}
	}
	return out
}

// longMessages joins consecutive lines into messages of up to size bytes (cut at a character
// boundary): risk in the middle of a long message, and phrases whose words are spread over
// sentences.
func longMessages(lines []string, size int) []string {
	var out []string
	var b strings.Builder
	for _, l := range lines {
		if b.Len()+len(l)+1 > size && b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	for i, m := range out {
		for len(m) > size {
			m = m[:len(m)-1]
			for len(m) > 0 && !utf8.RuneStart(m[len(m)-1]) {
				m = m[:len(m)-1]
			}
		}
		out[i] = m
	}
	return out
}

// identityMessages is what TestFastSameAsReference screens both ways: every line alone, lines
// joined twelve at a time and into messages of up to 4,096 bytes, the benchmark's message, and
// typo-heavy copies of the lines and of the long messages.
func identityMessages(t testing.TB) []string {
	lines := corpusLines(t)
	msgs := append([]string(nil), lines...)
	for i := 0; i < len(lines); i += 12 {
		msgs = append(msgs, strings.Join(lines[i:min(i+12, len(lines))], " "))
	}
	long := longMessages(lines, 4096)
	msgs = append(msgs, long...)
	msgs = append(msgs, longMessage())
	for _, m := range lines {
		msgs = append(msgs, typoCopy(m))
	}
	for _, m := range long {
		msgs = append(msgs, typoCopy(m))
	}
	return msgs
}

// fullScreener is the default pack's lists with its model, as the bot uses them.
var fullScreener = sync.OnceValue(func() *Screener {
	s, err := NewScreener(os.DirFS("../content/default/screen"))
	if err != nil {
		panic(err)
	}
	if s.model == nil {
		panic("the default pack has no model")
	}
	return s
})

// TestFastSameAsReference holds the screen's fast path (the prefilter, its per-message index
// of words and where they are, and the model reading the screen's tokens) to the reference
// path: every entry tried at every word, and the model's features built as strings and hashed
// with hash/fnv. Every message must screen exactly the same: tier, categories, entries
// matched, context, language, excerpts and the model's probabilities. The messages are every
// example and testdata line, alone, joined, in long messages and with typos.
func TestFastSameAsReference(t *testing.T) {
	s := fullScreener()
	msgs := identityMessages(t)
	if len(msgs) < 10000 {
		t.Fatalf("only %d messages to compare", len(msgs))
	}
	differ, n := 0, 0
	for i, m := range msgs {
		if raceDetector && i%4 != 0 {
			continue // the full comparison runs without -race
		}
		surfaces := []Surface{SurfaceMessage}
		if i%8 == 0 {
			// The plan surface changes only how matches are judged: a sample is enough.
			surfaces = append(surfaces, SurfacePlan)
		}
		for _, surface := range surfaces {
			n++
			fast, slow := s.ScreenAs(m, surface), referenceScreen(s, m, surface)
			if !reflect.DeepEqual(fast, slow) {
				differ++
				if differ <= 10 {
					t.Errorf("%s %q:\nfast %+v\nreference %+v", surface, short(m), fast, slow)
				}
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d screenings differ", differ, n)
	}
}

// referenceScreen is ScreenAs the straightforward way: every entry whose first word matches
// tried at every word, and the model read by referenceProbs.
func referenceScreen(s *Screener, text string, surface Surface) Result {
	r := s.screen(text, surface, false)
	if s.model == nil || !modelReads(surface) {
		return r
	}
	p, cue := referenceProbs(s.model, text)
	return s.modelSay(r, p, cue, text, tokenize(text))
}

// referenceProbs is Model.read written plainly: each feature a string hashed with hash/fnv,
// kept once, in ascending order (the order the model adds them in).
func referenceProbs(m *Model, text string) (Probs, bool) {
	toks := tokenize(text)
	cue := false
	var keys []string
	for i, t := range toks {
		cue = cue || m.cue[t.norm]
		keys = append(keys, "w"+t.norm+" ")
		if i > 0 {
			keys = append(keys, "b"+toks[i-1].norm+" "+t.norm)
		}
		if i > 1 {
			keys = append(keys, "t"+toks[i-2].norm+" "+toks[i-1].norm+" "+t.norm)
		}
	}
	for _, r := range text {
		if r >= 0x2190 && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && r != 0xFE0F && r != 0x200D {
			keys = append(keys, "e"+string(r))
		}
	}
	seen := map[uint32]bool{}
	var fs []uint32
	for _, k := range keys {
		h := fnv.New32a()
		h.Write([]byte(k))
		f := h.Sum32() % modelDims
		if !seen[f] {
			seen[f] = true
			fs = append(fs, f)
		}
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i] < fs[j] })
	var z [modelClasses]float64
	top := math.Inf(-1)
	for c := range modelClasses {
		s := float64(m.b[c])
		for _, f := range fs {
			s += float64(m.weight(c, f))
		}
		if c == 0 {
			s += noneShift
		}
		z[c] = s
		top = max(top, s)
	}
	var sum float64
	for c := range z {
		z[c] = math.Exp(z[c] - top)
		sum += z[c]
	}
	for c := range z {
		z[c] /= sum
	}
	return Probs{None: z[0], Crisis: z[1], Concern: z[2], Relapse: z[3]}, cue
}

// typoCopy writes m as a hurried thumb might: every other long word with a neighbouring pair
// swapped, every third with a letter left out, repeated letters and a v for a b.
func typoCopy(m string) string {
	ws := strings.Fields(m)
	for i, w := range ws {
		r := []rune(w)
		switch {
		case len(r) >= 6 && i%3 == 0:
			r = append(r[:3:3], r[4:]...)
		case len(r) >= 4 && i%2 == 0:
			r[1], r[2] = r[2], r[1]
		case len(r) >= 3 && i%5 == 1:
			r = append(r[:2:2], append([]rune{r[1], r[1]}, r[2:]...)...)
		}
		ws[i] = strings.NewReplacer("b", "v").Replace(string(r))
	}
	return strings.Join(ws, " ")
}

func BenchmarkScreenShort(b *testing.B) {
	s := testScreener()
	msgs := corpusLines(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Screen(msgs[i%len(msgs)])
		i++
	}
}

// BenchmarkScreen4096Model is BenchmarkScreen4096 with the pack's model, as the bot screens.
func BenchmarkScreen4096Model(b *testing.B) {
	s := fullScreener()
	msg := longMessage()
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		s.Screen(msg)
	}
}

// BenchmarkScreen4096Examples screens, with the model, the example lines joined into messages
// of up to 4,096 bytes: long messages dense with risk, context and typos.
func BenchmarkScreen4096Examples(b *testing.B) {
	s := fullScreener()
	msgs := longMessages(corpusLines(b), 4096)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Screen(msgs[i%len(msgs)])
		i++
	}
}

// BenchmarkScreen4096Repeated is a 4,096-character message made of one sentence said again and
// again, the way a load test or a person pasting builds one: every sentence holds matches and
// context words, so whatever reads each match against the whole message shows here (it took
// 11 ms for the past and negations before context was read only near each match).
func BenchmarkScreen4096Repeated(b *testing.B) {
	s := fullScreener()
	for _, tc := range []struct{ name, unit string }{
		{"risk", "i want to kill myself tonight. "},
		{"mixed", "went to the shops then i took all my pills, the voices tell me to jump, no quiero vivir mas. "},
		{"everyday", "had a nice day at the park with my sister and the dog, tea later. "},
		{"negation-past-film", "i used to cut myself years ago but not anymore, i'm not suicidal, in the film he jumped off a bridge. "},
		{"spanish", "ya no aguanto mas, me quiero morir, las voces me dicen que me mate esta noche. "},
	} {
		msg := strings.Repeat(tc.unit, 4096/len(tc.unit)+1)[:4096]
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(msg)))
			b.ReportAllocs()
			for b.Loop() {
				s.Screen(msg)
			}
		})
	}
}

// BenchmarkScreen4096NoPrefilter is BenchmarkScreen4096 with every entry tried, for comparison.
func BenchmarkScreen4096NoPrefilter(b *testing.B) {
	s := testScreener()
	msg := longMessage()
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		s.screen(msg, SurfaceMessage, false)
	}
}

// TestFoldedLettersSameAsAny holds the quick path for plain ASCII words to the general one,
// over every word of the identity messages (typos included) and words made to test each step:
// repeated letters, a final "ing", v and b.
func TestFoldedLettersSameAsAny(t *testing.T) {
	words := []string{"", "a", "ing", "sing", "going", "goinggg", "killl", "vvb", "bv", "sooo", "cuttting",
		"ving", "viing", "xinng", "don't", "self-harm", "a b", "AAA"}
	for _, m := range identityMessages(t) {
		words = append(words, strings.FieldsFunc(m, func(r rune) bool { return !unicode.IsLetter(r) })...)
	}
	n := 0
	for _, w := range words {
		r := []rune(strings.ToLower(w))
		if slices.ContainsFunc(r, func(c rune) bool { return c >= utf8.RuneSelf || '0' <= c && c <= '9' }) {
			continue
		}
		n++
		quick := string(appendFoldedLetters([]byte("x"), slices.Clone(r)))
		general := string(appendFoldedAny([]byte("x"), slices.Clone(r)))
		if quick != general {
			t.Errorf("%q: quick %q, general %q", w, quick, general)
		}
	}
	if n < 10000 {
		t.Errorf("only %d words compared", n)
	}
}

// TestTextismSieve: the sieve in front of the textisms map lets every textism through.
func TestTextismSieve(t *testing.T) {
	for k, v := range textisms {
		if !maybeTextism([]byte(k)) {
			t.Errorf("maybeTextism(%q) = false: %q would not read as %q", k, k, v)
		}
		if got := tokenize(k); len(got) != 1 || got[0].norm != v {
			t.Errorf("tokenize(%q) = %+v, want %q", k, got, v)
		}
	}
}
