package outbox

import (
	"math"
	"time"
)

// Telegram's flood limits, as its documentation gives them: about 30 messages a second per bot
// in all, and up to 1,000 a second for messages sent with allow_paid_broadcast.
const (
	// TelegramCeiling is the most arrivals in any sliding second the dispatcher allows.
	TelegramCeiling = 30
	// PaidCeiling is the most paid-broadcast arrivals in any sliding second.
	PaidCeiling = 1000
)

// Limits paces the dispatcher.
//
// Rate is the pace of ordinary rows: one send at each exact slot of 1/Rate from the start of a
// run of sends. Urgent rows are not held to Rate, only to TelegramCeiling: what lies between
// the two is their reserved share, and at Rate 30 they still take the next slot before anything
// else. Every send, whatever its priority, is counted against the ceiling until one second after
// its answer came back (while it is in flight it may arrive at any moment), so arrivals stay
// within the ceiling whatever the network does.
type Limits struct {
	// Rate is ordinary messages a second across all chats (send_rate).
	Rate float64
	// ChatInterval and ChatBurst pace one private chat: a bucket of ChatBurst sends refilled
	// one every ChatInterval, of which ordinary rows leave UrgentChatReserve for urgent ones.
	ChatInterval time.Duration
	ChatBurst    int
	// GroupInterval and GroupBurst pace one group or channel (negative chat ids).
	GroupInterval time.Duration
	GroupBurst    int
	// UrgentChatReserve is how many of a chat's burst only urgent rows may use, so a crisis
	// reply right after two quick messages still goes at once.
	UrgentChatReserve int
	// Concurrency is how many requests for ordinary rows may be in flight at once; with
	// Telegram ~100 ms away, one at a time could not reach the configured rate.
	Concurrency int
	// UrgentSenders more are only for urgent rows, which may also use any free ordinary
	// sender. Telegram limits messages, not connections, so these cost nothing until needed,
	// and while Telegram answers slowly neither slow prompts nor a slow crisis reply keep the
	// next person's crisis reply waiting for a sender.
	UrgentSenders int
	// UrgentCeilingReserve places of Telegram's 30 a second are left to urgent rows for
	// UrgentHold after an urgent row was queued: while people are in crisis, prompts go a
	// little slower so that the next crisis reply never waits for a place. At other times
	// ordinary rows may use all 30.
	UrgentCeilingReserve int
	UrgentHold           time.Duration
	// SendTimeout bounds one request, so a hung connection frees its sender.
	SendTimeout time.Duration
	// PaidRate, when above zero, sends scheduled prompts (bulk rows to private chats) with
	// allow_paid_broadcast at this pace, outside the free ceiling; each costs Stars.
	PaidRate float64
	// Unpaced lifts TelegramCeiling, for runs against the Bot API emulator only (the simulated
	// month sends millions of messages, 22 hours' worth at 30 a second). Telegram's limits are
	// real and the emulator has none, so only code that talks to the emulator sets it: no
	// configuration option reaches it and DefaultLimits leaves it off.
	Unpaced bool
}

// ceiling is the most arrivals the dispatcher allows in any sliding second.
func (l Limits) ceiling() int {
	if l.Unpaced {
		return math.MaxInt32
	}
	return TelegramCeiling
}

// DefaultLimits returns limits for an overall rate of up to 30 a second (25 if rate is out of
// range).
func DefaultLimits(rate float64) Limits {
	if rate <= 0 || rate > TelegramCeiling {
		rate = 25
	}
	return Limits{
		Rate:                 rate,
		ChatInterval:         1100 * time.Millisecond, // Telegram's 1 a second, with a margin for jitter
		ChatBurst:            3,
		GroupInterval:        3400 * time.Millisecond, // ~17.6 a minute against Telegram's 20
		GroupBurst:           3,
		UrgentChatReserve:    1,
		Concurrency:          8,
		UrgentSenders:        8,
		UrgentCeilingReserve: 3,
		UrgentHold:           10 * time.Second,
		SendTimeout:          15 * time.Second,
	}
}

// bucket is a token bucket measured in time: it holds up to burst sends, refilled one every
// interval. Keeping "the instant the bucket is full again" instead of a token count needs no ticker.
type bucket struct {
	full time.Time // when the bucket will hold burst tokens again
}

// delay is how long until one token is available; zero means now.
func (b *bucket) delay(now time.Time, interval time.Duration, burst int) time.Duration {
	// The bucket has a token when full - now <= (burst-1) * interval.
	earliest := b.full.Add(-time.Duration(burst-1) * interval)
	if earliest.After(now) {
		return earliest.Sub(now)
	}
	return 0
}

// take uses one token; call only after delay returned zero.
func (b *bucket) take(now time.Time, interval time.Duration) {
	if b.full.Before(now) {
		b.full = now
	}
	b.full = b.full.Add(interval)
}
