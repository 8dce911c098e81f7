package triage

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The prefilter skips, for one message, every list entry that cannot match it: an entry
// matches only if each of its required words (every element that is not optional and not a
// gap) matches some word of the message. Which elements the words of the message can satisfy,
// and at which words, is worked out once a message (each distinct word looked up once), from
// an index built when the lists are loaded. An entry is then tried at a word only when each
// of its required elements is satisfied within reach of that word (its window: "<voices> ...
// tell me to <harm>" needs a <harm> within a dozen words), and while it is matched each
// required element is tried only at the words that satisfy it.
//
// It is a filter on candidates, never a second matcher: a word "satisfies" an element when it
// could match the first word of one of its sequences, by the same typo tolerance as
// piece.matches (a swapped pair, a missing letter in a long word, a stem, any number), so it
// passes a superset of what could match, and the entries it lets through are matched exactly
// as before, in the same order. TestFastSameAsReference holds it to that over every line of
// the pack's examples and the screen's testdata, alone, joined, in 4,096-byte messages and
// with typos.
//
// Without it most of a long message's time went to phrases whose first word is common ("the
// voices ... tell me to <harm>", "i ... <medicine>") being walked through their gaps and slots
// at every place that first word occurs.

// wordIndex is what one message word, or the first three bytes of one, leads to: the entries
// that may start there, and the prefilter's keys it may satisfy (a word and its typos; a stem,
// checked in full).
type wordIndex struct {
	entries []int32
	keys    []int32
}

// prefilter is the index of the required words of every entry after its first. The keys a
// message word satisfies are in Screener.words and Screener.stems.
type prefilter struct {
	stemOf  []string  // key -> its stem ("" for a word key)
	number  int32     // the key any number satisfies, or -1
	keyEls  [][]int32 // key -> the elements it satisfies
	elKeys  [][]int32 // element -> the keys that satisfy it
	nElems  int
	entries [][]int32 // entry -> required elements after its first (nil: nothing to check)
	// windows is, for each entry, where each required element after its first must start,
	// counted in words from the entry's first word: a match of "<voices> ... tell me to
	// <harm>" that starts at word i has its <harm> within a dozen words of i. An entry is
	// walked at a word only when each of its required elements is satisfied by some word
	// inside its window, so a phrase whose first word is common ("the", "i", a slot of
	// medicines) is no longer walked through its gaps wherever that word occurs.
	windows [][]window
	// elemOf is, for each entry, the element id of each of its phrase's elements (-1 for
	// the first, a gap or an optional word), so that matching it tries an element only at
	// the words of the message that satisfy it (phrase.firstEndIn).
	elemOf [][]int32
}

// window is one required element of an entry and the offsets, from the entry's first word,
// at which a match of it can start.
type window struct {
	el     int32
	lo, hi int32
}

