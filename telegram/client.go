// Package telegram is Tandem's only door to Telegram and the only importer of go-telegram/bot:
// it takes updates in (long polling or webhook) durably, turns them into tandem.Events for a
// Handler, sends what the outbox hands it, classifies Telegram's errors into tandem's delivery
// errors, and sets the command menus. It knows nothing of what the conversations say.
package telegram

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/store"
)

// Config is what the Telegram side needs from the deployment.
type Config struct {
	Token  string
	APIURL string // Telegram's, or a self-hosted Bot API server's, or the emulator's
	// HTTPClient is used for every call to the Bot API; nil means a client with sane timeouts.
	HTTPClient *http.Client
	// Store is where updates are recorded before Telegram is told we have them.
	Store   *store.Store
	Log     *slog.Logger
	Metrics *metrics.Registry
	// MenuInterval paces setMyCommands calls; zero means DefaultMenuInterval.
	MenuInterval time.Duration
}

// Client is a connection to the Bot API for one bot.
type Client struct {
	cfg      Config
	tg       *tgbot.Bot
	store    *store.Store
	log      *slog.Logger
	username string
	menus    *menuQueue
	// polling is closed when the first getUpdates goes out.
	polling     chan struct{}
	pollingOnce sync.Once

	received, duplicates, panics, handlerErrors *metrics.CounterVec
	handleTime                                  *metrics.HistogramVec
}

// pollTimeout is the long-poll wait Telegram holds a getUpdates call open for.
const pollTimeout = 25 * time.Second

// New connects to the Bot API (getMe, which also checks the token).
func New(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Metrics == nil {
		cfg.Metrics = metrics.NewRegistry()
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: pollTimeout + 10*time.Second, Transport: apiTransport()}
	}
	cfg.HTTPClient = withWholeBodies(cfg.HTTPClient)
	reg := cfg.Metrics
	c := &Client{
		cfg: cfg, store: cfg.Store, log: cfg.Log, menus: newMenuQueue(), polling: make(chan struct{}),
		received:      reg.Counter("tandem_updates_received_total", "Updates recorded from Telegram, by intake.", "source"),
		duplicates:    reg.Counter("tandem_updates_duplicate_total", "Updates Telegram delivered again and that were not acted on twice."),
		panics:        reg.Counter("tandem_handler_panics_total", "Handlers that panicked (recovered; the person got an apology)."),
		handlerErrors: reg.Counter("tandem_handler_errors_total", "Handlers that failed, by outcome.", "outcome"),
		handleTime:    reg.Histogram("tandem_update_handle_seconds", "Time from picking up a recorded update to its effects being written (they commit with its batch).", []float64{.001, .005, .01, .05, .1, .5, 1, 5}),
	}
	tg, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(strings.TrimRight(cfg.APIURL, "/")),
		tgbot.WithHTTPClient(pollTimeout, cfg.HTTPClient),
		tgbot.WithSkipGetMe(),
		// Updates come in through our own durable intake and go to a Handler; the library's
		// poller (which acknowledges before handling) and router are never used.
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithErrorsHandler(func(err error) { c.log.Warn("telegram client", "err", c.redact(err.Error())) }),
	)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	c.tg = tg
	me, err := tg.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("telegram: getMe (is the token right, and is %s reachable?): %s", cfg.APIURL, c.redact(err.Error()))
	}
	c.username = me.Username
	return c, nil
}

// Polling is closed once Poll has asked Telegram for updates for the first time: from then on
// the bot hears people, and slower start-up work can begin.
func (c *Client) Polling() <-chan struct{} { return c.polling }

// Username is the bot's Telegram username, used in invite links.
func (c *Client) Username() string { return c.username }

// redact keeps the token out of anything that may be logged: it is in every Bot API URL.
func (c *Client) redact(s string) string { return redact(s, c.cfg.Token) }

func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[token]")
}
