package outbox

import "time"

// Limits paces the dispatcher. The defaults stay under what Telegram enforces (about 30
// messages a second per bot, about one a second per chat with a short burst, about 20 a minute
// per group or channel) with a margin, because Telegram counts arrivals and we count departures:
// a little network jitter must not turn a full-speed send into a 429.
type Limits struct {
	// Rate is messages a second across all chats.
	Rate float64
	// ChatInterval and ChatBurst pace one private chat.
	ChatInterval time.Duration
	ChatBurst    int
	// GroupInterval and GroupBurst pace one group or channel (negative chat ids).
	GroupInterval time.Duration
	GroupBurst    int
	// Concurrency is how many requests may be in flight at once; with Telegram ~100 ms away, one
	// at a time could not reach the configured rate.
	Concurrency int
}

// DefaultLimits returns limits that keep well inside Telegram's for a given overall rate.
func DefaultLimits(rate float64) Limits {
	if rate <= 0 || rate > 28 {
		rate = 25
	}
	return Limits{
		Rate:          rate,
		ChatInterval:  1100 * time.Millisecond,
		ChatBurst:     2,
		GroupInterval: 3400 * time.Millisecond, // ~17.6 a minute
		GroupBurst:    3,
		Concurrency:   8,
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