// buildPrefilter indexes the required elements of every entry. The first element of an entry
// is left out: the candidate index (Screener.exact, stems, numbers) already requires it.
func (s *Screener) buildPrefilter() {
	pf := &prefilter{number: -1}
	keyIDs := map[string]int32{}
	key := func(name, stem string) int32 {
		if id, ok := keyIDs[name]; ok {
			return id
		}
		id := int32(len(pf.stemOf))
		keyIDs[name] = id
		pf.stemOf = append(pf.stemOf, stem)
		pf.keyEls = append(pf.keyEls, nil)
		return id
	}
	elemIDs := map[string]int32{} // the sorted keys of an element -> its id, so equal elements share one
	bySrc := map[string]int32{}   // an element as written -> its id, to skip the work above
	pf.entries = make([][]int32, len(s.entries))
	pf.windows = make([][]window, len(s.entries))
	pf.elemOf = make([][]int32, len(s.entries))
	var ks []int32
	for n := range s.entries {
		p := &s.entries[n].p
		var req []int32
		var wins []window
		of := make([]int32, len(p.elems))
		for k := range of {
			of[k] = -1
		}
		pf.elemOf[n] = of
		lo, hi := p.elems[0].span()
		for k := 1; k < len(p.elems); k++ {
			el := &p.elems[k]
			elo, ehi := el.span()
			at := [2]int32{lo, hi}
			lo, hi = lo+elo, hi+ehi
			if el.gap > 0 || el.optional {
				continue
			}
			if eid, ok := bySrc[el.src]; ok {
				of[k] = eid
				wins = append(wins, window{eid, at[0], at[1]})
				if !slices.Contains(req, eid) {
					req = append(req, eid)
				}
				continue
			}
			ks = ks[:0]
			for _, seq := range el.seqs {
				pc := seq[0]
				var id int32
				switch {
				case pc.number || pc.many || pc.year:
					id = key("#", "")
					pf.number = id
				case pc.stem:
					id = key("*"+pc.text, pc.text)
				default:
					name := "=" + pc.text
					_, known := keyIDs[name]
					id = key(name, "")
					if !known {
						for _, w := range append([]string{pc.text}, matchVariants(pc.text)...) {
							x := s.words[w]
							if x == nil {
								x = &wordIndex{}
								s.words[w] = x
							}
							if !slices.Contains(x.keys, id) {
								x.keys = append(x.keys, id)
							}
						}
					}
				}
				ks = append(ks, id)
			}
			slices.Sort(ks)
			ks = slices.Compact(ks)
			var sig strings.Builder
			for _, id := range ks {
				sig.WriteString(strconv.Itoa(int(id)))
				sig.WriteByte(',')
			}
			eid, ok := elemIDs[sig.String()]
			if !ok {
				eid = int32(len(elemIDs))
				elemIDs[sig.String()] = eid
				for _, id := range ks {
					pf.keyEls[id] = append(pf.keyEls[id], eid)
				}
				pf.elKeys = append(pf.elKeys, slices.Clone(ks))
			}
			bySrc[el.src] = eid
			of[k] = eid
			wins = append(wins, window{eid, at[0], at[1]})
			if !slices.Contains(req, eid) {
				req = append(req, eid)
			}
		}
		pf.entries[n] = req
		// The element with the fewest keys first: its words are the quickest to find, and
		// an element of a long slot (<medicine>) is looked for only when the others are there.
		slices.SortStableFunc(wins, func(a, b window) int { return len(pf.elKeys[a.el]) - len(pf.elKeys[b.el]) })
		pf.windows[n] = wins
	}
	for id, stem := range pf.stemOf {
		if stem != "" {
			k := stem[:min(3, len(stem))]
			x := s.stems[k]
			if x == nil {
				x = &wordIndex{}
				s.stems[k] = x
			}
			x.keys = append(x.keys, int32(id))
		}
	}
	pf.nElems = len(elemIDs)
	s.pre = pf
}

// matchVariants is every word piece.matches accepts for a word of a list other than the word
// itself: typoVariants, and the one drop typoVariants leaves out as a twin of the first letter
// ("bbx" from b and v folding together), which dropped accepts.
func matchVariants(w string) []string {
	out := typoVariants(w)
	if len(w) >= minDrop && w[0] == w[1] {
		out = append(out, w[1:])
	}
	return out
}

// span is how many words a match of el takes, at least and at most.
func (el *elem) span() (lo, hi int32) {
	if el.gap > 0 {
		return 0, int32(el.gap)
	}
	lo = -1
	for _, seq := range el.seqs {
		n := int32(len(seq))
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	if el.optional {
		lo = 0
	}
	return lo, hi
}

// bits is a set of small numbers.
type bits []uint64

func (b bits) has(i int32) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }
func (b bits) set(i int32)      { b[i>>6] |= 1 << (uint(i) & 63) }

// reset is b emptied to hold n, reusing its memory.
func (b bits) reset(n int) bits {
	b = grow(b, (n+63)/64)
	clear(b)
	return b
}

