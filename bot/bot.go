// Package bot is Tandem's conversation with people and workers over Telegram: commands,
// keyboards and button presses, the durable intake of updates, and the sender the outbox
// dispatcher uses. It is the only package besides the emulator that knows go-telegram/bot.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/reminders"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/triage"
)

// CrisisContact is someone a person can contact in a crisis, as the service configured it.
type CrisisContact struct {
	Name, Contact, When string
}

// Config is what the bot needs from the deployment.
type Config struct {
	Token  string
	APIURL string // Telegram's, or a self-hosted Bot API server's, or the emulator's
	// HTTPClient is used for every call to the Bot API; nil means a client with sane timeouts.
	HTTPClient     *http.Client
	Store          *store.Store
	Pack           *content.Pack
	CrisisContacts []CrisisContact
	WorkingHours   tandem.WorkingHours
	ServiceName    string
	Location       *time.Location
	InviteTTL      time.Duration
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
	cfg      Config
	tg       *tgbot.Bot
	store    *store.Store
	pack     *content.Pack
	log      *slog.Logger
	username string
	// wake nudges the outbox dispatcher after a commit; set by the Service.
	wake func()
	// sched computes check-in times and creates check-ins; set by the Service.
	sched *reminders.Scheduler
	// lexicon finds worrying words; rules turn answers into flags.
	lexicon *triage.Lexicon
	rules   triage.Rules

	received, duplicates, panics, handlerErrors *metrics.CounterVec
	flagsRaised, flagsEscalated, wordsMatched   *metrics.CounterVec
	handleTime                                  *metrics.HistogramVec
	// strangers limits what people who are neither workers nor enrolled can make the bot say.
	strangers                         strangerGate
	silenced, inviteGuesses, badCodes *metrics.CounterVec
}

// pollTimeout is the long-poll wait Telegram holds a getUpdates call open for.
const pollTimeout = 25 * time.Second

// New connects to the Bot API (getMe, which also checks the token) and registers the handlers.
func New(ctx context.Context, cfg Config) (*Bot, error) {
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
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: pollTimeout + 10*time.Second}
	}
	if len(cfg.CrisisContacts) == 0 {
		return nil, errors.New("bot: at least one crisis contact is required")
	}
	reg := cfg.Metrics
	b := &Bot{
		cfg: cfg, store: cfg.Store, pack: cfg.Pack, log: cfg.Log, wake: func() {},
		lexicon: triage.DefaultLexicon(), rules: rulesFromPack(cfg.Pack),
		received:       reg.Counter("tandem_updates_received_total", "Updates recorded from Telegram, by intake.", "source"),
		duplicates:     reg.Counter("tandem_updates_duplicate_total", "Updates Telegram delivered again and that were not acted on twice."),
		panics:         reg.Counter("tandem_handler_panics_total", "Handlers that panicked (recovered; the person got an apology)."),
		handlerErrors:  reg.Counter("tandem_handler_errors_total", "Handlers that failed, by outcome.", "outcome"),
		flagsRaised:    reg.Counter("tandem_flags_raised_total", "Flags raised for a worker, by kind.", "kind"),
		wordsMatched:   reg.Counter("tandem_worrying_words_total", "Messages in which worrying words were found (the person got crisis contacts at once)."),
		flagsEscalated: reg.Counter("tandem_flags_escalated_total", "Urgent flags escalated because nobody acknowledged them in time."),
		silenced:       reg.Counter("tandem_stranger_updates_silenced_total", "Updates from strangers over their share, handled without a reply, by kind (invite_code, other).", "kind"),
		inviteGuesses:  reg.Counter("tandem_invite_code_guesses_silenced_total", "/start codes from strangers already over their share: likely invite-code guessing."),
		badCodes:       reg.Counter("tandem_invite_code_failures_total", "/start with a code that is not an invite."),
		handleTime:     reg.Histogram("tandem_update_handle_seconds", "Time from picking up a recorded update to committing its effects.", []float64{.001, .005, .01, .05, .1, .5, 1, 5}),
	}
	// A rule that cannot be read would never fire: refuse to start rather than miss flags quietly.
	if err := b.rules.Validate(); err != nil {
		return nil, fmt.Errorf("bot: flag rules from the content pack: %w", err)
	}
	tg, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")),
		tgbot.WithHTTPClient(pollTimeout, cfg.HTTPClient),
		tgbot.WithSkipGetMe(),
		// Updates are fed in one at a time from the durable inbox, in order; the library's own
		// poller (which acknowledges before handling) is never started.
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithDefaultHandler(b.adapt(b.handleOther)),
		tgbot.WithErrorsHandler(func(err error) { b.log.Warn("telegram client", "err", redact(err.Error(), cfg.Token)) }),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	b.tg = tg
	me, err := tg.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("bot: getMe (is the token right, and is %s reachable?): %s", cfg.APIURL, redact(err.Error(), cfg.Token))
	}
	b.username = me.Username
	b.routes()
	return b, nil
}

