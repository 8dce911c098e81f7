package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/triage"
)

// What one person who is neither a worker nor enrolled can make Tandem say: ten answers a
// minute, then silence until the minute is up. A real newcomer, even a confused one trying
// /start, /help and a few words, and pressing through consent, needs fewer; a
// script trying invite codes, or someone stuck on a key, would otherwise fill the outbox with
// polite replies that every other message waits behind.
const (
	strangerAnswers = 10
	strangerWindow  = time.Minute
	// strangersTracked bounds the limiter's memory: windows that have ended are dropped once
	// this many people are being tracked.
	strangersTracked = 10000
)

// strangerGate counts, per Telegram user, the updates from strangers that were answered in the
// current window. Time comes from the store's clock, so tests move it.
type strangerGate struct {
	mu   sync.Mutex
	seen map[int64]*strangerWindowState
}

type strangerWindowState struct {
	start    time.Time
	answered int
	silenced int
	// crisis is when this person last got crisis contacts while otherwise silenced.
	crisis time.Time
}

// allow reports whether an update from user at now may be answered, and whether it is the
// first one silenced in this window (to log once, not once per message).
func (g *strangerGate) allow(user int64, now time.Time) (ok, firstSilenced bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = map[int64]*strangerWindowState{}
	}
	w := g.seen[user]
	if w == nil || now.Sub(w.start) >= strangerWindow || now.Before(w.start) {
		if len(g.seen) >= strangersTracked {
			for id, old := range g.seen {
				if now.Sub(old.start) >= strangerWindow {
					delete(g.seen, id)
				}
			}
		}
		w = &strangerWindowState{start: now, crisis: timeOr(w)}
		g.seen[user] = w
	}
	if w.answered < strangerAnswers {
		w.answered++
		return true, false
	}
	w.silenced++
	return false, w.silenced == 1
}

func timeOr(w *strangerWindowState) time.Time {
	if w == nil {
		return time.Time{}
	}
	return w.crisis
}

// allowCrisis lets a silenced stranger whose words are worrying have crisis contacts at most
// once a window: safety first, but not a way round the limit.
func (g *strangerGate) allowCrisis(user int64, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	w := g.seen[user]
	if w == nil || now.Sub(w.crisis) >= strangerWindow || now.Before(w.crisis) {
		if w != nil {
			w.crisis = now
		}
		return true
	}
	return false
}

// limitStrangers wraps a handler so that updates from strangers beyond their share are
// marked handled and not answered. Workers and anyone with a person record (active, paused or
// stopped) are never limited here; their pace is the dispatcher's business.
func (b *Bot) limitStrangers(h handlerFunc) handlerFunc {
	return func(ctx context.Context, ev *tandem.Event) error {
		if !ev.Private || ev.From.ID == 0 || ev.BotStatus != "" {
			return h(ctx, ev)
		}
		stranger, err := b.isStranger(ctx, ev.From.ID)
		if err != nil || !stranger {
			return h(ctx, ev) // on a read error the handler's own transaction will report it
		}
		now := b.store.Now()
		ok, first := b.strangers.allow(ev.From.ID, now)
		if ok {
			return h(ctx, ev)
		}
		crisis := ev.CallbackID == "" && (isCommand(ev.Text, "crisis") || b.screener.Screen(ev.Text).Tier.Rank() >= triage.TierConcern.Rank())
		if crisis && b.strangers.allowCrisis(ev.From.ID, now) {
			return h(ctx, ev)
		}
		guessing := isCommand(ev.Text, "start") && ev.Args != ""
		kind := "other"
		if guessing {
			kind = "invite_code"
			b.inviteGuesses.With().Inc()
		}
		b.silenced.With(kind).Inc()
		if first {
			msg := "bot: a stranger is sending faster than Tandem answers; ignoring them for the rest of the minute"
			if guessing {
				msg = "bot: invite-code guessing suspected: a stranger keeps trying /start codes; ignoring them for the rest of the minute"
			}
			b.log.Warn(msg, "from", ev.From.ID, "answered", strangerAnswers, "window", strangerWindow)
		}
		// Marked handled, so it is not tried again; no reply, and no answer to a press, since
		// every answer would be one more message in the queue the limit protects.
		return b.act(ctx, ev, "silenced", func(*store.Tx) error { return nil })
	}
}

// isStranger reports whether a Telegram user is neither a worker nor has a person record.
func (b *Bot) isStranger(ctx context.Context, telegramID int64) (bool, error) {
	if _, err := b.store.WorkerByTelegramID(ctx, telegramID); err == nil {
		return false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	if _, err := b.store.PersonByTelegramID(ctx, telegramID); err == nil {
		return false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	return true, nil
}

// isCommand reports whether text is /name, alone, with arguments or addressed to a bot.
func isCommand(text, name string) bool {
	cmd, _, _ := strings.Cut(text, " ")
	cmd, _, _ = strings.Cut(cmd, "@")
	return strings.EqualFold(cmd, "/"+name)
}