// grow is s with length n, reusing its memory when it has room; its contents are not kept.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// scratch is the working memory of one screening, reused through scratchPool: a 4,096-
// character message needs about 100 KB of it, and collecting that garbage was about a fifth
// of the time a screening took.
type scratch struct {
	toks             []token
	arena            []byte
	spans            [][2]int32
	words            []string
	cand             candidates
	clause, sentence []int32
	starts           []bool
	anywhere, order  []int32     // the context a hit's loop reads wherever it is, and in what order (screenWith)
	rules            []spanRules // what the rules of a hit alone answered (reading.rules)
	feats            []uint32    // the model's features of the message
	seen             bits        // modelDims bits, empty between uses (sortedOnce)
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxScratch is the most tokens a scratch keeps between messages: one huge message should not
// hold its memory for ever.
const maxScratch = 1 << 14

func putScratch(sc *scratch) {
	if cap(sc.toks) > maxScratch {
		return
	}
	scratchPool.Put(sc)
}

// candidates is the prefilter's reading of one message: its distinct words and where each
// occurs, the elements and entries they can satisfy, the entries that may start at each
// distinct word (worked out once, however often the word comes), and, asked for lazily,
// the words at which each element is satisfied.
type candidates struct {
	pf    *prefilter
	n     int              // words in the message
	uniq  map[string]int32 // a distinct word -> its number
	tokU  []int32          // word -> its distinct word
	look  []*wordIndex     // distinct word -> its index entries: words then stems, two a word
	num   []bool           // distinct word -> it is a number
	lists [][4]int32       // distinct word -> its entries by word, stem and number, as ends in ids (lists[u][0] < 0: not yet)
	ids   []int32
	first []int32 // distinct word -> where it first occurs
	next  []int32 // word -> where the same word occurs next, or -1
	// keys and els are the prefilter's keys and elements some word satisfies; keyWord is,
	// for each such key, a list (through nodeNext) of the distinct words that satisfy it.
	keys, els          bits
	keyWord            []int32
	nodeWord, nodeNext []int32
	// at[el] is where element el's set of words starts in elWords, when elGen[el] == gen.
	elGen   []uint32
	gen     uint32
	at      []int32
	elWords []uint64
	stride  int
	// An entry tried at many words (one starting with a slot, or with "i") has the words
	// where it may start worked out once, as a set (starts), after nearHot tries.
	tries    []uint8
	startsAt []int32 // entry -> 1 + where its set starts in sets, or 0
	sets     []uint64
}

// nearHot is how many times an entry is checked word by word before the words where it may
// start are worked out for the whole message at once.
const nearHot = 16

// read prepares c for words, a message's words, reusing c's memory.
func (c *candidates) read(s *Screener, words []string) {
	pf := s.pre
	c.pf, c.n = pf, len(words)
	if c.uniq == nil {
		c.uniq = map[string]int32{}
	}
	clear(c.uniq)
	c.tokU = grow(c.tokU, len(words))
	c.look, c.num, c.lists, c.first = c.look[:0], c.num[:0], c.lists[:0], c.first[:0]
	c.ids, c.nodeWord, c.nodeNext, c.elWords = c.ids[:0], c.nodeWord[:0], c.nodeNext[:0], c.elWords[:0]
	c.next = grow(c.next, len(words))
	c.keys = c.keys.reset(len(pf.stemOf))
	c.els = c.els.reset(pf.nElems)
	c.tries, c.startsAt, c.sets = grow(c.tries, len(pf.entries)), grow(c.startsAt, len(pf.entries)), c.sets[:0]
	clear(c.tries)
	clear(c.startsAt)
	c.keyWord = grow(c.keyWord, len(pf.stemOf)) // read only where keys has the key
	if len(c.elGen) != pf.nElems {
		c.elGen, c.at, c.gen = make([]uint32, pf.nElems), make([]int32, pf.nElems), 0
	}
	c.gen++
	if c.gen == 0 { // wrapped: forget every stamp
		clear(c.elGen)
		c.gen = 1
	}
	c.stride = (len(words) + 63) / 64
	on := func(k, u int32) {
		if !c.keys.has(k) {
			c.keys.set(k)
			c.keyWord[k] = -1
			for _, e := range pf.keyEls[k] {
				c.els.set(e)
			}
		}
		c.nodeWord = append(c.nodeWord, u)
		c.nodeNext = append(c.nodeNext, c.keyWord[k])
		c.keyWord[k] = int32(len(c.nodeWord) - 1)
	}
	for i, w := range words {
		u, ok := c.uniq[w]
		if !ok {
			u = int32(len(c.first))
			c.uniq[w] = u
			c.first = append(c.first, -1)
			c.lists = append(c.lists, [4]int32{-1})
			wx, sx := s.words[w], (*wordIndex)(nil)
			if wx != nil {
				for _, k := range wx.keys {
					on(k, u)
				}
			}
			if len(w) >= 3 {
				if sx = s.stems[w[:3]]; sx != nil {
					for _, k := range sx.keys {
						if strings.HasPrefix(w, pf.stemOf[k]) {
							on(k, u)
						}
					}
				}
			}
			num := isNumber(w)
			if pf.number >= 0 && num {
				on(pf.number, u)
			}
			c.look = append(c.look, wx, sx)
			c.num = append(c.num, num)
		}
		c.tokU[i] = u
	}
	for i := len(words) - 1; i >= 0; i-- {
		u := c.tokU[i]
		c.next[i] = c.first[u]
		c.first[u] = int32(i)
	}
}

// startAt is the entries that may start at word i, by its whole word, a stem and a number,
// each in index order, leaving out those the prefilter rules out for the whole message.
func (c *candidates) startAt(s *Screener, i int) [3][]int32 {
	u := c.tokU[i]
	l := &c.lists[u]
	if l[0] < 0 {
		l[0] = int32(len(c.ids))
		var from [3][]int32
		if x := c.look[2*u]; x != nil {
			from[0] = x.entries
		}
		if x := c.look[2*u+1]; x != nil {
			from[1] = x.entries
		}
		if c.num[u] {
			from[2] = s.numbers
		}
		for n, ids := range from {
			for _, id := range ids {
				if c.pf.possible(id, c.els) {
					c.ids = append(c.ids, id)
				}
			}
			l[n+1] = int32(len(c.ids))
		}
	}
	return [3][]int32{c.ids[l[0]:l[1]], c.ids[l[1]:l[2]], c.ids[l[2]:l[3]]}
}

// near reports whether every required element of entry id after its first is satisfied by a
// word inside its window, for a match starting at word i.
func (c *candidates) near(id int32, i int) bool {
	wins := c.pf.windows[id]
	if len(wins) == 0 {
		return true
	}
	if at := c.startsAt[id]; at > 0 {
		return c.sets[int(at)-1+i>>6]&(1<<(uint(i)&63)) != 0
	}
	if c.tries[id] < nearHot {
		c.tries[id]++
	} else {
		c.startsAt[id] = int32(c.startSet(wins)) + 1
		return c.near(id, i)
	}
	for _, w := range wins {
		lo, hi := i+int(w.lo), min(i+int(w.hi), c.n-1)
		if lo > hi || !anyIn(c.wordsOf(w.el), lo, hi) {
			return false
		}
	}
	return true
}

// startSet puts in sets the set of words at which each window of wins has its element within
// reach, as near checks it word by word, and returns where the set starts.
func (c *candidates) startSet(wins []window) int {
	at := len(c.sets)
	c.sets = append(c.sets, make([]uint64, 2*c.stride)...)
	set, row := c.sets[at:at+c.stride], c.sets[at+c.stride:]
	for n, w := range wins {
		b := c.wordsOf(w.el)
		clear(row)
		// Word i is in reach of the element when it occurs at i+d for some d in [lo, hi].
		for d := int(w.lo); d <= int(w.hi); d++ {
			q, r := d>>6, uint(d)&63
			for x := 0; x+q < c.stride; x++ {
				v := b[x+q] >> r
				if r != 0 && x+q+1 < c.stride {
					v |= b[x+q+1] << (64 - r)
				}
				row[x] |= v
			}
		}
		if n == 0 {
			copy(set, row)
			continue
		}
		for x := range set {
			set[x] &= row[x]
		}
	}
	c.sets = c.sets[:at+c.stride]
	return at
}

// wordsOf is the set of words of the message at which element el is satisfied.
func (c *candidates) wordsOf(el int32) []uint64 {
	if c.elGen[el] == c.gen {
		return c.elWords[c.at[el] : int(c.at[el])+c.stride]
	}
	at := len(c.elWords)
	c.elWords = append(c.elWords, make([]uint64, c.stride)...)
	b := c.elWords[at:]
	for _, k := range c.pf.elKeys[el] {
		if !c.keys.has(k) {
			continue
		}
		for nd := c.keyWord[k]; nd >= 0; nd = c.nodeNext[nd] {
			for p := c.first[c.nodeWord[nd]]; p >= 0; p = c.next[p] {
				b[p>>6] |= 1 << (uint(p) & 63)
			}
		}
	}
	c.elGen[el], c.at[el] = c.gen, int32(at)
	return b
}

// has reports whether element el is satisfied at word i.
func (c *candidates) has(el int32, i int) bool {
	return c.wordsOf(el)[i>>6]&(1<<(uint(i)&63)) != 0
}

// anyIn reports whether the set b has a member from lo to hi, both included.
func anyIn(b []uint64, lo, hi int) bool {
	for lo <= hi {
		w := lo >> 6
		mask := ^uint64(0) << (uint(lo) & 63)
		if hi>>6 == w {
			return b[w]&mask&(^uint64(0)>>(63-uint(hi)&63)) != 0
		}
		if b[w]&mask != 0 {
			return true
		}
		lo = (w + 1) << 6
	}
	return false
}

// possible reports whether every required element of entry id after its first is satisfied.
func (pf *prefilter) possible(id int32, els bits) bool {
	for _, e := range pf.entries[id] {
		if !els.has(e) {
			return false
		}
	}
	return true
}
