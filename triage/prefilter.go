package triage

import (
	mbits "math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The prefilter finds, for one message, the entries worth walking and the words to walk them
// from, in time that grows with the words of the message the entries need rather than with
// entries times words. An entry matches only if each of its required elements (every element
// that is not optional and not a gap, its first included) matches some word of the message,
// and each at a distance from the first that the phrase allows (its window: "<voices> ...
// tell me to <harm>" needs a <harm> within a dozen words of the <voices>).
//
// When the lists are loaded every required element is indexed by its keys: the words that
// could match the first word of one of its sequences, by the same typo tolerance as
// piece.matches (a swapped pair, a missing letter in a long word, a stem, any number). Each
// entry is filed under one of its elements (its anchor: the one whose words are rarest in the
// lists). For a message, each distinct word is looked up once, which gives the keys it
// satisfies, so the elements present and how often; only the entries filed under a present
// element are looked at, and an entry with an element missing is dropped at once. For the
// rest, the element that occurs least often in this message leads: only the words within its
// window's reach of one of its places are tried as the entry's first word, and only those
// where every other element is within its own window are walked (phrase.firstEndIn, which
// again tries each required element only at the words that satisfy it).
//
// It is a filter on candidates, never a second matcher: it passes a superset of what could
// match, the entries it lets through are matched exactly as before (at the same word, from
// the same index: whole word, stem, number), and the matches are put back in the order the
// plain loop finds them in (by word, then index, then entry). TestFastSameAsReference holds
// it to that over every line of the pack's examples and the screen's testdata, alone, joined,
// in 4,096-byte messages and with typos.
//
// Why not the plain loop: a message made of risk lines has about 800 words; trying each entry
// whose first word is at a word (3,155 tries of "me ..." entries a message of the Spanish
// examples, 1,043 of "no ...") came to 18,000 candidates, 97% of them ruled out one by one
// (session 5). Led by their rarest elements, such a message looks at about 1,700 entries and
// tries them at about 550 places in all (session 6).

// wordIndex is what one message word, or the first three bytes of one, leads to: the entries
// that may start there, and the prefilter's keys it may satisfy (a word and its typos; a stem,
// checked in full).
type wordIndex struct {
	entries []int32
	keys    []int32
}

// prefilter is the index of the required elements of every entry. The keys a message word
// satisfies are in Screener.words and Screener.stems.
type prefilter struct {
	stemOf []string  // key -> its stem ("" for a word key)
	number int32     // the key any number satisfies, or -1
	keyEls [][]int32 // key -> the elements it satisfies
	elKeys [][]int32 // element -> the keys that satisfy it
	nElems int
	// req is, for each entry, its required elements and where each must start, counted in
	// words from the entry's first word: its first element (at 0) and then the others (a
	// match of "<voices> ... tell me to <harm>" that starts at word i has its <harm> within
	// a dozen words of i). Entry id's are req[reqAt[id]:reqAt[id+1]], all in one array so
	// that the entries a message looks at are near each other in memory.
	req   []window
	reqAt []int32
	// passes is, for each entry, the indexes that may list it (bit 0 whole word, 1 stem, 2
	// number), so that a place it is tried at is not looked up in the others.
	passes []uint8
	// elemOf is, for each entry, the element id of each of its phrase's elements (-1 for
	// the first, a gap or an optional word), so that matching it tries an element only at
	// the words of the message that satisfy it (phrase.firstEndIn).
	elemOf [][]int32
	// anchored is, for each element, the entries filed under it: a message looks only at
	// the entries of the elements it has. Each entry is filed once, under its element whose
	// keys the fewest elements share (a word common in the lists, "me", "no", "the", is
	// common in messages too).
	anchored [][]int32
}

// window is one required element of an entry and the offsets, from the entry's first word,
// at which a match of it can start.
type window struct {
	el     int32
	lo, hi int32
}

// buildPrefilter indexes the required elements of every entry.
func (s *Screener) buildPrefilter() {
	pf := &prefilter{number: -1}
	// The keys by the word or stem they are for: word keys and stem keys apart, so that
	// no name is built for each of the thousands of words of the slots.
	wordKeys, stemKeys := map[string]int32{}, map[string]int32{}
	newKey := func(stem string) int32 {
		pf.stemOf = append(pf.stemOf, stem)
		pf.keyEls = append(pf.keyEls, nil)
		return int32(len(pf.stemOf) - 1)
	}
	elemIDs := map[string]int32{} // the sorted keys of an element -> its id, so equal elements share one
	bySrc := map[string]int32{}   // an element as written -> its id, to skip the work below
	var ks []int32
	elemID := func(el *elem) int32 {
		if eid, ok := bySrc[el.src]; ok {
			return eid
		}
		ks = ks[:0]
		for _, seq := range el.seqs {
			pc := seq[0]
			var id int32
			switch {
			case pc.number || pc.many || pc.year:
				if pf.number < 0 {
					pf.number = newKey("")
				}
				id = pf.number
			case pc.stem:
				var ok bool
				if id, ok = stemKeys[pc.text]; !ok {
					id = newKey(pc.text)
					stemKeys[pc.text] = id
				}
			default:
				var known bool
				if id, known = wordKeys[pc.text]; !known {
					id = newKey("")
					wordKeys[pc.text] = id
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
		return eid
	}
	pf.reqAt = make([]int32, len(s.entries)+1)
	pf.passes = make([]uint8, len(s.entries))
	pf.elemOf = make([][]int32, len(s.entries))
	for n := range s.entries {
		p := &s.entries[n].p
		of := make([]int32, len(p.elems))
		for k := range of {
			of[k] = -1
		}
		pf.elemOf[n] = of
		// The first element is never optional and never a gap (compilePhrase).
		pf.req = append(pf.req, window{el: elemID(&p.elems[0])})
		for _, seq := range p.elems[0].seqs {
			switch pc := seq[0]; {
			case pc.number || pc.many || pc.year:
				pf.passes[n] |= 4
			case pc.stem:
				pf.passes[n] |= 2
			default:
				pf.passes[n] |= 1
			}
		}
		from := len(pf.req)
		lo, hi := p.elems[0].span()
		for k := 1; k < len(p.elems); k++ {
			el := &p.elems[k]
			elo, ehi := el.span()
			at := [2]int32{lo, hi}
			lo, hi = lo+elo, hi+ehi
			if el.gap > 0 || el.optional {
				continue
			}
			eid := elemID(el)
			of[k] = eid
			pf.req = append(pf.req, window{eid, at[0], at[1]})
		}
		// The element with the fewest keys first: its words are the quickest to find, and
		// an element of a long slot (<medicine>) is looked for only when the others are there.
		slices.SortStableFunc(pf.req[from:], func(a, b window) int { return len(pf.elKeys[a.el]) - len(pf.elKeys[b.el]) })
		pf.reqAt[n+1] = int32(len(pf.req))
	}
	pf.nElems = len(elemIDs)
	// How common an element's words are, judged by the lists themselves: the most elements
	// any one of its keys satisfies.
	common := make([]int, pf.nElems)
	for el, keys := range pf.elKeys {
		for _, k := range keys {
			common[el] = max(common[el], len(pf.keyEls[k]))
		}
	}
	pf.anchored = make([][]int32, pf.nElems)
	for n := range s.entries {
		req := pf.req[pf.reqAt[n]:pf.reqAt[n+1]]
		a := req[0].el
		for _, w := range req[1:] {
			if common[w.el] < common[a] {
				a = w.el
			}
		}
		pf.anchored[a] = append(pf.anchored[a], int32(n))
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
// occurs, the keys and elements they satisfy and how often, and, asked for lazily, the words
// at which each element is satisfied.
type candidates struct {
	pf   *prefilter
	n    int              // words in the message
	uniq map[string]int32 // a distinct word -> its number
	tokU []int32          // word -> its distinct word
	uw   []string         // distinct word -> the word
	occ  []int32          // distinct word -> how many times it occurs
	look []*wordIndex     // distinct word -> its index entries: words then stems, two a word
	num  []bool           // distinct word -> it is a number
	// first is, for each distinct word, where it first occurs; next, for each word, where
	// the same word occurs next, or -1.
	first, next []int32
	// keys is the prefilter's keys some word satisfies; for each such key, keyWord is a list
	// (through nodeNext) of the distinct words that satisfy it, and keyOcc how many times
	// they occur.
	keys               bits
	keyWord, keyOcc    []int32
	nodeWord, nodeNext []int32
	// els is what the message has of each element (elState); elNodeKey and elNodeNext hold
	// the lists of keys.
	els                   []elState
	gen                   uint32
	elNodeKey, elNodeNext []int32
	elWords, none         []uint64
	stride                int
	anchors               []int32 // the elements present that entries are filed under
	found, sorted         []found // the matches as found, and in order
	at                    []int32 // where each word's matches start in sorted
}

// elState is what a message has of one element, valid when gen is the message's (the element
// is present): a list (through candidates.elNodeNext) of the keys present that satisfy it,
// how many words satisfy it (-1: not counted yet) and where the set of those words starts
// in elWords (-1: not made yet).
type elState struct {
	gen          uint32
	key, cnt, at int32
}

// found is one entry matched at words [s, e), tried from the index pass (0 whole word, 1
// stem, 2 number).
type found struct {
	s, e, id int32
	pass     int32
}

// read prepares c for words, a message's words, reusing c's memory.
func (c *candidates) read(s *Screener, words []string) {
	pf := s.pre
	c.pf, c.n = pf, len(words)
	if c.uniq == nil {
		c.uniq = map[string]int32{}
	}
	clear(c.uniq)
	c.tokU = grow(c.tokU, len(words))
	c.uw, c.occ, c.look, c.num, c.first = c.uw[:0], c.occ[:0], c.look[:0], c.num[:0], c.first[:0]
	c.next = grow(c.next, len(words))
	for i, w := range words {
		u, ok := c.uniq[w]
		if !ok {
			u = int32(len(c.uw))
			c.uniq[w] = u
			c.uw = append(c.uw, w)
			c.occ = append(c.occ, 0)
			c.first = append(c.first, -1)
		}
		c.occ[u]++
		c.tokU[i] = u
	}
	for i := len(words) - 1; i >= 0; i-- {
		u := c.tokU[i]
		c.next[i] = c.first[u]
		c.first[u] = int32(i)
	}

	c.keys = c.keys.reset(len(pf.stemOf))
	c.keyWord = grow(c.keyWord, len(pf.stemOf)) // read only where keys has the key
	c.keyOcc = grow(c.keyOcc, len(pf.stemOf))
	c.nodeWord, c.nodeNext, c.elNodeKey, c.elNodeNext = c.nodeWord[:0], c.nodeNext[:0], c.elNodeKey[:0], c.elNodeNext[:0]
	c.elWords, c.anchors, c.found = c.elWords[:0], c.anchors[:0], c.found[:0]
	if len(c.els) != pf.nElems {
		c.els, c.gen = make([]elState, pf.nElems), 0
	}
	c.gen++
	if c.gen == 0 { // wrapped: forget every stamp
		clear(c.els)
		c.gen = 1
	}
	c.stride = (len(words) + 63) / 64
	c.none = grow(c.none, c.stride)
	clear(c.none)
	for u, w := range c.uw {
		u := int32(u)
		wx, sx := s.words[w], (*wordIndex)(nil)
		if wx != nil {
			for _, k := range wx.keys {
				c.on(k, u)
			}
		}
		if len(w) >= 3 {
			if sx = s.stems[w[:3]]; sx != nil {
				for _, k := range sx.keys {
					if strings.HasPrefix(w, pf.stemOf[k]) {
						c.on(k, u)
					}
				}
			}
		}
		num := isNumber(w)
		if pf.number >= 0 && num {
			c.on(pf.number, u)
		}
		c.look = append(c.look, wx, sx)
		c.num = append(c.num, num)
	}
}

// on notes that distinct word u satisfies key k.
func (c *candidates) on(k, u int32) {
	if !c.keys.has(k) {
		c.keys.set(k)
		c.keyWord[k], c.keyOcc[k] = -1, 0
		for _, e := range c.pf.keyEls[k] {
			st := &c.els[e]
			if st.gen != c.gen {
				*st = elState{gen: c.gen, key: -1, cnt: -1, at: -1}
				if len(c.pf.anchored[e]) > 0 {
					c.anchors = append(c.anchors, e)
				}
			}
			c.elNodeKey = append(c.elNodeKey, k)
			c.elNodeNext = append(c.elNodeNext, st.key)
			st.key = int32(len(c.elNodeKey) - 1)
		}
	}
	c.nodeWord = append(c.nodeWord, u)
	c.nodeNext = append(c.nodeNext, c.keyWord[k])
	c.keyWord[k] = int32(len(c.nodeWord) - 1)
	c.keyOcc[k] += c.occ[u]
}

// match is every entry matched in the message c read, in the order of the plain loop: by the
// word it starts at, then the index it was found through (whole word, stem, number), then
// the entry.
func (c *candidates) match(s *Screener, words []string) []found {
	for _, a := range c.anchors {
		for _, id := range c.pf.anchored[a] {
			c.entry(s, words, id)
		}
	}
	// Put in order by the word each starts at (counting them: hundreds of matches in a
	// message of risk lines, over a few words each), then by index and entry within a word.
	at := grow(c.at, c.n+1)
	clear(at)
	for _, f := range c.found {
		at[f.s+1]++
	}
	for i := 1; i <= c.n; i++ {
		at[i] += at[i-1]
	}
	sorted := grow(c.sorted, len(c.found))
	for _, f := range c.found {
		sorted[at[f.s]] = f
		at[f.s]++
	}
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j].s == sorted[j-1].s && (sorted[j].pass < sorted[j-1].pass || sorted[j].pass == sorted[j-1].pass && sorted[j].id < sorted[j-1].id); j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	c.at, c.sorted = at, sorted
	return sorted
}

// entry tries entry id wherever the prefilter lets it: at each word that satisfies its first
// element and has every other required element within its window. The element that occurs
// least often in the message leads: only the words within its window's reach of one of its
// places are looked at.
func (c *candidates) entry(s *Screener, words []string, id int32) {
	req := c.pf.req[c.pf.reqAt[id]:c.pf.reqAt[id+1]]
	lead, least := 0, int32(0)
	for k, w := range req {
		n := c.count(w.el)
		if n == 0 {
			return
		}
		if k == 0 || n < least {
			lead, least = k, n
		}
	}
	firsts, wins := c.wordsOf(req[0].el), req[1:]
	last := c.n - 1
	if lead == 0 {
		for i := nextIn(firsts, 0, last); i >= 0; i = nextIn(firsts, i+1, last) {
			if c.inReach(wins, i) {
				c.try(s, words, id, i)
			}
		}
		return
	}
	a := req[lead]
	at := c.wordsOf(a.el)
	from := 0 // the first start not yet looked at
	for j := nextIn(at, 0, last); j >= 0; j = nextIn(at, j+1, last) {
		lo, hi := max(from, j-int(a.hi)), min(j-int(a.lo), last)
		if lo > hi {
			continue
		}
		for i := nextIn(firsts, lo, hi); i >= 0; i = nextIn(firsts, i+1, hi) {
			if c.inReach(wins, i) {
				c.try(s, words, id, i)
			}
		}
		from = hi + 1
	}
}

// inReach reports whether every window of wins has its element within reach, for a match
// starting at word i.
func (c *candidates) inReach(wins []window, i int) bool {
	for _, w := range wins {
		lo, hi := i+int(w.lo), min(i+int(w.hi), c.n-1)
		if lo > hi || !anyIn(c.wordsOf(w.el), lo, hi) {
			return false
		}
	}
	return true
}

// inReachAcross is inReach for entry id starting at word i of the message read with words
// [cut, cut+shift) left out, n words long (acrossDoubt): a word of it from cut on is word
// shift places further in the message.
func (c *candidates) inReachAcross(id int32, i, cut, shift, n int) bool {
	for _, w := range c.pf.req[c.pf.reqAt[id]+1 : c.pf.reqAt[id+1]] {
		lo, hi := i+int(w.lo), min(i+int(w.hi), n-1)
		if lo > hi {
			return false
		}
		b := c.wordsOf(w.el)
		if !(lo < cut && anyIn(b, lo, min(hi, cut-1))) && !(hi >= cut && anyIn(b, max(lo, cut)+shift, hi+shift)) {
			return false
		}
	}
	return true
}

// try matches entry id at word i from every index that lists it there, as the plain loop
// does, and keeps the matches.
func (c *candidates) try(s *Screener, words []string, id int32, i int) {
	u := c.tokU[i]
	for pass := range 3 {
		if c.pf.passes[id]&(1<<pass) == 0 {
			continue
		}
		var ids []int32
		switch {
		case pass < 2 && c.look[2*int(u)+pass] != nil:
			ids = c.look[2*int(u)+pass].entries
		case pass == 2 && c.num[u]:
			ids = s.numbers
		}
		if _, ok := slices.BinarySearch(ids, id); !ok {
			continue
		}
		if end := s.endAt(c, id, pass, words, i); end > i {
			c.found = append(c.found, found{s: int32(i), e: int32(end), id: id, pass: int32(pass)})
		}
	}
}

// count is how many words of the message satisfy element el.
func (c *candidates) count(el int32) int32 {
	st := &c.els[el]
	if st.gen != c.gen {
		return 0
	}
	if st.cnt < 0 {
		st.cnt = 0
		for nd := st.key; nd >= 0; nd = c.elNodeNext[nd] {
			st.cnt += c.keyOcc[c.elNodeKey[nd]]
		}
	}
	return st.cnt
}

// wordsOf is the set of words of the message at which element el is satisfied.
func (c *candidates) wordsOf(el int32) []uint64 {
	st := &c.els[el]
	if st.gen != c.gen {
		return c.none
	}
	if st.at >= 0 {
		return c.elWords[st.at : int(st.at)+c.stride]
	}
	at := len(c.elWords)
	c.elWords = append(c.elWords, make([]uint64, c.stride)...)
	b := c.elWords[at:]
	for nd := st.key; nd >= 0; nd = c.elNodeNext[nd] {
		for wn := c.keyWord[c.elNodeKey[nd]]; wn >= 0; wn = c.nodeNext[wn] {
			for p := c.first[c.nodeWord[wn]]; p >= 0; p = c.next[p] {
				b[p>>6] |= 1 << (uint(p) & 63)
			}
		}
	}
	st.at = int32(at)
	return b
}

// has reports whether element el is satisfied at word i.
func (c *candidates) has(el int32, i int) bool {
	return c.wordsOf(el)[i>>6]&(1<<(uint(i)&63)) != 0
}

// nextIn is the first member of the set b from i to hi, both included, or -1.
func nextIn(b []uint64, i, hi int) int {
	for i <= hi {
		w := i >> 6
		if v := b[w] >> (uint(i) & 63); v != 0 {
			if i += mbits.TrailingZeros64(v); i <= hi {
				return i
			}
			return -1
		}
		i = (w + 1) << 6
	}
	return -1
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
