package triage

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math"
	mbits "math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Model is the screen's second reader: a small text classifier that learns, when the lists are
// loaded, from the labelled example messages in their examples/ folder (the same messages the
// lists are tuned on, written by the project). The lists know phrases; people say the same
// thing in words nobody listed ("thinking of checking out for good"), and a classifier over
// words and words in a row carries what it learned to wordings it never saw. On held-out
// messages it finds far more of the risk the lists miss, and it is also wrong more often, so
// it has its say only where the lists are silent or unsure (Screener.withModel): it adds a
// flag where the lists found nothing at all, and it softens a crisis found by the lists to a
// concern when it is nearly sure the message is safe (blend.go). It never drops what the lists found.
//
// It is multinomial logistic regression over hashed features (words, word pairs and triples,
// read through the same folding as the lists, and emoji), trained by AdaGrad with a fixed
// seed: the same examples always give the same model. Probs weighs "none" up to the odds of a
// service's messages (noneShift), and the model speaks only where a message has a cue word:
// one that in the examples comes mostly in risk.
type Model struct {
	w [modelClasses][]float32
	b [modelClasses]float32
	// cue is every word that comes mostly in risk examples.
	cue map[string]bool
}

// Probs is how likely the model finds each tier for one message; they add up to 1.
type Probs struct {
	None    float64 `json:"none"`
	Crisis  float64 `json:"crisis"`
	Concern float64 `json:"concern"`
	Relapse float64 `json:"relapse"`
}

// Risk is the chance of any tier but none.
func (p Probs) Risk() float64 { return 1 - p.None }

// Example is one labelled message the model learns from.
type Example struct {
	Tier Tier
	Text string
	// Part marks a sentence taken from a longer everyday example (everydaySentences). It is
	// learned from like any example, but its words were counted already with its example's:
	// it counts neither towards the cue words nor towards the tiers' balance (each part adds
	// weight to "none" rather than taking it from the everyday examples).
	Part bool
}

const (
	modelClasses = 4       // none, crisis, concern, relapse: the order of Model.w
	modelDims    = 1 << 18 // hashed feature space: collisions are rare at a few thousand examples
	modelEpochs  = 5
	modelRate    = 0.5
	modelL2      = 1e-4
	modelSeed    = 20261125
	// noneShift weighs "none" up by e² (about 7.4 times) when reading a message: more than half
	// the examples are risk, but most of what people write to a service is not, and a model
	// that kept the examples' odds raised a concern on one everyday message in five.
	noneShift = 2
	// A cue word comes at least cueMin times in risk examples, and in a risk example at least
	// cueShare of the times it comes at all.
	cueMin   = 3
	cueShare = 0.75
)

var modelTiers = [modelClasses]Tier{TierNone, TierCrisis, TierConcern, TierRelapse}

func classOf(t Tier) int {
	for i, c := range modelTiers {
		if c == t {
			return i
		}
	}
	return -1
}

// TrainModel fits a model to examples. It needs examples of none and of at least one risk
// tier; with fewer it returns nil (no model: the lists alone screen).
func TrainModel(examples []Example) *Model {
	var count [modelClasses]int
	xs := make([][]uint32, 0, len(examples))
	ys := make([]int, 0, len(examples))
	own := 0
	for _, e := range examples {
		c := classOf(e.Tier)
		if c < 0 {
			continue
		}
		if !e.Part {
			count[c]++
			own++
		}
		xs = append(xs, features(nil, e.Text))
		ys = append(ys, c)
	}
	if count[0] == 0 || own == count[0] {
		return nil
	}
	// Each tier weighs the same in all, however many examples it has (parts aside).
	var weight [modelClasses]float32
	for c, n := range count {
		if n > 0 {
			weight[c] = float32(own) / float32(modelClasses*n)
		}
	}
	m := &Model{cue: cueWords(examples)}
	for c := range modelClasses {
		m.w[c] = make([]float32, modelDims)
	}
	// Several runs from different seeds, their weights averaged: one run's path through the
	// examples depends on their order, and a list line added or an example removed moved
	// held-out recall by a point either way. The average of the runs is a steadier reader,
	// with the cost of one model at reading time (the model is linear in its weights).
	one := &Model{}
	for c := range modelClasses {
		one.w[c] = make([]float32, modelDims)
	}
	for run := range modelRuns {
		one.train(xs, ys, weight, modelSeed+uint64(run))
		for c := range modelClasses {
			for f, v := range one.w[c] {
				m.w[c][f] += v / modelRuns
			}
			m.b[c] += one.b[c] / modelRuns
		}
	}
	return m
}

