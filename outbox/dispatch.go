package outbox

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/store"
)

// Sender delivers one outgoing message and reports the message id it got. It classifies
// failures with tandem's delivery errors (ErrUnreachable, ErrRejected, ErrUnchanged,
// ErrMaybeDelivered, *RateLimitedError); anything else is taken as passing and retried.
type Sender interface {
	Send(ctx context.Context, m tandem.Outgoing) (messageID int, err error)
}

// SentFunc is called after a message is recorded as delivered, so its cause can note it.
type SentFunc func(ctx context.Context, m tandem.Outgoing, at time.Time)

// UnreachableFunc is called, inside the transaction that holds the chat's queue, when a chat
// refuses the bot, so the caller can record it and tell whoever needs to know.
type UnreachableFunc func(ctx context.Context, tx *store.Tx, chatID int64, cause string) error

// Dispatcher sends the outbox.
//
// It keeps the pending rows' heads in memory (read once at start, then only rows newer than
// it has seen, after each commit wakes it), chooses fairly across chats within a priority,
// paces sends at exact slots under Telegram's ceiling, and records deliveries in group
// commits. When the database cannot be written it stops sending, since nothing may leave that
// cannot be recorded, and resumes by itself once a probe write succeeds.
type Dispatcher struct {
	store         *store.Store
	sender        Sender
	limits        Limits
	log           *slog.Logger
	onUnreachable UnreachableFunc
	onSent        SentFunc

	wake  chan struct{}
	done  chan struct{} // a send finished or a write came through
	dirty atomic.Bool   // a commit may have queued something

	mu          sync.Mutex
	q           *queue
	cursor      int64     // every pending row with an id up to here has been read
	bulkBehind  int64     // when > 0, bulk rows above this id and up to cursor are still unread
	releases    uint64    // store.OutboxReleases when last read whole
	urgentSeen  uint64    // store.UrgentQueued when last read
	crisisSeen  uint64    // store.UrgentMessagesQueued when last read
	urgentUntil time.Time // until then, the ceiling keeps places for urgent rows
	slots       slots
	ceiling     window
	paid        slots
	paidCeiling window
	inflight    int // sends under way
	inflightOrd int // of which ordinary (not urgent) rows
	pausedUntil time.Time
	lastTidy    time.Time
	readFailing bool      // the last read of the queue failed (logged once)
	lastRead    time.Time // when new rows were last read

	// Recording. Deliveries wait in toRecord for the next group commit; while the store cannot
	// be written, writeErr is set, nothing new is sent, and failed records wait in replay.
	toRecord  []delivery
	settling  int // deliveries being committed, or whose sent hooks are running
	recording bool
	recorders sync.WaitGroup
	writeErr  error
	downSince time.Time
	nextProbe time.Time
	replay    []func(ctx context.Context) error

	sent, failed, retried, limited, held, unconfirmed, writeFails *metrics.CounterVec
	paidSent                                                      atomic.Int64
}

type delivery struct {
	id    int64
	msgID int
	msg   tandem.Outgoing
}

// maxWaiting bounds the heads held in memory; beyond it bulk rows are read in pieces as the
// queue drains. Urgent and conversation rows are always read.
const maxWaiting = 50_000

// maxUncertain is how many sends of an ordinary row may end without an answer before the
// dispatcher stops sending it again (see DESIGN.md, "lost replies").
const maxUncertain = 2

