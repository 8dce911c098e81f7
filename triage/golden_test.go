package triage

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestGoldenResults writes every screening of a fixed set of messages as JSON lines to the
// file named by TRIAGE_GOLDEN (skipped without it), so a change meant only to make the screen
// faster can be checked to leave every result byte-identical: run it before and after and
// compare the files. The messages are every example and testdata line, on the message and plan
// surfaces, and 2,000 long messages of 300–4,096 bytes made by joining lines at random with a
// fixed seed, plus typo-heavy copies of a quarter of them, and the benchmarks' messages.
func TestGoldenResults(t *testing.T) {
	path := os.Getenv("TRIAGE_GOLDEN")
	if path == "" {
		t.Skip("set TRIAGE_GOLDEN to a file to write every result to")
	}
	s := fullScreener()
	lines := corpusLines(t)
	rng := rand.New(rand.NewPCG(9, 5))
	var long []string
	for range 2000 {
		size := 300 + rng.IntN(4096-300+1)
		var b strings.Builder
		for b.Len() < size {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(lines[rng.IntN(len(lines))])
		}
		m := b.String()
		for len(m) > size {
			m = m[:len(m)-1]
			for len(m) > 0 && !utf8.RuneStart(m[len(m)-1]) {
				m = m[:len(m)-1]
			}
		}
		long = append(long, m)
	}
	for i := 0; i < len(long); i += 4 {
		long = append(long, typoCopy(long[i]))
	}
	// The benchmarks' messages.
	long = append(long, longMessage())
	long = append(long, longMessages(lines, 4096)...)
	for _, unit := range []string{
		"i want to kill myself tonight. ",
		"went to the shops then i took all my pills, the voices tell me to jump, no quiero vivir mas. ",
		"had a nice day at the park with my sister and the dog, tea later. ",
		"i used to cut myself years ago but not anymore, i'm not suicidal, in the film he jumped off a bridge. ",
		"ya no aguanto mas, me quiero morir, las voces me dicen que me mate esta noche. ",
	} {
		long = append(long, strings.Repeat(unit, 4096/len(unit)+1)[:4096])
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	type match struct {
		Category Category
		Phrase   string
		Excerpt  string
		Tier     Tier
		At       [2]int
	}
	type out struct {
		Surface Surface
		Text    string
		Result  Result
		Matches []match
	}
	n := 0
	write := func(m string, surface Surface) {
		r := s.ScreenAs(m, surface)
		o := out{Surface: surface, Text: m, Result: r}
		for _, x := range r.Matches {
			o.Matches = append(o.Matches, match{x.Category, x.Phrase, x.Excerpt, x.Tier, x.at})
		}
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
		w.WriteByte('\n')
		n++
	}
	for _, m := range lines {
		write(m, SurfaceMessage)
		write(m, SurfacePlan)
		write(m, SurfaceSign)
	}
	for _, m := range long {
		write(m, SurfaceMessage)
	}
	for i, m := range long {
		if i%10 == 0 {
			write(m, SurfacePlan)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d screenings written to %s", n, path)
}
