package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/tandemcare/tandem/outbox"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

type urgentConfig struct {
	People int // all due at 09:00: the bulk backlog (unless Idle)
	// Idle: nobody is due, so crisis replies meet an empty queue.
	Idle bool
	// Before is how many messages each sampled person sends just before the worrying one,
	// each drawing a reply: the crisis reply then follows other messages to the same chat.
	Before   int
	Samples  int           // people who write worrying words while it drains
	Every    time.Duration // between worrying messages
	Rate     float64
	Dir      string
	Progress io.Writer
}

type urgentResult struct {
	cfg           urgentConfig
	Crisis, Flag  []time.Duration // update queued -> message accepted by the emulator
	PendingAtEnd  int             // bulk still queued when the last sample landed
	TooMany       int
	MissingCrisis int
	MissingFlag   int
	SampledFor    time.Duration
}

// worrying is what the sampled people write: plain, and unmistakable to the word lists.
const worrying = "i cant do this anymore, i want to kill myself"

// urgent measures how long a worrying message waits for its crisis reply (to the person) and
// its flag (to their worker) while a 09:00 fan-out is draining at Telegram's pace.
func urgent(ctx context.Context, cfg urgentConfig) (*urgentResult, error) {
	run, err := startAtNine(ctx, "urgent", cfg.Dir, cfg.People, outbox.DefaultLimits(cfg.Rate), nil, true, cfg.Idle, cfg.Progress)
	if err != nil {
		return nil, err
	}
	defer run.Close()
	emu, st, start := run.emu, run.st, run.start

	if cfg.Idle {
		progress(cfg.Progress, "urgent: nothing queued; %d people write worrying words, one every %s", cfg.Samples, cfg.Every)
	} else {
		// Let the scheduler queue the whole backlog first.
		if err := waitFor(ctx, time.Minute, 50*time.Millisecond, "the backlog to be queued", func() (bool, error) {
			counts, _, err := st.OutboxCounts(ctx)
			return counts[store.OutboxPending]+counts[store.OutboxSent] >= cfg.People, err
		}); err != nil {
			return nil, err
		}
		progress(cfg.Progress, "urgent: %d prompts queued; %d people write worrying words, one every %s", cfg.People, cfg.Samples, cfg.Every)
	}

	type sample struct {
		user   telegramtest.User
		worker int64
		sentAt time.Time
	}
	var samples []sample
	step := max(1, cfg.People/cfg.Samples)
	for k := 0; k < cfg.Samples; k++ {
		i := (k * step) % cfg.People
		u := personUser(i)
		for range cfg.Before {
			// Each draws a reply (the help text) just before the worrying message.
			if _, err := emu.SendMessage(u, "/help"); err != nil {
				return nil, err
			}
		}
		s := sample{user: u, worker: workerBase + int64(i/perWorker+1), sentAt: time.Now()}
		if _, err := emu.SendMessage(u, worrying); err != nil {
			return nil, err
		}
		samples = append(samples, s)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(cfg.Every):
		}
	}
	r := &urgentResult{cfg: cfg}
	arrivedAt := func(chat int64, after time.Time, match func(telegramtest.Message) bool) (time.Time, bool) {
		for _, m := range emu.BotMessages(chat) {
			if !m.Date.Before(after) && match(m) {
				return m.Date, true
			}
		}
		return time.Time{}, false
	}
	isCrisis := func(m telegramtest.Message) bool { return strings.Contains(m.Text, "really hard right now") }
	_ = waitFor(ctx, 30*time.Second, 50*time.Millisecond, "every crisis reply and flag", func() (bool, error) {
		for _, s := range samples {
			if _, ok := arrivedAt(s.user.ID, s.sentAt, isCrisis); !ok {
				return false, nil
			}
			name := s.user.FirstName
			if _, ok := arrivedAt(s.worker, s.sentAt, func(m telegramtest.Message) bool { return strings.Contains(m.Text, name+":") }); !ok {
				return false, nil
			}
		}
		return true, nil
	})
	r.SampledFor = time.Since(start)
	counts, _, err := st.OutboxCounts(ctx)
	if err != nil {
		return nil, err
	}
	r.PendingAtEnd = counts[store.OutboxPending]
	for _, s := range samples {
		if at, ok := arrivedAt(s.user.ID, s.sentAt, isCrisis); ok {
			r.Crisis = append(r.Crisis, at.Sub(s.sentAt))
		} else {
			r.MissingCrisis++
		}
		name := s.user.FirstName
		if at, ok := arrivedAt(s.worker, s.sentAt, func(m telegramtest.Message) bool { return strings.Contains(m.Text, name+":") }); ok {
			r.Flag = append(r.Flag, at.Sub(s.sentAt))
		} else {
			r.MissingFlag++
		}
	}
	r.TooMany = emu.Stats().TooManyRequests
	slices.Sort(r.Crisis)
	slices.Sort(r.Flag)
	return r, nil
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := int(float64(len(d)-1) * p)
	return d[i]
}