// NewDispatcher makes a dispatcher. reg may be nil.
func NewDispatcher(st *store.Store, sender Sender, limits Limits, log *slog.Logger, reg *metrics.Registry, onUnreachable UnreachableFunc) *Dispatcher {
	if reg == nil {
		reg = metrics.NewRegistry()
	}
	def := DefaultLimits(limits.Rate)
	if limits.Rate <= 0 {
		limits.Rate = def.Rate
	}
	if limits.Concurrency < 1 {
		limits.Concurrency = 1
	}
	limits.UrgentSenders = max(limits.UrgentSenders, 0)
	if limits.SendTimeout <= 0 {
		limits.SendTimeout = def.SendTimeout
	}
	d := &Dispatcher{
		store: st, sender: sender, limits: limits, log: log, onUnreachable: onUnreachable,
		wake:        make(chan struct{}, 1),
		done:        make(chan struct{}, 1),
		q:           newQueue(),
		slots:       newSlots(limits.Rate),
		ceiling:     newWindow(limits.ceiling(), time.Second),
		paidCeiling: newWindow(PaidCeiling, time.Second),
		sent:        reg.Counter("tandem_outbox_sent_total", "Messages delivered to Telegram, by priority.", "priority"),
		failed:      reg.Counter("tandem_outbox_failed_total", "Messages Telegram rejected for good (a bug: see the logs).", "kind"),
		retried:     reg.Counter("tandem_outbox_retries_total", "Sends that failed for a passing reason and will be retried.", "kind"),
		limited:     reg.Counter("tandem_telegram_rate_limited_total", "HTTP 429 answers from Telegram (the dispatcher should keep this at zero)."),
		held:        reg.Counter("tandem_outbox_held_total", "Chats found unreachable (blocked the bot, or never opened a chat)."),
		unconfirmed: reg.Counter("tandem_outbox_unconfirmed_total", "Ordinary messages not sent again after their answers were lost twice: probably delivered, never confirmed.", "kind"),
		writeFails:  reg.Counter("tandem_outbox_write_failures_total", "Outbox writes that failed (disk full, read-only): sending stops until writes work."),
	}
	if limits.PaidRate > 0 {
		d.paid = newSlots(limits.PaidRate)
	}
	flooded := reg.Counter("tandem_outbox_flooded_chats_total", "Times one chat's backlog reached 100 messages (it goes at that chat's pace; others are not held up).")
	d.q.onFlood = func(chat int64, waiting int) {
		flooded.With().Inc()
		d.log.Warn("outbox: one chat has a large backlog; it goes at its own pace and does not hold up others", "chat_id", chat, "waiting", waiting)
	}
	reg.GaugeFunc("tandem_outbox_largest_chat_backlog", "The most messages waiting for any one chat.", func() float64 {
		d.mu.Lock()
		defer d.mu.Unlock()
		return float64(d.q.largestBacklog())
	})
	reg.GaugeFunc("tandem_outbox_inflight", "Messages being sent right now.", func() float64 { return float64(d.InFlight()) })
	reg.GaugeFunc("tandem_outbox_store_writable", "1 while the outbox can record what it sends; 0 while sending is stopped because writes fail.", func() float64 {
		if d.Writable() {
			return 1
		}
		return 0
	})
	reg.GaugeFunc("tandem_outbox_paid_broadcasts", "Scheduled prompts this process sent with allow_paid_broadcast.", func() float64 { return float64(d.PaidBroadcasts()) })
	reg.GaugeFunc("tandem_outbox_paid_broadcast_stars", "Telegram Stars spent on paid broadcasts so far (0.1 a message), as counted by this process.", func() float64 {
		return float64(d.PaidBroadcasts()) * StarsPerPaidMessage
	})
	return d
}

// StarsPerPaidMessage is Telegram's fee for a message sent with allow_paid_broadcast.
const StarsPerPaidMessage = 0.1

// OnSent registers f to hear of every delivery.
func (d *Dispatcher) OnSent(f SentFunc) { d.onSent = f }

// Wake tells the dispatcher there is something new to send. It never blocks.
func (d *Dispatcher) Wake() {
	d.dirty.Store(true)
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *Dispatcher) nudge() {
	select {
	case d.done <- struct{}{}:
	default:
	}
}

// InFlight reports how many sends are under way or delivered but not yet recorded, so tests
// and shutdown can wait for quiet.
func (d *Dispatcher) InFlight() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.inflight + len(d.toRecord) + d.settling
}

// Writable reports whether the dispatcher can record what it sends; while it cannot, it sends
// nothing. For /healthz and the tandem_outbox_store_writable gauge.
func (d *Dispatcher) Writable() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.writeErr == nil
}

// PaidBroadcasts is how many messages this process sent with allow_paid_broadcast.
func (d *Dispatcher) PaidBroadcasts() int64 { return d.paidSent.Load() }

