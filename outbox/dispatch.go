package outbox

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/store"
)

// Sender delivers one outgoing message and reports the message id it got. It classifies
// failures with tandem's delivery errors (ErrUnreachable, ErrRejected, ErrUnchanged,
// *RateLimitedError); anything else is taken as passing and retried.
type Sender interface {
	Send(ctx context.Context, m tandem.Outgoing) (messageID int, err error)
}

// SentFunc is called after a message is recorded as delivered, so its cause can note it.
type SentFunc func(ctx context.Context, m tandem.Outgoing, at time.Time)

// UnreachableFunc is called, inside the transaction that holds the chat's queue, when a chat
// refuses the bot, so the caller can record it and tell whoever needs to know.
type UnreachableFunc func(ctx context.Context, tx *store.Tx, chatID int64, cause string) error

// Dispatcher sends the outbox.
type Dispatcher struct {
	store         *store.Store
	sender        Sender
	limits        Limits
	log           *slog.Logger
	onUnreachable UnreachableFunc
	onSent        SentFunc

	wake chan struct{}

	mu          sync.Mutex
	inflight    map[int64]bool // outbox ids being sent
	chatBusy    map[int64]bool // chats with a send in flight: one at a time keeps their order
	chats       map[int64]*bucket
	global      bucket
	pausedUntil time.Time

	sent, failed, retried, limited, held *metrics.CounterVec
}

// NewDispatcher makes a dispatcher. reg may be nil.
func NewDispatcher(st *store.Store, sender Sender, limits Limits, log *slog.Logger, reg *metrics.Registry, onUnreachable UnreachableFunc) *Dispatcher {
	if reg == nil {
		reg = metrics.NewRegistry()
	}
	if limits.Concurrency < 1 {
		limits.Concurrency = 1
	}
	d := &Dispatcher{
		store: st, sender: sender, limits: limits, log: log, onUnreachable: onUnreachable,
		wake:     make(chan struct{}, 1),
		inflight: map[int64]bool{},
		chatBusy: map[int64]bool{},
		chats:    map[int64]*bucket{},
		sent:     reg.Counter("tandem_outbox_sent_total", "Messages delivered to Telegram, by priority.", "priority"),
		failed:   reg.Counter("tandem_outbox_failed_total", "Messages Telegram rejected for good (a bug: see the logs).", "kind"),
		retried:  reg.Counter("tandem_outbox_retries_total", "Sends that failed for a passing reason and will be retried.", "kind"),
		limited:  reg.Counter("tandem_telegram_rate_limited_total", "HTTP 429 answers from Telegram (the dispatcher should keep this at zero)."),
		held:     reg.Counter("tandem_outbox_held_total", "Chats found unreachable (blocked the bot, or never opened a chat)."),
	}
	reg.GaugeFunc("tandem_outbox_inflight", "Messages being sent right now.", func() float64 { return float64(d.InFlight()) })
	return d
}

// OnSent registers f to hear of every delivery.
func (d *Dispatcher) OnSent(f SentFunc) { d.onSent = f }

// Wake tells the dispatcher there is something new to send. It never blocks.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// InFlight reports how many sends are under way, so tests and shutdown can wait for quiet.
func (d *Dispatcher) InFlight() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.inflight)
}

// pollEvery bounds how long a queued row can wait if a wake-up were ever missed.
const pollEvery = time.Second