// modelRuns is how many runs TrainModel averages.
const modelRuns = 3

// train fits m, from zero, to xs and ys by AdaGrad in an order drawn from seed.
func (m *Model) train(xs [][]uint32, ys []int, weight [modelClasses]float32, seed uint64) {
	var acc [modelClasses][]float32
	for c := range modelClasses {
		clear(m.w[c])
		m.b[c] = 0
		acc[c] = make([]float32, modelDims)
	}
	rnd := rand.New(rand.NewPCG(seed, seed))
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	for range modelEpochs {
		rnd.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			p := m.probs(xs[i])
			for c := range modelClasses {
				y := float32(0)
				if ys[i] == c {
					y = 1
				}
				g := (float32(p[c]) - y) * weight[ys[i]]
				w, a := m.w[c], acc[c]
				for _, f := range xs[i] {
					gf := g + modelL2*w[f]
					a[f] += gf * gf
					w[f] -= modelRate * gf / float32(math.Sqrt(float64(a[f])+1e-8))
				}
				m.b[c] -= 0.01 * g
			}
		}
	}
}

// listedExamples are the lists' own phrases, each written out once in its first words
// ("end|ending my [own] life" as "end my life", a slot as its first word) and labelled with its
// list's tier, for the model to learn beside the examples. The examples hold many safe lines
// that use the words of crisis ("I've never thought about ending my life") and fewer risk
// lines that use those very words, so a model trained on them alone learned some phrases of
// crisis as safe by themselves, and then heard "considering ending my life" as everyday talk.
// Learned from the lists too, it knows each phrase as its tier, and what it reads as safe
// around one is the context. A phrase with a stem ("suicid*") or a slot with no words is left
// out.
func (s *Screener) listedExamples(slotSay map[string]string) []Example {
	var out []Example
	for i := range s.entries {
		e := &s.entries[i]
		if e.role != roleRisk {
			continue
		}
		if text, ok := writtenOut(e.p.src, slotSay); ok {
			out = append(out, Example{Tier: e.tier, Text: text})
		}
	}
	return out
}

// writtenOut is a phrase in its first words: optional words and gaps left out, the first of
// each choice, a slot as its first word (numbers as "30", a year as "2019").
func writtenOut(src string, slotSay map[string]string) (string, bool) {
	if strings.Contains(src, "*") {
		return "", false
	}
	var words []string
	for _, f := range strings.Fields(src) {
		if f == "..." || strings.HasPrefix(f, "[") {
			continue
		}
		w := strings.Split(f, "|")[0]
		if strings.HasPrefix(w, "<") {
			switch name := strings.Trim(w, "<>"); name {
			case "number", "many":
				w = "30"
			case "year":
				w = "2019"
			default:
				var ok bool
				if w, ok = slotSay[name]; !ok || w == "" {
					return "", false
				}
			}
		}
		words = append(words, strings.ReplaceAll(w, "-", " "))
	}
	return strings.Join(words, " "), len(words) > 0
}

// plainFirst is the first way of saying a list of words with choices: "took|taken the|my" is
// "took the".
func plainFirst(fields []string) string {
	var words []string
	for _, f := range fields {
		words = append(words, strings.ReplaceAll(strings.Split(f, "|")[0], "-", " "))
	}
	return strings.Join(words, " ")
}

// Probs reads one message.
func (m *Model) Probs(text string) Probs {
	p, _ := m.read(text)
	return p
}

// weight is class c's weight of feature f.
func (m *Model) weight(c int, f uint32) float32 { return m.w[c][f] }

func (m *Model) probs(fs []uint32) [modelClasses]float64 { return m.probsShift(fs, 0) }