// Username is the bot's Telegram username, used in invite links.
func (b *Bot) Username() string { return b.username }

// redact keeps the token out of anything that may be logged: it is in every Bot API URL.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[token]")
}

// Event is one update as the handlers see it: who, where, and what they did.
type Event struct {
	UpdateID int64
	From     models.User
	ChatID   int64
	Private  bool
	Lang     string
	// Text and Args for a message: "/invite Sam" has Text "/invite Sam" and Args "Sam".
	Text, Args string
	// For a button press.
	CallbackID string
	Data       string
	MessageID  int
	// BotStatus is set when the person changed the bot's standing in their chat
	// ("kicked" when they block it, "member" when they unblock it).
	BotStatus string
}

// handlerFunc handles an Event. It returns an error only for failures worth retrying or
// reporting; a person's mistakes are answered kindly and are not errors.
type handlerFunc func(ctx context.Context, ev *Event) error

func eventFrom(upd *models.Update) *Event {
	ev := &Event{UpdateID: upd.ID}
	switch {
	case upd.Message != nil:
		m := upd.Message
		if m.From != nil {
			ev.From = *m.From
		}
		ev.ChatID, ev.Private, ev.Text, ev.MessageID = m.Chat.ID, m.Chat.Type == models.ChatTypePrivate, m.Text, m.ID
		if strings.HasPrefix(m.Text, "/") {
			if _, rest, ok := strings.Cut(m.Text, " "); ok {
				ev.Args = strings.TrimSpace(rest)
			}
		}
	case upd.CallbackQuery != nil:
		q := upd.CallbackQuery
		ev.From, ev.CallbackID, ev.Data = q.From, q.ID, q.Data
		if msg := q.Message.Message; msg != nil {
			ev.ChatID, ev.MessageID, ev.Private = msg.Chat.ID, msg.ID, msg.Chat.Type == models.ChatTypePrivate
		} else if q.Message.InaccessibleMessage != nil {
			ev.ChatID, ev.MessageID = q.Message.InaccessibleMessage.Chat.ID, q.Message.InaccessibleMessage.MessageID
			ev.Private = ev.ChatID > 0
		}
	case upd.MyChatMember != nil:
		ev.From, ev.ChatID = upd.MyChatMember.From, upd.MyChatMember.Chat.ID
		ev.Private = upd.MyChatMember.Chat.Type == models.ChatTypePrivate
		ev.BotStatus = string(upd.MyChatMember.NewChatMember.Type)
	}
	ev.Lang = ev.From.LanguageCode
	return ev
}

type ctxKey int

const errKey ctxKey = 0

// handlerResult carries a handler's error out through go-telegram/bot, whose handlers return nothing.
type handlerResult struct {
	err  error
	done bool // the handler committed and marked the update done
}

// adapt turns one of our handlers into a go-telegram/bot handler.
func (b *Bot) adapt(h handlerFunc) tgbot.HandlerFunc {
	return func(ctx context.Context, _ *tgbot.Bot, upd *models.Update) {
		res, _ := ctx.Value(errKey).(*handlerResult)
		err := b.limitStrangers(h)(ctx, eventFrom(upd))
		if res != nil {
			res.err = err
		}
	}
}

// act runs f in a transaction that also marks the update done, so its effects and the record
// that it was handled commit together, and wakes the dispatcher afterwards.
func (b *Bot) act(ctx context.Context, ev *Event, outcome string, f func(tx *store.Tx) error) error {
	err := b.store.Update(ctx, func(tx *store.Tx) error {
		if err := f(tx); err != nil {
			return err
		}
		tx.AfterCommit(b.wake)
		return tx.MarkUpdateDone(ctx, ev.UpdateID, outcome)
	})
	if res, ok := ctx.Value(errKey).(*handlerResult); ok && err == nil {
		res.done = true
	}
	return err
}
