package outbox

import (
	"slices"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// head is a pending outbox row the dispatcher holds in memory: enough to choose it, not its
// payload, which is read only to send it.
type head struct {
	id        int64
	prio      tandem.Priority
	chat      int64
	kind      tandem.OutgoingKind
	notBefore time.Time // on the store's clock
	// uncertain counts sends of this row in this process whose outcome was unknown: the request
	// may have reached Telegram, but its answer was lost.
	uncertain int
}

func headOf(h store.OutboxHead) *head {
	return &head{id: h.ID, prio: h.Priority, chat: h.ChatID, kind: h.Kind, notBefore: h.NotBefore}
}

const priorities = 3 // urgent, conversation, bulk

func prioIndex(p tandem.Priority) int { return min(max(int(p), 0), priorities-1) }

// chatQueue is one chat's pending rows, by priority and then id, and its pacing.
type chatQueue struct {
	id     int64
	rows   [priorities][]*head
	inRing [priorities]bool
	// busy: an ordinary send to this chat is in flight; busyUrgent: an urgent one is. One of each
	// at a time keeps a chat's messages in order, and lets a crisis reply pass a slow prompt.
	busy, busyUrgent bool
	tokens           bucket
	waiting          int  // rows waiting, all priorities
	warned           bool // a WARN said this chat's backlog is large
}

// taken notes one row leaving the chat's backlog.
func (c *chatQueue) taken() {
	c.waiting--
	if c.waiting < floodBacklog/2 {
		c.warned = false
	}
}

func (c *chatQueue) empty() bool {
	for _, r := range c.rows {
		if len(r) > 0 {
			return false
		}
	}
	return true
}

// ring is the round-robin order of chats with rows at one priority.
type ring struct {
	ids []int64
	pos int
}

func (r *ring) add(id int64) { r.ids = append(r.ids, id) }

func (r *ring) removeAt(i int) {
	r.ids = slices.Delete(r.ids, i, i+1)
	if r.pos > i {
		r.pos--
	}
	if r.pos >= len(r.ids) {
		r.pos = 0
	}
}

func (r *ring) remove(id int64) {
	if i := slices.Index(r.ids, id); i >= 0 {
		r.removeAt(i)
	}
}

// queue is every pending row the dispatcher knows, fair across chats: within a priority it
// serves chats in turn, so one chat's backlog (a flood of replies to one stranger) never
// stands in front of everyone else's messages.
type queue struct {
	chats   map[int64]*chatQueue
	rings   [priorities]ring
	answers []*head            // button acknowledgements: no chat order, no pacing
	known   map[int64]struct{} // ids waiting, in flight or sent but not yet recorded
	waiting int                // heads not in flight
	// onFlood hears when a chat's backlog reaches floodBacklog: it goes at its own pace, but
	// someone should know why one chat has so much waiting.
	onFlood func(chat int64, waiting int)
}

// floodBacklog is the backlog at which a chat is reported as flooded.
const floodBacklog = 100

// largestBacklog is the most rows any one chat has waiting.
func (q *queue) largestBacklog() int {
	n := 0
	for _, c := range q.chats {
		n = max(n, c.waiting)
	}
	return n
}

func newQueue() *queue {
	return &queue{chats: map[int64]*chatQueue{}, known: map[int64]struct{}{}}
}

func (q *queue) chat(id int64) *chatQueue {
	c := q.chats[id]
	if c == nil {
		c = &chatQueue{id: id}
		q.chats[id] = c
	}
	return c
}

// add puts a row in its place; a row already known is left alone.
func (q *queue) add(h *head) {
	if _, ok := q.known[h.id]; ok {
		return
	}
	q.known[h.id] = struct{}{}
	q.put(h)
}

// put queues a known row: new, or back from a send that must be retried.
func (q *queue) put(h *head) {
	q.waiting++
	if h.kind == tandem.KindAnswerCallback {
		q.answers = append(q.answers, h)
		return
	}
	c := q.chat(h.chat)
	c.waiting++
	if c.waiting >= floodBacklog && !c.warned && q.onFlood != nil {
		c.warned = true
		q.onFlood(c.id, c.waiting)
	}
	p := prioIndex(h.prio)
	rows := c.rows[p]
	i, _ := slices.BinarySearchFunc(rows, h.id, func(a *head, id int64) int { return cmpID(a.id, id) })
	c.rows[p] = slices.Insert(rows, i, h)
	if !c.inRing[p] {
		c.inRing[p] = true
		q.rings[p].add(c.id)
	}
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// forget drops a row that needs no more sending.
func (q *queue) forget(id int64) { delete(q.known, id) }

// dropChat forgets every waiting row of a chat (its rows were held), and returns how many.
func (q *queue) dropChat(chat int64) int {
	c := q.chats[chat]
	if c == nil {
		return 0
	}
	n := 0
	for p := range c.rows {
		for _, h := range c.rows[p] {
			delete(q.known, h.id)
			n++
		}
		c.rows[p] = nil
		if c.inRing[p] {
			c.inRing[p] = false
			q.rings[p].remove(chat)
		}
	}
	c.waiting, c.warned = 0, false
	q.waiting -= n
	return n
}

// pacing is what a choice must respect besides each chat's order.
type pacing struct {
	now, storeNow time.Time
	limits        Limits
	allow         [priorities]bool // which priorities may have a send now
	// bulkTo, when not zero, limits bulk rows to private chats (+1, the paid lane) or to
	// groups and channels (-1, the free lane while prompts go as paid broadcasts).
	bulkTo int
}

// pick chooses the next row to send, taking it out of the queue, or says how long until
// something might become sendable (0: nothing is waiting on time).
func (q *queue) pick(pc pacing) (*head, time.Duration) {
	var wait time.Duration
	later := func(w time.Duration) {
		if w > 0 && (wait == 0 || w < wait) {
			wait = w
		}
	}
	for p := range priorities {
		if !pc.allow[p] {
			continue
		}
		r := &q.rings[p]
		for i := 0; i < len(r.ids); i++ {
			idx := (r.pos + i) % len(r.ids)
			c := q.chats[r.ids[idx]]
			ok, w := c.ready(p, pc)
			if !ok {
				later(w)
				continue
			}
			h := c.rows[p][0]
			c.rows[p] = c.rows[p][1:]
			c.taken()
			if len(c.rows[p]) == 0 {
				c.rows[p] = nil
				c.inRing[p] = false
				r.pos = idx
				r.removeAt(idx)
			} else {
				r.pos = idx + 1
			}
			q.waiting--
			return h, 0
		}
	}
	return nil, wait
}

// ready says whether chat c's first row at priority p may go now, or how long until it might.
func (c *chatQueue) ready(p int, pc pacing) (bool, time.Duration) {
	for hp := 0; hp < p; hp++ {
		if len(c.rows[hp]) > 0 {
			return false, 0 // its own more urgent rows go first
		}
	}
	if p == prioIndex(tandem.PriorityBulk) && pc.bulkTo != 0 && (c.id > 0) != (pc.bulkTo > 0) {
		return false, 0
	}
	urgent := p == prioIndex(tandem.PriorityUrgent)
	if c.busyUrgent || (!urgent && c.busy) {
		return false, 0 // the send in flight wakes the dispatcher when it ends
	}
	h := c.rows[p][0]
	if h.notBefore.After(pc.storeNow) {
		return false, h.notBefore.Sub(pc.storeNow)
	}
	interval, burst := c.pace(pc.limits)
	if !urgent {
		burst -= pc.limits.UrgentChatReserve
	}
	if w := c.tokens.delay(pc.now, interval, max(burst, 1)); w > 0 {
		return false, w
	}
	return true, 0
}

func (c *chatQueue) pace(l Limits) (time.Duration, int) {
	if c.id < 0 {
		return l.GroupInterval, l.GroupBurst
	}
	return l.ChatInterval, l.ChatBurst
}

// nextAnswer takes the oldest button acknowledgement whose time has come.
func (q *queue) nextAnswer(storeNow time.Time) (*head, time.Duration) {
	var wait time.Duration
	for i, h := range q.answers {
		if h.notBefore.After(storeNow) {
			if w := h.notBefore.Sub(storeNow); wait == 0 || w < wait {
				wait = w
			}
			continue
		}
		q.answers = slices.Delete(q.answers, i, i+1)
		q.waiting--
		return h, 0
	}
	return nil, wait
}

// clear forgets every waiting row (not those in flight), before reading the queue again.
// Each chat keeps its pacing: what it was sent a moment ago still counts.
func (q *queue) clear() {
	for _, c := range q.chats {
		for p := range c.rows {
			for _, h := range c.rows[p] {
				delete(q.known, h.id)
			}
			c.rows[p] = nil
			c.inRing[p] = false
		}
		c.waiting = 0
	}
	for _, h := range q.answers {
		delete(q.known, h.id)
	}
	q.answers = nil
	q.rings = [priorities]ring{}
	q.waiting = 0
}

// forgetIdleChats keeps the per-chat state from growing with every chat ever seen.
func (q *queue) forgetIdleChats(now time.Time) {
	if len(q.chats) < 4096 {
		return
	}
	for id, c := range q.chats {
		if c.empty() && !c.busy && !c.busyUrgent && c.tokens.full.Before(now) {
			delete(q.chats, id)
		}
	}
}
