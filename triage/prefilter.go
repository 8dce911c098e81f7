package triage

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The prefilter skips, for one message, every list entry that cannot match it: an entry
// matches only if each of its required words (every element that is not optional and not a
// gap) matches some word of the message. Which elements some word of the message can satisfy
// is worked out once a message, from an index built when the lists are loaded; then only the
// entries whose required elements are all satisfied are tried at each word.
//
// It is a filter on candidates, never a second matcher: a word "satisfies" an element when it
// could match the first word of one of its sequences, by the same typo tolerance as
// piece.matches (a swapped pair, a missing letter in a long word, a stem, any number), so it
// passes a superset of what could match, and the entries it lets through are matched exactly
// as before. TestPrefilterSameResults holds it to that over every line of the evaluation set.
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
	nElems  int
	entries [][]int32 // entry -> required elements after its first (nil: nothing to check)
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
	var ks []int32
	for n := range s.entries {
		p := &s.entries[n].p
		var req []int32
		for k := 1; k < len(p.elems); k++ {
			el := &p.elems[k]
			if el.gap > 0 || el.optional {
				continue
			}
			if eid, ok := bySrc[el.src]; ok {
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
			}
			bySrc[el.src] = eid
			if !slices.Contains(req, eid) {
				req = append(req, eid)
			}
		}
		pf.entries[n] = req
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
	look             []*wordIndex
	keys, els        bits
	clause, sentence []int32
	starts           []bool
	feats            []uint32 // the model's features of the message
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

// satisfied is the set of elements some word of the message can satisfy, and each word's
// index entries (words then stems, two a word; nil where there is none), looked up once for
// this pass and the matching that follows.
func (pf *prefilter) satisfied(sc *scratch, s *Screener, words []string) (bits, []*wordIndex) {
	keys := sc.keys.reset(len(pf.stemOf))
	els := sc.els.reset(pf.nElems)
	look := grow(sc.look, 2*len(words))
	clear(look)
	sc.keys, sc.els, sc.look = keys, els, look
	on := func(k int32) {
		if keys.has(k) {
			return
		}
		keys.set(k)
		for _, e := range pf.keyEls[k] {
			els.set(e)
		}
	}
	for i, w := range words {
		if x := s.words[w]; x != nil {
			look[2*i] = x
			for _, k := range x.keys {
				on(k)
			}
		}
		if len(w) >= 3 {
			if x := s.stems[w[:3]]; x != nil {
				look[2*i+1] = x
				for _, k := range x.keys {
					if strings.HasPrefix(w, pf.stemOf[k]) {
						on(k)
					}
				}
			}
		}
		if pf.number >= 0 && isNumber(w) {
			on(pf.number)
		}
	}
	return els, look
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
