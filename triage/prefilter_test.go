package triage

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// corpusLines is every message of the evaluation set (../evaluation/screen/*.tsv, the last
// column) and of the screen's own testdata: the widest set of real-looking messages at hand.
func corpusLines(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"../evaluation/screen/*.tsv", "testdata/*.tsv"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no evaluation or testdata files")
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

// TestPrefilterSameResults holds the prefilter to its promise: it only skips entries that could
// not match, so every message screens exactly as it does with every entry tried. The messages
// are the evaluation set's and testdata's lines, each alone and all joined in long messages
// (so entries whose words are spread over sentences are tried too), with typo-heavy copies.
func TestPrefilterSameResults(t *testing.T) {
	s := testScreener()
	lines := corpusLines(t)
	msgs := append([]string(nil), lines...)
	for i := 0; i < len(lines); i += 12 {
		msgs = append(msgs, strings.Join(lines[i:min(i+12, len(lines))], " "))
	}
	msgs = append(msgs, longMessage())
	for _, m := range lines {
		msgs = append(msgs, typoCopy(m))
	}
	if len(msgs) < 3000 {
		t.Fatalf("only %d messages to compare", len(msgs))
	}
	differ := 0
	for _, m := range msgs {
		for _, surface := range []Surface{SurfaceMessage, SurfacePlan} {
			fast, slow := s.screen(m, surface, true), s.screen(m, surface, false)
			if !reflect.DeepEqual(fast, slow) {
				differ++
				if differ <= 10 {
					t.Errorf("%s %q:\nprefilter %+v\nevery entry %+v", surface, short(m), fast, slow)
				}
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d screenings differ", differ, 2*len(msgs))
	}
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