func (m *Model) probsShift(fs []uint32, noneShift float64) [modelClasses]float64 {
	var z [modelClasses]float64
	top := math.Inf(-1)
	for c := range modelClasses {
		s := float64(m.b[c])
		w := m.w[c]
		for _, f := range fs {
			s += float64(w[f])
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
	return z
}

// features appends the hashed features of text to fs: each word (folded as the lists fold
// it), each pair and triple of words in a row, and each emoji. (Pieces of words were tried:
// they found a little more risk and twice the false alarms.)
func features(fs []uint32, text string) []uint32 { return tokenFeatures(fs, tokenize(text), text, nil) }

// tokenFeatures is features for text already tokenized. seen, which may be nil, is an empty
// set of modelDims bits that it may use, and leaves empty, to put a long message's features
// in order.
func tokenFeatures(fs []uint32, toks []token, text string, seen bits) []uint32 {
	start := len(fs)
	var prev1, prev2 string
	for i, t := range toks {
		w := t.norm
		fs = append(fs, hash2('w', w, ""))
		if i > 0 {
			fs = append(fs, hash2('b', prev1, w))
		}
		if i > 1 {
			fs = append(fs, hash3('t', prev2, prev1, w))
		}
		prev2, prev1 = prev1, w
	}
	for _, r := range text {
		if r >= 0x2190 && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && r != 0xFE0F && r != 0x200D {
			var b [utf8.UTFMax]byte
			n := utf8.EncodeRune(b[:], r)
			fs = append(fs, hashBytes('e', b[:n]))
		}
	}
	// Each feature counts once: a word said a hundred times ("no no no …", a pasted wall of
	// symbols) says no more than once, and cannot outweigh everything else.
	if seen != nil && len(fs)-start >= sortBySet {
		return sortedOnce(fs, start, seen)
	}
	slices.Sort(fs[start:])
	return append(fs[:start], slices.Compact(fs[start:])...)
}

// sortBySet is how many features a message has before sortedOnce puts them in order faster
// than sorting: a long message has thousands, and sorting them was half the model's time.
const sortBySet = 256

// sortedOnce is fs[start:] in ascending order, each feature once, as sorting and compacting
// would leave it, by marking each in seen and reading the marks back in order.
func sortedOnce(fs []uint32, start int, seen bits) []uint32 {
	lo, hi := uint32(modelDims), uint32(0)
	for _, f := range fs[start:] {
		seen.set(int32(f))
		lo, hi = min(lo, f), max(hi, f)
	}
	out := fs[:start]
	for w := lo >> 6; w <= hi>>6; w++ {
		for b := seen[w]; b != 0; b &= b - 1 {
			out = append(out, w<<6|uint32(mbits.TrailingZeros64(b)))
		}
		seen[w] = 0
	}
	return out
}

// FNV-1a, written out so that hashing a message's features allocates nothing.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnvPrime
	}
	return h
}

func hashBytes(kind byte, b []byte) uint32 {
	h := (fnvOffset ^ uint32(kind)) * fnvPrime
	for _, c := range b {
		h ^= uint32(c)
		h *= fnvPrime
	}
	return h % modelDims
}

func hash2(kind byte, a, b string) uint32 {
	h := (fnvOffset ^ uint32(kind)) * fnvPrime
	h = fnvString(h, a)
	h = (h ^ ' ') * fnvPrime
	return fnvString(h, b) % modelDims
}

func hash3(kind byte, a, b, c string) uint32 {
	h := (fnvOffset ^ uint32(kind)) * fnvPrime
	h = fnvString(h, a)
	h = (h ^ ' ') * fnvPrime
	h = fnvString(h, b)
	h = (h ^ ' ') * fnvPrime
	return fnvString(h, c) % modelDims
}

