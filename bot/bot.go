// Package bot is Tandem's conversation with people and workers: commands, keyboards and button
// presses, each answered through the outbox. It sees tandem.Events, never Telegram's types:
// package telegram brings the updates in and sends what the outbox holds.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/reminders"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/triage"
)

// Config is what the bot needs from the deployment.
type Config struct {
	Store          *store.Store
	Pack           *content.Pack
	CrisisContacts []tandem.CrisisContact
	WorkingHours   tandem.WorkingHours
	ServiceName    string
	// Messaging is what happens to what a person writes in their own words; "" means ask.
	Messaging tandem.MessagingMode
	Location  *time.Location
	InviteTTL time.Duration
	// StaffChannelID is the staff channel for pseudonymous alerts and digests (0: none).
	StaffChannelID int64
	// EscalateAfter is how long into working hours an urgent flag may go unacknowledged
	// before it goes to the worker's backup and the staff channel; zero means 30 minutes.
	EscalateAfter time.Duration
	// DigestSpec is when the staff channel gets its digest: a cron spec in the service's time
	// zone (default each weekday at 16:30); empty turns it off.
	DigestSpec string
	// RetainAfterStop is how long a withdrawn person's data is kept before it is deleted;
	// zero keeps it until an administrator deletes it.
	RetainAfterStop time.Duration
	// Timing is when check-ins are reminded and expire; zero means reminders.DefaultTiming.
	Timing  reminders.Timing
	Log     *slog.Logger
	Metrics *metrics.Registry
}

// Bot handles updates and speaks through the outbox.
type Bot struct {
	*Deliveries
	cfg      Config
	username string
	// menus sets Telegram's command menus.
	menus Menus
	// commands and buttons are the route table (routes.go).
	routes routeTable
	// outbox is woken after each commit that queued messages; scheduler after a schedule changed.
	outbox, scheduler Waker
	// sched computes check-in times and creates check-ins.
	sched reminders.Planner
	// screener finds worrying words; rules turn answers into flags.
	screener *triage.Screener
	rules    triage.Rules

	flagsRaised, flagsEscalated, wordsMatched *metrics.CounterVec
	// strangers limits what people who are neither workers nor enrolled can make the bot say.
	strangers                         strangerGate
	silenced, inviteGuesses, badCodes *metrics.CounterVec
}

// Menus sets Telegram's command menus: for one chat, or (chatID 0) for every private chat
// whose app is in lang. Package telegram provides it.
type Menus interface {
	SetMenu(ctx context.Context, chatID int64, lang string, cmds []tandem.Command) error
}

// Waker is something to wake: the outbox dispatcher after messages were queued, the scheduler
// after a schedule changed. Wake never blocks.
type Waker interface{ Wake() }

// Deps are the parts of a running Tandem the bot talks to, made before it by the wiring.
type Deps struct {
	// Username is the bot's Telegram username, for invite links.
	Username string
	Menus    Menus
	// Outbox is woken after each commit that queued messages; Scheduler after a schedule changed.
	Outbox, Scheduler Waker
	// Deliveries are the outbox's hooks, made before the dispatcher (NewDeliveries); nil makes
	// the bot its own.
	Deliveries *Deliveries
}

// New makes the bot.
func New(cfg Config, deps Deps) (*Bot, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Metrics == nil {
		cfg.Metrics = metrics.NewRegistry()
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.InviteTTL == 0 {
		cfg.InviteTTL = 14 * 24 * time.Hour
	}
	if cfg.EscalateAfter == 0 {
		cfg.EscalateAfter = 30 * time.Minute
	}
	if cfg.Timing == (reminders.Timing{}) {
		cfg.Timing = reminders.DefaultTiming()
	}
	if len(cfg.CrisisContacts) == 0 {
		return nil, errors.New("bot: at least one crisis contact is required")
	}
	reg := cfg.Metrics
	d := deps.Deliveries
	if d == nil {
		d = NewDeliveries(cfg)
	}
	b := &Bot{
		Deliveries: d, cfg: cfg, username: deps.Username, menus: deps.Menus,
		outbox: deps.Outbox, scheduler: deps.Scheduler, sched: reminders.NewPlanner(cfg.Timing, cfg.Location),
		screener: cfg.Pack.Screener(), rules: rulesFromPack(cfg.Pack),
		flagsRaised:    reg.Counter("tandem_flags_raised_total", "Flags raised for a worker, by kind.", "kind"),
		wordsMatched:   reg.Counter("tandem_worrying_words_total", "Messages in which worrying words were found (the person got crisis contacts at once)."),
		flagsEscalated: reg.Counter("tandem_flags_escalated_total", "Urgent flags escalated because nobody acknowledged them in time."),
		silenced:       reg.Counter("tandem_stranger_updates_silenced_total", "Updates from strangers over their share, handled without a reply, by kind (invite_code, other).", "kind"),
		inviteGuesses:  reg.Counter("tandem_invite_code_guesses_silenced_total", "/start codes from strangers already over their share: likely invite-code guessing."),
		badCodes:       reg.Counter("tandem_invite_code_failures_total", "/start with a code that is not an invite."),
	}
	d.bot = b // the bot's own deliveries follow what it sends (see Deliveries.bot)
	// A rule that cannot be read would never fire: refuse to start rather than miss flags quietly.
	if err := b.rules.Validate(); err != nil {
		return nil, fmt.Errorf("bot: flag rules from the content pack: %w", err)
	}
	b.registerRoutes()
	return b, nil
}

// Planner is how the bot works out check-in times; the scheduler uses the same.
func (b *Bot) Planner() reminders.Planner { return b.sched }

// Username is the bot's Telegram username, used in invite links.
func (b *Bot) Username() string { return b.username }

// handlerFunc handles an Event. It returns an error only for failures worth retrying or
// reporting; a person's mistakes are answered kindly and are not errors.
type handlerFunc func(ctx context.Context, ev *tandem.Event) error

type ctxKey int

const errKey ctxKey = 0

// handlerResult tells Handle whether the handler marked the update done.
type handlerResult struct {
	done bool // the handler committed and marked the update done
}

// act runs f in a transaction that also marks the update done, so its effects and the record
// that it was handled commit together, and wakes the dispatcher afterwards.
func (b *Bot) act(ctx context.Context, ev *tandem.Event, outcome string, f func(tx *store.Tx) error) error {
	err := b.store.Update(ctx, func(tx *store.Tx) error {
		if err := f(tx); err != nil {
			return err
		}
		tx.AfterCommit(b.outbox.Wake)
		return tx.MarkUpdateDone(ctx, ev.UpdateID, outcome)
	})
	if res, ok := ctx.Value(errKey).(*handlerResult); ok && err == nil {
		res.done = true
	}
	return err
}