// Run sends until ctx ends, then waits for sends in flight to finish recording.
func (d *Dispatcher) Run(ctx context.Context) error {
	sem := make(chan struct{}, d.limits.Concurrency)
	done := make(chan struct{}, d.limits.Concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		next, err := d.dispatchOnce(ctx, sem, done, &wg)
		if err != nil && ctx.Err() == nil {
			d.log.Error("outbox: reading the queue failed; will try again", "err", err)
			next = pollEvery
		}
		timer := time.NewTimer(next)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-d.wake:
		case <-done:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// dispatchOnce starts every send it may start now and says how long until it should look again.
func (d *Dispatcher) dispatchOnce(ctx context.Context, sem, done chan struct{}, wg *sync.WaitGroup) (time.Duration, error) {
	now := time.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	if now.Before(d.pausedUntil) {
		return d.pausedUntil.Sub(now), nil
	}
	// The queue is read under mu: a send finishing records its outcome before it leaves the
	// in-flight set (which needs mu), so every row read here is either in flight or truly pending.
	rows, err := d.store.PendingHeads(ctx, 512)
	if err != nil {
		return 0, err
	}
	// Retry times are on the store's clock, which tests may move; pacing is on the real one.
	storeNow := d.store.Now()
	next := pollEvery
	later := func(w time.Duration) {
		if w < next {
			next = w
		}
	}
	blocked := map[int64]bool{} // chats whose earliest row cannot go yet: later rows must wait too

	for _, r := range rows {
		if d.inflight[r.ID] {
			blocked[r.ChatID] = true
			continue
		}
		if r.NotBefore.After(storeNow) {
			if r.Kind != tandem.KindAnswerCallback {
				blocked[r.ChatID] = true
			}
			later(r.NotBefore.Sub(storeNow))
			continue
		}
		chat := r.ChatID
		// A button acknowledgement is not a message: it neither counts against Telegram's
		// message limits nor has to keep its place in the chat.
		paced := r.Kind != tandem.KindAnswerCallback
		if paced {
			if blocked[chat] || d.chatBusy[chat] {
				blocked[chat] = true
				continue
			}
			interval, burst := d.limits.ChatInterval, d.limits.ChatBurst
			if chat < 0 {
				interval, burst = d.limits.GroupInterval, d.limits.GroupBurst
			}
			b := d.chats[chat]
			if b == nil {
				b = &bucket{}
				d.chats[chat] = b
			}
			if w := b.delay(now, interval, burst); w > 0 {
				blocked[chat] = true
				later(w)
				continue
			}
			gInterval := time.Duration(float64(time.Second) / d.limits.Rate)
			if w := d.global.delay(now, gInterval, globalBurst(d.limits.Rate)); w > 0 {
				later(w)
				break
			}
			select {
			case sem <- struct{}{}:
			default:
				return next, nil // all senders busy: a finishing one wakes us
			}
			b.take(now, interval)
			d.global.take(now, gInterval)
			d.chatBusy[chat] = true
		} else {
			select {
			case sem <- struct{}{}:
			default:
				return next, nil
			}
		}
		d.inflight[r.ID] = true
		wg.Add(1)
		go func(h store.OutboxHead) {
			defer wg.Done()
			if r, err := d.store.OutboxRowByID(context.WithoutCancel(ctx), h.ID); err != nil {
				d.log.Error("outbox: could not read a queued message; will try again", "outbox_id", h.ID, "err", err)
			} else if r.Status == store.OutboxPending {
				d.send(ctx, r)
			}
			d.mu.Lock()
			delete(d.inflight, h.ID)
			if paced {
				delete(d.chatBusy, h.ChatID)
			}
			d.mu.Unlock()
			<-sem
			select {
			case done <- struct{}{}:
			default:
			}
		}(r)
	}
	d.forgetIdleChats(now)
	return next, nil
}

// globalBurst lets the overall pace make up a send lost to scheduling jitter, but only where
// rate plus the burst stays clear of Telegram's 30 a second.
func globalBurst(rate float64) int {
	if rate >= 20 && rate <= 26 {
		return 2
	}
	return 1
}

// forgetIdleChats keeps the per-chat buckets from growing with every chat ever seen. Caller holds mu.
func (d *Dispatcher) forgetIdleChats(now time.Time) {
	if len(d.chats) < 4096 {
		return
	}
	for id, b := range d.chats {
		if b.full.Before(now) && !d.chatBusy[id] {
			delete(d.chats, id)
		}
	}
}

// sendTimeout bounds one request, so a hung connection cannot stall a sender for ever.
const sendTimeout = 30 * time.Second

func (d *Dispatcher) send(ctx context.Context, r store.OutboxRow) {
	// A send in flight finishes even when shutdown begins: cancelling it half-way could leave a
	// message delivered but not recorded, to be sent again after the restart.
	rec := context.WithoutCancel(ctx)
	sctx, cancel := context.WithTimeout(rec, sendTimeout)
	msgID, err := d.sender.Send(sctx, r.Msg)
	cancel()
	kind := string(r.Msg.Kind)
	var limited *tandem.RateLimitedError
	switch {
	case err == nil, errors.Is(err, tandem.ErrUnchanged):
		if err := d.store.MarkSent(rec, r.ID, msgID); err != nil {
			d.log.Error("outbox: sent but could not record it; it may be sent again", "outbox_id", r.ID, "err", err)
			return
		}
		d.sent.With(priorityName(r.Msg.Priority)).Inc()
		if d.onSent != nil {
			d.onSent(rec, r.Msg, d.store.Now())
		}
	case errors.As(err, &limited):
		d.limited.With().Inc()
		wait := limited.RetryAfter
		if wait < time.Second {
			wait = time.Second
		}
		d.mu.Lock()
		if until := time.Now().Add(wait); until.After(d.pausedUntil) {
			d.pausedUntil = until
		}
		d.mu.Unlock()
		d.log.Warn("outbox: Telegram asked us to slow down; pausing the whole queue", "retry_after", wait)
	case errors.Is(err, tandem.ErrUnreachable):
		if r.Msg.Kind == tandem.KindAnswerCallback {
			d.fail(rec, r, err)
			return
		}
		d.held.With().Inc()
		err := d.store.Update(rec, func(tx *store.Tx) error {
			if _, err := tx.HoldChat(rec, r.Msg.ChatID, err.Error()); err != nil {
				return err
			}
			if d.onUnreachable != nil {
				return d.onUnreachable(rec, tx, r.Msg.ChatID, err.Error())
			}
			return nil
		})
		if err != nil {
			d.log.Error("outbox: could not hold an unreachable chat's messages", "outbox_id", r.ID, "err", err)
		}
	case errors.Is(err, tandem.ErrRejected):
		d.fail(rec, r, err)
	default:
		d.retried.With(kind).Inc()
		wait := backoff(r.Attempts)
		if err := d.store.MarkRetry(rec, r.ID, d.store.Now().Add(wait), err.Error()); err != nil {
			d.log.Error("outbox: could not schedule a retry", "outbox_id", r.ID, "err", err)
		}
		d.log.Warn("outbox: send failed; will retry", "outbox_id", r.ID, "kind", kind, "attempt", r.Attempts+1, "retry_in", wait, "err", err)
	}
}

func (d *Dispatcher) fail(ctx context.Context, r store.OutboxRow, cause error) {
	d.failed.With(string(r.Msg.Kind)).Inc()
	level := slog.LevelError
	if r.Msg.Kind == tandem.KindAnswerCallback {
		level = slog.LevelInfo // a late answer to a button press is harmless
	}
	d.log.Log(ctx, level, "outbox: Telegram rejected a message; it will not be retried", "outbox_id", r.ID, "kind", r.Msg.Kind, "err", cause)
	if err := d.store.MarkFailed(ctx, r.ID, cause.Error()); err != nil {
		d.log.Error("outbox: could not record a failure", "outbox_id", r.ID, "err", err)
	}
}

// backoff grows from one second to five minutes, with jitter so a recovering Telegram is not
// hit by every retry at once. It never gives up: a message waits until it can be sent.
func backoff(attempts int) time.Duration {
	d := time.Second << min(attempts, 9)
	if d > 5*time.Minute {
		d = 5 * time.Minute
	}
	return d/2 + rand.N(d/2+1)
}

func priorityName(p tandem.Priority) string {
	switch p {
	case tandem.PriorityUrgent:
		return "urgent"
	case tandem.PriorityConversation:
		return "conversation"
	default:
		return "bulk"
	}
}