// pollEvery bounds how long the dispatcher sleeps if nothing wakes it: a missed wake-up, or a
// row changed behind its back, costs at most this.
const pollEvery = time.Second

// probeEvery is how often a stopped dispatcher tries a write.
const probeEvery = time.Second

// Run sends until ctx ends, then waits for sends in flight to finish and be recorded.
func (d *Dispatcher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer func() {
		wg.Wait()
		d.recorders.Wait()
		d.record(context.WithoutCancel(ctx)) // whatever finished after the last group commit
	}()
	d.mu.Lock()
	d.releases = ^uint64(0) // read everything pending at start
	if err := d.store.ProbeWrite(ctx); err != nil && ctx.Err() == nil {
		d.stopWriting(err) // a read-only database: send nothing until it can be written
	}
	d.mu.Unlock()
	d.dirty.Store(true)
	for {
		next := d.step(ctx, &wg)
		timer := time.NewTimer(next)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-d.wake:
		case <-d.done:
		case <-timer.C:
			if d.sinceRead() >= pollEvery {
				d.dirty.Store(true) // a periodic look, in case a wake-up was missed
			}
		}
		timer.Stop()
	}
}

// step does what can be done now and says how long until it should look again.
func (d *Dispatcher) step(ctx context.Context, wg *sync.WaitGroup) time.Duration {
	now := time.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.writeErr != nil {
		return d.probe(ctx, now)
	}
	if err := d.read(ctx); err != nil {
		if ctx.Err() == nil && !d.readFailing {
			d.log.Error("outbox: reading the queue failed; trying again every second", "err", err)
		}
		d.readFailing = true
		return pollEvery
	}
	if d.readFailing {
		d.readFailing = false
		d.log.Info("outbox: the queue can be read again")
	}
	if now.Before(d.pausedUntil) {
		return d.pausedUntil.Sub(now)
	}
	if now.Sub(d.lastTidy) > time.Second {
		d.lastTidy = now
		d.q.forgetIdleChats(now)
	}
	return d.start(ctx, now, wg)
}

// read brings the in-memory queue up to date with the database. Caller holds mu, so a row
// being recorded as sent is either still known (and skipped) or committed before this read.
func (d *Dispatcher) read(ctx context.Context) error {
	if rel := d.store.OutboxReleases(); rel != d.releases {
		// Rows became pending again under old ids (a chat came back), or this is the start:
		// read every pending row, through the pending index.
		last, err := d.store.LastOutboxID(ctx)
		if err != nil {
			return err
		}
		d.q.clear()
		d.releases, d.cursor, d.bulkBehind = rel, last, 0
		for p := tandem.PriorityUrgent; p <= tandem.PriorityBulk; p++ {
			if err := d.readOld(ctx, p, 0); err != nil {
				return err
			}
		}
		d.dirty.Store(true)
	}
	if d.bulkBehind > 0 && d.q.waiting < maxWaiting/2 {
		if err := d.readOld(ctx, tandem.PriorityBulk, d.bulkBehind); err != nil {
			return err
		}
	}
	if !d.dirty.Load() {
		return nil
	}
	// New rows are read when something could go: an urgent row is new (it may go at once), or
	// an ordinary slot and sender are free. Commits in between (a scheduler queuing thousands
	// of prompts one by one) are read together, not one query each.
	u := d.store.UrgentQueued()
	if u == d.urgentSeen && !d.ordinaryMayGo(time.Now()) {
		return nil
	}
	if c := d.store.UrgentMessagesQueued(); c != d.crisisSeen {
		d.crisisSeen = c
		d.urgentUntil = time.Now().Add(d.limits.UrgentHold)
	}
	d.urgentSeen = u
	d.dirty.Store(false)
	d.lastRead = time.Now()
	for {
		hs, err := d.store.NewPendingHeads(ctx, d.cursor, 1000)
		if err != nil {
			d.dirty.Store(true)
			return err
		}
		for _, h := range hs {
			d.cursor = h.ID
			if h.Priority >= tandem.PriorityBulk && (d.bulkBehind > 0 || d.q.waiting >= maxWaiting) {
				if d.bulkBehind == 0 {
					d.bulkBehind = h.ID - 1
				}
				continue
			}
			d.q.add(headOf(h))
		}
		if len(hs) < 1000 {
			return nil
		}
	}
}

