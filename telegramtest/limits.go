package telegramtest

import (
	"math"
	"time"
)

// Limits are the flood limits the emulator enforces on sendMessage,
// sendPhoto, sendDocument, editMessageText and editMessageReplyMarkup.
// Telegram does not publish exact numbers; these are its documented
// guidance, strict enough that a bot which respects them here respects them
// there.
type Limits struct {
	Disabled        bool    // no flood control at all
	GlobalPerSecond int     // messages per second per bot across all chats (sliding 1s window)
	ChatPerSecond   float64 // sustained rate per private chat (token bucket refill)
	ChatBurst       int     // per private chat bucket capacity
	GroupPerMinute  int     // per group/channel (chat id < 0): bucket of this size refilling over a minute
	// PaidPerSecond is the sliding-window limit for messages sent with allow_paid_broadcast,
	// which Telegram lets past GlobalPerSecond for a fee (0.1 Star each). The per-chat limits
	// still apply to them.
	PaidPerSecond int
}

// DefaultLimits are Telegram's published guidance: 30/s overall, about one
// message a second per chat (with a small burst) and 20 a minute per group.
func DefaultLimits() Limits {
	return Limits{GlobalPerSecond: 30, ChatPerSecond: 1, ChatBurst: 3, GroupPerMinute: 20, PaidPerSecond: 1000}
}

type bucket struct {
	tokens float64
	last   time.Time
}

type limiter struct {
	l       Limits
	global  []time.Time // sends in the last second, oldest first
	paid    []time.Time // paid broadcasts in the last second, oldest first
	buckets map[int64]*bucket
}

func newLimiter(l Limits) *limiter { return &limiter{l: l, buckets: map[int64]*bucket{}} }

func (lm *limiter) rate(chatID int64) (capacity, perSecond float64) {
	if chatID < 0 {
		return float64(lm.l.GroupPerMinute), float64(lm.l.GroupPerMinute) / 60
	}
	return float64(lm.l.ChatBurst), lm.l.ChatPerSecond
}

// refill brings a chat's bucket up to now and returns it.
func (lm *limiter) refill(chatID int64, now time.Time) *bucket {
	capacity, perSecond := lm.rate(chatID)
	b := lm.buckets[chatID]
	if b == nil {
		b = &bucket{tokens: capacity, last: now}
		lm.buckets[chatID] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(capacity, b.tokens+el*perSecond)
		b.last = now
	}
	return b
}

// allow reports whether one more send to chatID is allowed now. If not, it
// returns the whole seconds (at least 1) until it would be, and consumes
// nothing: a rejected request must not make the wait longer.
// A paid broadcast is held to PaidPerSecond instead of GlobalPerSecond.
func (lm *limiter) allow(chatID int64, paid bool, now time.Time) (retryAfter int, ok bool) {
	if lm.l.Disabled {
		return 0, true
	}
	cut := now.Add(-time.Second)
	for len(lm.global) > 0 && !lm.global[0].After(cut) {
		lm.global = lm.global[1:]
	}
	for len(lm.paid) > 0 && !lm.paid[0].After(cut) {
		lm.paid = lm.paid[1:]
	}
	window, limit := lm.global, lm.l.GlobalPerSecond
	if paid {
		window, limit = lm.paid, lm.l.PaidPerSecond
	}
	var wait time.Duration
	if n := len(window); n >= limit {
		// The send that must leave the window before one more fits.
		wait = window[n-limit].Add(time.Second).Sub(now)
	}
	b := lm.refill(chatID, now)
	if b.tokens < 1 {
		_, perSecond := lm.rate(chatID)
		wait = max(wait, time.Duration((1-b.tokens)/perSecond*float64(time.Second)))
	}
	if wait > 0 {
		return max(1, int(math.Ceil(wait.Seconds()))), false
	}
	return 0, true
}

// take consumes one send for chatID; call only after allow said yes.
func (lm *limiter) take(chatID int64, paid bool, now time.Time) {
	if lm.l.Disabled {
		return
	}
	if paid {
		lm.paid = append(lm.paid, now)
	} else {
		lm.global = append(lm.global, now)
	}
	lm.refill(chatID, now).tokens--
}
