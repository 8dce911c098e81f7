// Package app wires Tandem together and runs it: it builds every part in the order each needs
// the last (Telegram, the outbox's hooks, the dispatcher, the bot, the scheduler) and runs
// every goroutine (intake, processor, dispatcher, the one loop for what comes due), stopping
// them all together when one fails for good.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tandemcare/tandem/bot"

	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/outbox"
	"github.com/tandemcare/tandem/reminders"
	"github.com/tandemcare/tandem/telegram"
)

// Config is everything needed to run Tandem's bot: the bot itself, how fast the outbox
// may send, and how updates arrive.
type Config struct {
	// Telegram is how to reach the Bot API; its Store, Log and Metrics default to the Bot's.
	Telegram telegram.Config
	Bot      bot.Config
	Limits   outbox.Limits
	// WebhookURL, when set, makes Telegram POST updates there (the caller serves
	// Service.WebhookHandler at that URL); otherwise Tandem long-polls.
	WebhookURL    string
	WebhookSecret string
	// ManualScheduler leaves everything that comes due to the caller's Scheduler.Tick and
	// Bot.FlagTick, for tests that move the clock and want to see each step.
	ManualScheduler bool
}

// Service is the running bot: intake, processor and outbox dispatcher.
type Service struct {
	Bot        *bot.Bot
	Telegram   *telegram.Client
	Dispatcher *outbox.Dispatcher
	Scheduler  *reminders.Scheduler
	cfg        Config
	updates    chan struct{}
	cancel     context.CancelFunc
	wg         sync.WaitGroup
	mu         sync.Mutex
	err        error
	// menusListed is set once every menu the bot wants has been handed to the Telegram client.
	menusListed atomic.Bool
}

// Start connects to the Bot API and starts handling updates and sending the outbox. Messages
// left in the outbox by an earlier run go out first thing.
func Start(ctx context.Context, cfg Config) (*Service, error) {
	tcfg := cfg.Telegram
	if tcfg.Store == nil {
		tcfg.Store = cfg.Bot.Store
	}
	if tcfg.Log == nil {
		tcfg.Log = cfg.Bot.Log
	}
	if tcfg.Metrics == nil {
		tcfg.Metrics = cfg.Bot.Metrics
	}
	if cfg.Bot.Metrics == nil {
		cfg.Bot.Metrics = metrics.NewRegistry()
		tcfg.Metrics = cfg.Bot.Metrics
	}
	if cfg.Limits.Rate == 0 {
		cfg.Limits = outbox.DefaultLimits(0)
	}
	if cfg.Bot.Log == nil {
		cfg.Bot.Log = slog.Default()
	}
	tg, err := telegram.New(ctx, tcfg)
	if err != nil {
		return nil, err
	}
	// Built in the order each needs the last, so nothing is handed in after it is made.
	deliveries := bot.NewDeliveries(cfg.Bot)
	d := outbox.NewDispatcher(cfg.Bot.Store, tg, cfg.Limits, cfg.Bot.Log, cfg.Bot.Metrics, deliveries.Unreachable)
	d.OnSent(deliveries.Delivered)
	nudge := reminders.NewNudge()
	b, err := bot.New(cfg.Bot, bot.Deps{Username: tg.Username(), Menus: tg, Outbox: d, Scheduler: nudge, Deliveries: deliveries})
	if err != nil {
		return nil, err
	}
	sch := reminders.NewScheduler(cfg.Bot.Store, b, b, b.Planner(), nudge, cfg.Bot.Log, cfg.Bot.Metrics, d.Wake)
	if cfg.WebhookURL != "" {
		if cfg.WebhookSecret == "" {
			return nil, errors.New("app: webhook mode needs a secret token")
		}
		if err := tg.SetWebhook(ctx, cfg.WebhookURL, cfg.WebhookSecret); err != nil {
			return nil, err
		}
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &Service{Bot: b, Telegram: tg, Dispatcher: d, Scheduler: sch, cfg: cfg, updates: make(chan struct{}, 1), cancel: cancel}
	s.run(runCtx, "dispatcher", d.Run)
	if !cfg.ManualScheduler {
		s.run(runCtx, "scheduler", sch.Run)
	}
	s.run(runCtx, "processor", func(ctx context.Context) error { return tg.Process(ctx, b, s.updates) })
	if cfg.WebhookURL == "" {
		s.run(runCtx, "poller", func(ctx context.Context) error { return tg.Poll(ctx, s.nudge) })
	}
	// Menus come after the first getUpdates, never before: with thousands of workers, setting
	// them one by one took minutes in which no crisis message could be read. Only menus that are
	// missing or changed are set, paced, in the background.
	s.run(runCtx, "menus", tg.RunMenus)
	s.run(runCtx, "menu list", func(ctx context.Context) error {
		if cfg.WebhookURL == "" {
			// Reading every worker waits until the poller has asked for updates, and a little
			// longer, so the updates waiting since the last run come first.
			select {
			case <-ctx.Done():
				return nil
			case <-tg.Polling():
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(menuGrace(cfg.Telegram.MenuInterval)):
		}
		if err := b.SetCommands(ctx); err != nil && ctx.Err() == nil {
			// Menus are a convenience; a bot without them still works.
			cfg.Bot.Log.Warn("bot: could not set command menus", "err", err)
		}
		s.menusListed.Store(true)
		return nil
	})
	cfg.Bot.Log.Info("bot: started", "username", tg.Username(), "webhook", cfg.WebhookURL != "")
	return s, nil
}

// menuGrace is how long after the bot starts listening the menus begin: four menu intervals,
// a second by default.
func menuGrace(interval time.Duration) time.Duration {
	if interval <= 0 {
		interval = telegram.DefaultMenuInterval
	}
	return 4 * interval
}

func (s *Service) run(ctx context.Context, name string, f func(context.Context) error) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := f(ctx); err != nil {
			s.mu.Lock()
			if s.err == nil {
				s.err = fmt.Errorf("%s: %w", name, err)
			}
			s.mu.Unlock()
			s.cancel() // one part failing for good stops the rest, so the operator sees it
		}
	}()
}

// nudge tells the processor that updates are waiting.
func (s *Service) nudge() {
	select {
	case s.updates <- struct{}{}:
	default:
	}
}

// MenusSettled reports whether every command menu the bot wanted at start (and since) has
// been set or found unchanged.
func (s *Service) MenusSettled() bool {
	return s.menusListed.Load() && s.Telegram.PendingMenus() == 0
}

// WebhookHandler is the handler to serve at the webhook URL.
func (s *Service) WebhookHandler() http.Handler {
	return s.Telegram.WebhookHandler(s.cfg.WebhookSecret, s.nudge)
}

// Stop stops everything and waits for work in hand to be recorded. Anything not yet sent stays
// in the outbox for the next start.
func (s *Service) Stop() error {
	s.cancel()
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Done is closed when the service stops by itself (a part failed for good) or is stopped.
func (s *Service) Done() <-chan struct{} {
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	return done
}

// Err reports why the service stopped, if it stopped by itself.
func (s *Service) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