// sinceRead is how long since the queue was last read for new rows.
func (d *Dispatcher) sinceRead() time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	return time.Since(d.lastRead)
}

// ordinaryRoom is how long until the ceiling has room for an ordinary row: one place, plus
// the urgent reserve while urgent rows are about. Caller holds mu.
func (d *Dispatcher) ordinaryRoom(now time.Time) time.Duration {
	need := 1
	if now.Before(d.urgentUntil) {
		need += d.limits.UrgentCeilingReserve
	}
	return d.ceiling.waitRoom(now, need)
}

// ordinarySenderFree says whether an ordinary row (or a button acknowledgement) has a
// sender: urgent rows beyond their own UrgentSenders use ordinary ones. Caller holds mu.
func (d *Dispatcher) ordinarySenderFree() bool {
	return d.inflightOrd < d.limits.Concurrency && d.inflight < d.limits.Concurrency+d.limits.UrgentSenders
}

// ordinaryMayGo says whether an ordinary row could start now. Caller holds mu.
func (d *Dispatcher) ordinaryMayGo(now time.Time) bool {
	if !d.ordinarySenderFree() || now.Before(d.pausedUntil) {
		return false
	}
	if d.paidBroadcasting() && d.paid.wait(now) == 0 {
		return true
	}
	return d.slots.wait(now) == 0 && d.ordinaryRoom(now) == 0
}

// readOld reads pending rows of one priority with ids in (after, cursor], as far as memory
// allows for bulk rows.
func (d *Dispatcher) readOld(ctx context.Context, p tandem.Priority, after int64) error {
	for {
		room := 1000
		if p >= tandem.PriorityBulk {
			room = min(room, maxWaiting-d.q.waiting)
			if room <= 0 {
				d.bulkBehind = max(after, 1)
				return nil
			}
		}
		hs, err := d.store.PendingHeadsOf(ctx, p, after, d.cursor, room)
		if err != nil {
			return err
		}
		for _, h := range hs {
			d.q.add(headOf(h))
			after = h.ID
		}
		if len(hs) < room {
			if p >= tandem.PriorityBulk {
				d.bulkBehind = 0
			}
			return nil
		}
	}
}

// start begins every send it may begin now and says how long until it should look again.
// Caller holds mu.
func (d *Dispatcher) start(ctx context.Context, now time.Time, wg *sync.WaitGroup) time.Duration {
	next := pollEvery
	later := func(w time.Duration) {
		if w > 0 && w < next {
			next = w
		}
	}
	storeNow := d.store.Now()
	l := d.limits
	// Button acknowledgements are not messages: Telegram does not count them against its
	// message limits, and they keep no place in a chat. They need only a sender.
	for d.ordinarySenderFree() {
		h, w := d.q.nextAnswer(storeNow)
		if h == nil {
			later(w)
			break
		}
		d.launch(ctx, wg, h, nil, false)
	}
	for {
		// Ordinary rows have Concurrency senders; urgent rows may use any of those that are
		// free and UrgentSenders more of their own, so neither slow prompts nor one slow
		// crisis reply keep the next crisis reply waiting for a sender.
		ordinaryRoom := d.ordinarySenderFree()
		if !ordinaryRoom && d.inflight >= l.Concurrency+l.UrgentSenders {
			break
		}
		if w := d.ceiling.wait(now); w > 0 {
			// Telegram's ceiling is full. Scheduled prompts sent as paid broadcasts are outside
			// it; everything else waits.
			if !d.startPaid(ctx, now, storeNow, wg, later) {
				later(w)
				break
			}
			continue
		}
		pc := pacing{now: now, storeNow: storeNow, limits: l}
		pc.allow[prioIndex(tandem.PriorityUrgent)] = true
		slotWait := max(d.slots.wait(now), d.ordinaryRoom(now))
		if ordinaryRoom && slotWait == 0 {
			pc.allow[prioIndex(tandem.PriorityConversation)] = true
			pc.allow[prioIndex(tandem.PriorityBulk)] = true
			if d.paidBroadcasting() {
				pc.bulkTo = -1 // prompts to people go in the paid lane
			}
		}
		h, w := d.q.pick(pc)
		if h == nil {
			later(w)
			if slotWait > 0 {
				later(slotWait)
			} else if pc.allow[prioIndex(tandem.PriorityConversation)] {
				d.slots.idle(now) // a free slot and a free sender, and nothing to send
			}
			if d.startPaid(ctx, now, storeNow, wg, later) {
				continue
			}
			break
		}
		c := d.q.chat(h.chat)
		interval, _ := c.pace(l)
		c.tokens.take(now, interval)
		urgent := h.prio <= tandem.PriorityUrgent
		if urgent {
			c.busyUrgent = true
		} else {
			c.busy = true
			d.slots.take(now)
		}
		d.ceiling.leave()
		d.launch(ctx, wg, h, &d.ceiling, false)
	}
	return next
}

