package outbox

import (
	"slices"
	"time"
)

// slots paces sends at exact instants start, start+1/rate, start+2/rate, ... from the start of
// a run of sends. A send that starts late (a timer firing late, a busy CPU) does not push the
// later slots back: the next ones come sooner until the run is on time again, so the achieved
// rate is the configured one (the ceiling window still bounds any second). A run ends when a
// slot finds nothing to send; after a stop of more than maxSlotCatchUp (a 429 pause, a write
// outage) a new run starts rather than rush to make up for it.
type slots struct {
	interval time.Duration
	next     time.Time // the next slot
}

// maxSlotCatchUp is how far behind its slots a run may fall and still make them up.
const maxSlotCatchUp = time.Second

func newSlots(rate float64) slots {
	return slots{interval: time.Duration(float64(time.Second) / rate)}
}

// wait is how long until the next slot; zero means now.
func (s *slots) wait(now time.Time) time.Duration {
	if s.next.After(now) {
		return s.next.Sub(now)
	}
	return 0
}

// take uses the current slot.
func (s *slots) take(now time.Time) {
	if s.next.Before(now.Add(-maxSlotCatchUp)) {
		s.next = now
	}
	s.next = s.next.Add(s.interval)
}

// idle ends the run: a slot came and there was nothing to send in it.
func (s *slots) idle(now time.Time) {
	if s.next.Before(now) {
		s.next = now
	}
}

// window keeps arrivals within size in any sliding span, counting from the only times the
// dispatcher knows: a request arrives after it leaves and before its answer comes back. So a
// send counts from when it leaves until span after its answer, and one in flight counts for as
// long as it is in flight. Then, for any set of arrivals within one span, the last of them to
// leave saw all the others counted, and it left only because fewer than size were.
type window struct {
	size     int
	span     time.Duration
	inflight int
	answered []time.Time // answer times still within span, oldest first
}

func newWindow(size int, span time.Duration) window { return window{size: size, span: span} }

func (w *window) prune(now time.Time) {
	cut := now.Add(-w.span)
	i := 0
	for i < len(w.answered) && w.answered[i].Before(cut) {
		i++
	}
	if i > 0 {
		w.answered = append(w.answered[:0], w.answered[i:]...)
	}
}

// wait is how long until one more send may leave; zero means now. When every counted send is
// still in flight it returns span: an answer coming back wakes the dispatcher sooner.
func (w *window) wait(now time.Time) time.Duration { return w.waitRoom(now, 1) }

// waitRoom is how long until need places are free at once; zero means now.
func (w *window) waitRoom(now time.Time, need int) time.Duration {
	w.prune(now)
	over := w.inflight + len(w.answered) - (w.size - need + 1)
	if over < 0 {
		return 0
	}
	if over < len(w.answered) {
		// The over+1 oldest answers must leave the span: an answer exactly span ago still counts.
		return w.answered[over].Add(w.span).Sub(now) + time.Nanosecond
	}
	return w.span
}

// leave counts a send leaving now.
func (w *window) leave() { w.inflight++ }

// answer records that a send's answer came back at t. Answers are recorded a little out of
// order (each takes the lock after noting its time), so t goes in its place.
func (w *window) answer(t time.Time) {
	w.inflight--
	i := len(w.answered)
	for i > 0 && w.answered[i-1].After(t) {
		i--
	}
	w.answered = slices.Insert(w.answered, i, t)
}