func (r *urgentResult) rows() []row {
	ms := func(d time.Duration) string { return fmt.Sprintf("%d ms", d.Milliseconds()) }
	bulk := fmt.Sprint(r.cfg.People)
	if r.cfg.Idle {
		bulk = "0 (idle)"
	}
	limit := r.target()
	return []row{
		{"bulk prompts queued at 09:00", bulk, ""},
		{"send_rate", fmt.Sprintf("%.0f/s", r.cfg.Rate), ""},
		{"replies drawn just before each worrying message", fmt.Sprint(r.cfg.Before), ""},
		{"worrying messages sent", fmt.Sprint(r.cfg.Samples), ""},
		{"bulk still queued when sampling ended", fmt.Sprint(r.PendingAtEnd), "> 0 (still draining) unless idle"},
		{"crisis reply: p50 / p99 / max", ms(percentile(r.Crisis, .5)) + " / " + ms(percentile(r.Crisis, .99)) + " / " + ms(percentile(r.Crisis, 1)), fmt.Sprintf("p99 < %d ms ", limit.Milliseconds()) + met(percentile(r.Crisis, .99) < limit && r.MissingCrisis == 0)},
		{"flag to worker: p50 / p99 / max", ms(percentile(r.Flag, .5)) + " / " + ms(percentile(r.Flag, .99)) + " / " + ms(percentile(r.Flag, 1)), fmt.Sprintf("p99 < %d ms ", limit.Milliseconds()) + met(percentile(r.Flag, .99) < limit && r.MissingFlag == 0)},
		{"missing crisis replies / flags", fmt.Sprintf("%d / %d", r.MissingCrisis, r.MissingFlag), "0 / 0 " + met(r.MissingCrisis+r.MissingFlag == 0)},
		{"429s received", fmt.Sprint(r.TooMany), "0 " + met(r.TooMany == 0)},
	}
}

// target is the p99 the issue sets: 50 ms with nothing queued, 100 ms while prompts drain.
func (r *urgentResult) target() time.Duration {
	if r.cfg.Idle {
		return 50 * time.Millisecond
	}
	return 100 * time.Millisecond
}

func (r *urgentResult) check() error {
	var p problems
	if c, f := percentile(r.Crisis, .99), percentile(r.Flag, .99); c >= r.target() || f >= r.target() {
		p.add("crisis reply p99 %s, flag p99 %s (target < %s)", c.Round(time.Millisecond), f.Round(time.Millisecond), r.target())
	}
	if r.MissingCrisis+r.MissingFlag > 0 {
		p.add("%d crisis replies and %d flags never arrived", r.MissingCrisis, r.MissingFlag)
	}
	if r.TooMany > 0 {
		p.add("%d 429s", r.TooMany)
	}
	if !r.cfg.Idle && r.PendingAtEnd == 0 && r.cfg.People > 1000 {
		p.add("the backlog had drained before sampling ended: the measurement is not under load")
	}
	return p.err()
}