// paidBroadcasting says whether bulk rows to private chats go as paid broadcasts.
func (d *Dispatcher) paidBroadcasting() bool { return d.limits.PaidRate > 0 }

// startPaid begins one scheduled prompt as a paid broadcast, if that is on and its own pace
// allows. Caller holds mu.
// later hears how long until the paid lane could send again.
func (d *Dispatcher) startPaid(ctx context.Context, now, storeNow time.Time, wg *sync.WaitGroup, later func(time.Duration)) bool {
	if !d.paidBroadcasting() || !d.ordinarySenderFree() {
		return false
	}
	if w := max(d.paid.wait(now), d.paidCeiling.wait(now)); w > 0 {
		later(w)
		return false
	}
	// Only scheduled prompts and lessons to people; a digest to a group is not a broadcast.
	pc := pacing{now: now, storeNow: storeNow, limits: d.limits, bulkTo: +1}
	pc.allow[prioIndex(tandem.PriorityBulk)] = true
	h, w := d.q.pick(pc)
	if h == nil {
		later(w)
		d.paid.idle(now)
		return false
	}
	c := d.q.chat(h.chat)
	interval, _ := c.pace(d.limits)
	c.tokens.take(now, interval)
	c.busy = true
	d.paid.take(now)
	d.paidCeiling.leave()
	d.launch(ctx, wg, h, &d.paidCeiling, true)
	return true
}

// launch sends h in its own goroutine. Caller holds mu and has taken h's pacing.
func (d *Dispatcher) launch(ctx context.Context, wg *sync.WaitGroup, h *head, counted *window, paid bool) {
	urgent := h.prio <= tandem.PriorityUrgent
	d.inflight++
	if !urgent {
		d.inflightOrd++
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		d.sendRow(ctx, h, paid, func(answered time.Time) {
			// Called with mu held, once the answer is back.
			d.inflight--
			if !urgent {
				d.inflightOrd--
			}
			if counted != nil {
				counted.answer(answered)
			}
			if h.kind != tandem.KindAnswerCallback {
				c := d.q.chat(h.chat)
				if urgent {
					c.busyUrgent = false
				} else {
					c.busy = false
				}
			}
		})
		d.nudge()
	}()
}