// ReadExamples reads every .tsv file in dir of fsys: lines of "tier<TAB>category<TAB>lang<TAB>
// kind<TAB>message", '#' lines being comments (the layout of evaluation sets). It reports every
// line it cannot read, as "file:line: problem".
func ReadExamples(fsys fs.FS, dir string) ([]Example, []string, error) {
	names, err := fs.Glob(fsys, dir+"/*.tsv")
	if err != nil {
		return nil, nil, err
	}
	var out []Example
	var problems []string
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		n := 0
		for sc.Scan() {
			n++
			line := sc.Text()
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cols := strings.SplitN(line, "\t", 5)
			if len(cols) != 5 || strings.TrimSpace(cols[4]) == "" {
				problems = append(problems, fmt.Sprintf("%s:%d: want five columns separated by tabs: tier, category, lang, kind, message", name, n))
				continue
			}
			t := Tier(cols[0])
			if classOf(t) < 0 {
				problems = append(problems, fmt.Sprintf("%s:%d: %q is not a tier: use crisis, concern, relapse or none", name, n, cols[0]))
				continue
			}
			out = append(out, Example{Tier: t, Text: cols[4]})
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return out, problems, nil
}

// trained keeps each model made, by the hash of its examples: a process that loads the same
// pack many times (every test does) trains once.
var trained = struct {
	sync.Mutex
	m map[[32]byte]*Model
}{m: map[[32]byte]*Model{}}

func trainCached(examples []Example) *Model {
	h := sha256.New()
	for _, e := range examples {
		fmt.Fprintf(h, "%s\t%s\n", e.Tier, e.Text)
	}
	var key [32]byte
	copy(key[:], h.Sum(nil))
	trained.Lock()
	defer trained.Unlock()
	if m, ok := trained.m[key]; ok {
		return m
	}
	m := TrainModel(examples)
	trained.m[key] = m
	return m
}

// notCues are words that carry no meaning of their own, however often they come in risk
// examples: "and I said yes" is not a worry. ("yes" came mostly in risk lines, "the doctor
// asked if I wanted to die and I said yes", and "My worker rang about the appointment and I
// said yes" was flagged.)
var notCues = foldedSet(`i me my mine myself you your he him his she her it its we us our they them their
	a an the this that these those and or but so if then than as to of in on at by for with from
	about into up down out over is am are was were be been being do does did done have has had
	will would shall should can could may might must yes yeah yep no nope not ok okay said say
	says told tell just really very also too
	yo mi mis tu tus te se le les lo los la las el un una unos unas y o pero que de del en a al con
	por para es soy eres son estoy esta estan era fue ser estar he ha han si no dije dijo digo le`)

// cueWords are the words of the examples that come at least cueMin times in risk examples and
// in a risk example at least cueShare of the times they come at all.
func cueWords(examples []Example) map[string]bool {
	risk, all := map[string]int{}, map[string]int{}
	for _, e := range examples {
		if e.Part {
			continue
		}
		seen := map[string]bool{}
		for _, t := range tokenize(e.Text) {
			if seen[t.norm] {
				continue
			}
			seen[t.norm] = true
			all[t.norm]++
			if e.Tier != TierNone {
				risk[t.norm]++
			}
		}
	}
	cue := map[string]bool{}
	for w, n := range risk {
		// A letter alone ("n" for "and" or for "no", "x" for a kiss) says nothing by itself,
		// and a person who answers a question with "n" must not get a concern.
		if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsLetter(r) || notCues[w] {
			continue
		}
		if n >= cueMin && float64(n) >= cueShare*float64(all[w]) {
			cue[w] = true
		}
	}
	return cue
}

// read is Probs, and whether text has a cue word (one that comes mostly in risk examples),
// reading the message once with the screen's pooled memory.
func (m *Model) read(text string) (Probs, bool) {
	sc := scratchPool.Get().(*scratch)
	defer putScratch(sc)
	return m.readTokens(sc, tokenizeInto(sc, text), text)
}

// readTokens is read of text already tokenized as toks, with the working memory sc.
func (m *Model) readTokens(sc *scratch, toks []token, text string) (Probs, bool) {
	cue := false
	for _, t := range toks {
		if m.cue[t.norm] {
			cue = true
			break
		}
	}
	if len(sc.seen) == 0 {
		sc.seen = make(bits, modelDims/64)
	}
	sc.feats = tokenFeatures(sc.feats[:0], toks, text, sc.seen)
	p := m.probsShift(sc.feats, noneShift)
	return Probs{None: p[0], Crisis: p[1], Concern: p[2], Relapse: p[3]}, cue
}

// everydaySentences are the sentences of the everyday examples of more than one sentence, each
// one in which no list phrase matches, as everyday examples of their own. The model reads a
// long message a sentence at a time too (Model.loudest), so that a risk in the middle of a
// long message is heard in its own words; but it learned from whole messages, and a sentence
// of everyday talk read alone ("I'll have to get the bus to work", "I've been saving a bit
// each week") was heard as risk with nothing around it to say otherwise. A sentence of an
// everyday message is everyday; one that holds a list phrase is left out, since what made
// the message safe may be in another sentence ("'I want to die' is what I said at the
// dentist"). s must have its lists and no model yet: the lists alone read each sentence.
func (s *Screener) everydaySentences(examples []Example) []Example {
	var out []Example
	for _, e := range examples {
		if e.Tier != TierNone {
			continue
		}
		toks := tokenize(e.Text)
		from := 0
		for i := 1; i <= len(toks); i++ {
			if i < len(toks) && !toks[i].sent {
				continue
			}
			if from == 0 && i == len(toks) {
				break // one sentence: the example itself
			}
			end := len(e.Text)
			if i < len(toks) {
				end = toks[i].start
			}
			part := strings.TrimSpace(e.Text[toks[from].start:end])
			from = i
			if r := s.Screen(part); len(r.Matched) > 0 || r.Tier != TierNone {
				continue
			}
			out = append(out, Example{Tier: TierNone, Text: part, Part: true})
		}
	}
	return out
}