// sendRow reads h's row whole, sends it and deals with the outcome. ended runs under mu as
// soon as the request is over.
func (d *Dispatcher) sendRow(ctx context.Context, h *head, paid bool, ended func(answered time.Time)) {
	// A send in flight finishes even when shutdown begins: cancelling it half-way could leave a
	// message delivered but not recorded, to be sent again after the restart.
	rec := context.WithoutCancel(ctx)
	r, err := d.store.OutboxRowByID(rec, h.id)
	if err != nil || r.Status != store.OutboxPending {
		d.mu.Lock()
		ended(time.Now())
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			d.log.Error("outbox: could not read a queued message; will try again", "outbox_id", h.id, "err", err)
			h.notBefore = d.store.Now().Add(time.Second)
			d.q.put(h)
		} else {
			d.q.forget(h.id)
		}
		d.mu.Unlock()
		return
	}
	msg := r.Msg
	msg.PaidBroadcast = paid
	sctx, cancel := context.WithTimeout(rec, d.limits.SendTimeout)
	msgID, err := d.sender.Send(sctx, msg)
	// Taken before waiting for mu: the arrival was no later than this, and the ceiling counts
	// the send for a second from it.
	answered := time.Now()
	cancel()

	d.mu.Lock()
	defer d.mu.Unlock()
	ended(answered)
	kind := string(r.Msg.Kind)
	var limited *tandem.RateLimitedError
	switch {
	case err == nil, errors.Is(err, tandem.ErrUnchanged):
		if paid {
			d.paidSent.Add(1)
		}
		d.toRecord = append(d.toRecord, delivery{id: r.ID, msgID: msgID, msg: r.Msg})
		if !d.recording && d.writeErr == nil {
			d.recording = true
			d.recorders.Add(1)
			go d.recordLoop(rec)
		}
	case errors.As(err, &limited):
		d.limited.With().Inc()
		wait := max(limited.RetryAfter, time.Second)
		if until := time.Now().Add(wait); until.After(d.pausedUntil) {
			d.pausedUntil = until
		}
		d.q.put(h) // not sent: it goes again, first in its chat, when the pause ends
		d.log.Warn("outbox: Telegram asked us to slow down; pausing the whole queue", "retry_after", wait)
	case errors.Is(err, tandem.ErrUnreachable) && r.Msg.Kind != tandem.KindAnswerCallback:
		d.held.With().Inc()
		d.q.forget(h.id)
		n := d.q.dropChat(h.chat)
		chat, cause := r.Msg.ChatID, err.Error()
		d.write(rec, func(ctx context.Context) error {
			return d.store.Update(ctx, func(tx *store.Tx) error {
				if _, err := tx.HoldChat(ctx, chat, cause); err != nil {
					return err
				}
				if d.onUnreachable != nil {
					return d.onUnreachable(ctx, tx, chat, cause)
				}
				return nil
			})
		})
		d.log.Info("outbox: a chat refuses the bot; its messages are held", "outbox_id", r.ID, "held", n+1)
	case errors.Is(err, tandem.ErrRejected), errors.Is(err, tandem.ErrUnreachable):
		d.fail(rec, h, r, err)
	case errors.Is(err, tandem.ErrMaybeDelivered) && h.prio > tandem.PriorityUrgent && h.uncertain+1 >= maxUncertain:
		// Twice the request went out and no answer came back. Each time Telegram may well have
		// delivered it; a third copy would more likely be a duplicate than a rescue.
		d.unconfirmed.With(kind).Inc()
		d.log.Warn("outbox: no answer to a message sent twice; taking it as delivered, unconfirmed",
			"outbox_id", r.ID, "kind", kind, "err", err)
		d.toRecord = append(d.toRecord, delivery{id: r.ID, msg: r.Msg})
		if !d.recording && d.writeErr == nil {
			d.recording = true
			d.recorders.Add(1)
			go d.recordLoop(rec)
		}
	default:
		if errors.Is(err, tandem.ErrMaybeDelivered) {
			h.uncertain++
		}
		d.retried.With(kind).Inc()
		wait := backoff(r.Attempts)
		h.notBefore = d.store.Now().Add(wait)
		d.q.put(h)
		id, nb, cause := r.ID, h.notBefore, err.Error()
		d.write(rec, func(ctx context.Context) error { return d.store.MarkRetry(ctx, id, nb, cause) })
		d.log.Warn("outbox: send failed; will retry", "outbox_id", r.ID, "kind", kind, "attempt", r.Attempts+1, "retry_in", wait, "err", err)
	}
}

func (d *Dispatcher) fail(ctx context.Context, h *head, r store.OutboxRow, cause error) {
	d.failed.With(string(r.Msg.Kind)).Inc()
	d.q.forget(h.id)
	level := slog.LevelError
	if r.Msg.Kind == tandem.KindAnswerCallback {
		level = slog.LevelInfo // a late answer to a button press is harmless
	}
	d.log.Log(ctx, level, "outbox: Telegram rejected a message; it will not be retried", "outbox_id", r.ID, "kind", r.Msg.Kind, "err", cause)
	id, text := r.ID, cause.Error()
	d.write(ctx, func(ctx context.Context) error { return d.store.MarkFailed(ctx, id, text) })
}

// write runs one bookkeeping write now, or keeps it for when writes work again. Caller holds mu.
func (d *Dispatcher) write(ctx context.Context, f func(ctx context.Context) error) {
	if d.writeErr == nil {
		err := f(ctx)
		if err == nil {
			return
		}
		d.stopWriting(err)
	}
	d.replay = append(d.replay, f)
}

// stopWriting stops sending because a write failed. One ERROR for the outage, not one per
// message; the counter counts every failed write. Caller holds mu.
func (d *Dispatcher) stopWriting(err error) {
	d.writeFails.With().Inc()
	if d.writeErr != nil {
		return
	}
	d.writeErr, d.downSince, d.nextProbe = err, time.Now(), time.Now().Add(probeEvery)
	d.log.Error("outbox: the database cannot be written; sending has stopped, so that nothing goes out unrecorded, and resumes by itself when writes work again", "err", err)
}

// probe tries a tiny write; when it works, it records what waited and sending resumes.
// Caller holds mu.
func (d *Dispatcher) probe(ctx context.Context, now time.Time) time.Duration {
	if now.Before(d.nextProbe) {
		return d.nextProbe.Sub(now)
	}
	d.nextProbe = now.Add(probeEvery)
	rec := context.WithoutCancel(ctx)
	err := d.store.ProbeWrite(rec)
	if err == nil {
		err = d.recordLocked(rec)
	}
	for err == nil && len(d.replay) > 0 {
		if err = d.replay[0](rec); err == nil {
			d.replay = d.replay[1:]
		}
	}
	if err != nil {
		d.writeFails.With().Inc()
		return probeEvery
	}
	d.log.Info("outbox: the database can be written again; sending resumes", "stopped_for", time.Since(d.downSince).Round(time.Millisecond))
	d.writeErr = nil
	d.dirty.Store(true)
	return 0
}

// recordLoop commits deliveries in groups: whatever finished while the last commit was being
// written goes in the next one.
func (d *Dispatcher) recordLoop(ctx context.Context) {
	defer d.recorders.Done()
	d.mu.Lock()
	defer d.mu.Unlock()
	for len(d.toRecord) > 0 && d.writeErr == nil {
		if err := d.recordLocked(ctx); err != nil {
			break
		}
	}
	d.recording = false
}

// recordLocked commits the waiting deliveries. It is called with mu held and releases it while
// the commit is written, so sends go on meanwhile; the rows stay known until committed.
func (d *Dispatcher) recordLocked(ctx context.Context) error {
	batch := d.toRecord
	if len(batch) == 0 {
		return nil
	}
	d.toRecord = nil
	// Until their commit is written and the sent hooks have run, these rows are still in
	// flight: what a hook queues (a flag's history, a message's "delivered") is part of them.
	d.settling += len(batch)
	defer func() { d.settling -= len(batch) }()
	ds := make([]store.Delivery, len(batch))
	for i, b := range batch {
		ds[i] = store.Delivery{ID: b.id, MessageID: b.msgID}
	}
	d.mu.Unlock()
	err := d.store.MarkSentMany(ctx, ds)
	d.mu.Lock()
	if err != nil {
		d.toRecord = append(batch, d.toRecord...)
		d.stopWriting(err)
		return err
	}
	for _, b := range batch {
		d.q.forget(b.id)
		d.sent.With(priorityName(b.msg.Priority)).Inc()
	}
	if d.onSent != nil {
		at := d.store.Now()
		d.mu.Unlock()
		for _, b := range batch {
			d.onSent(ctx, b.msg, at)
		}
		d.mu.Lock()
	}
	d.nudge()
	return nil
}

// record commits whatever deliveries wait, at shutdown.
func (d *Dispatcher) record(ctx context.Context) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.recordLocked(ctx); err != nil {
		d.log.Error("outbox: stopping with deliveries not recorded; they may be sent again at the next start", "count", len(d.toRecord), "err", err)
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
