package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/tandemcare/tandem/app"
	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/config"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/outbox"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegram"
)

// loadConfig reads the configuration for a subcommand: --config FILE (or TANDEM_CONFIG), then
// the environment, then the remaining flags.
func loadConfig(args []string, env func(string) (string, bool)) (config.Config, error) {
	return loadWith(config.Load, args, env)
}

// loadAdminConfig reads the configuration for administration commands, which need only the
// database: a missing token or crisis contact must not stop an administrator adding a worker.
func loadAdminConfig(args []string, env func(string) (string, bool)) (config.Config, error) {
	return loadWith(config.LoadForAdmin, args, env)
}

func loadWith(load func(string, func(string) (string, bool), []string) (config.Config, error), args []string, env func(string) (string, bool)) (config.Config, error) {
	path, rest, err := config.ConfigPathFromArgs(args, env)
	if err != nil {
		return config.Config{}, err
	}
	return load(path, env, rest)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// loadPack loads the service's content pack, or the built-in one.
func loadPack(cfg config.Config) (*content.Pack, error) {
	if cfg.ContentDir == "" {
		return content.Default(), nil
	}
	pack, err := content.Load(os.DirFS(cfg.ContentDir))
	if err != nil {
		return nil, fmt.Errorf("content pack %s (check it with: tandem content check %s): %w", cfg.ContentDir, cfg.ContentDir, err)
	}
	return pack, nil
}

func botConfig(cfg config.Config, pack *content.Pack, st *store.Store, log *slog.Logger, reg *metrics.Registry) bot.Config {
	return bot.Config{
		Store: st, Pack: pack,
		CrisisContacts: cfg.CrisisContacts, WorkingHours: cfg.WorkingHours, ServiceName: cfg.ServiceName, Messaging: cfg.Messaging,
		Location: cfg.TimeZone, InviteTTL: cfg.InviteTTL, Log: log, Metrics: reg, StaffChannelID: cfg.StaffChannelID,
		RetainAfterStop: cfg.RetainAfterStop, DigestSpec: cfg.DigestSchedule,
	}
}

func cmdRun(ctx context.Context, args []string, stderr io.Writer, env func(string) (string, bool)) error {
	cfg, err := loadConfig(args, env)
	if err != nil {
		return err
	}
	if err := cfg.RequireToken(); err != nil {
		return fmt.Errorf("%w (to try Tandem without a token, run: tandem sandbox)", err)
	}
	log := newLogger(cfg, stderr)
	log.Info("tandem: starting", "config", cfg)
	pack, err := loadPack(cfg)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.DatabasePath)
	if err != nil {
		return err
	}
	defer st.Close()
	reg := metrics.NewRegistry()
	registerStoreMetrics(reg, st)

	admin, err := serveAdmin(cfg.AdminListen, st, reg, log)
	if err != nil {
		return err
	}
	defer admin.Close()

	svc, err := app.Start(ctx, app.Config{
		Telegram: telegram.Config{Token: cfg.TelegramToken, APIURL: cfg.TelegramAPIURL},
		Bot:      botConfig(cfg, pack, st, log, reg), Limits: outbox.DefaultLimits(cfg.SendRate),
		WebhookURL: cfg.WebhookURL, WebhookSecret: cfg.WebhookSecret,
	})
	if err != nil {
		return err
	}
	if cfg.WebhookURL != "" {
		hook, err := serveWebhook(cfg.WebhookListen, cfg.WebhookURL, svc.WebhookHandler(), log)
		if err != nil {
			svc.Stop()
			return err
		}
		defer hook.Close()
	}
	select {
	case <-ctx.Done():
		log.Info("tandem: stopping; unsent messages stay queued for the next start")
	case <-svc.Done():
	}
	return svc.Stop()
}

// serveWebhook listens for Telegram's POSTs at the path of the public webhook URL.
func serveWebhook(listen, publicURL string, h http.Handler, log *slog.Logger) (*http.Server, error) {
	u, err := url.Parse(publicURL)
	if err != nil {
		return nil, fmt.Errorf("webhook url: %w", err)
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	mux := http.NewServeMux()
	mux.Handle(path, h)
	return listenAndServe(listen, mux, "webhook", log)
}

func listenAndServe(addr string, h http.Handler, what string, log *slog.Logger) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: listen on %s: %w", what, addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server stopped", "what", what, "err", err)
		}
	}()
	log.Info("tandem: listening", "what", what, "addr", ln.Addr().String())
	return srv, nil
}

// serveAdmin serves /healthz and /metrics for the operator's monitoring.
func serveAdmin(addr string, st *store.Store, reg *metrics.Registry, log *slog.Logger) (*http.Server, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", healthz(st, log))
	mux.Handle("/metrics", reg.Handler())
	return listenAndServe(addr, mux, "admin", log)
}

// registerStoreMetrics exposes what is waiting in the outbox: the first place to look when
// people say messages are not arriving.
func registerStoreMetrics(reg *metrics.Registry, st *store.Store) {
	registerWriteHealth(reg, st)
	counts := func(status string) func() float64 {
		return func() float64 {
			c, _, err := st.OutboxCounts(context.Background())
			if err != nil {
				return -1
			}
			return float64(c[status])
		}
	}
	reg.GaugeFunc("tandem_outbox_pending", "Messages waiting to be sent.", counts(store.OutboxPending))
	reg.GaugeFunc("tandem_outbox_held", "Messages held for chats that refuse the bot.", counts(store.OutboxHeld))
	reg.GaugeFunc("tandem_outbox_failed", "Messages Telegram rejected for good.", counts(store.OutboxFailed))
	reg.GaugeFunc("tandem_outbox_oldest_pending_seconds", "Age of the oldest message waiting to be sent.", func() float64 {
		_, age, err := st.OutboxCounts(context.Background())
		if err != nil {
			return -1
		}
		return age.Seconds()
	})
}

func cmdBackup(ctx context.Context, args []string, stdout io.Writer, env func(string) (string, bool)) error {
	if len(args) < 1 || strings.HasPrefix(args[len(args)-1], "-") {
		return errors.New("backup: name the file to write last, e.g. tandem backup --config tandem.yaml tandem-2026-11-24.db")
	}
	dest := args[len(args)-1]
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", dest)
	}
	cfg, st, err := openAdmin(ctx, "backup", flag.NewFlagSet("backup", flag.ContinueOnError), args[:len(args)-1], env)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, dest); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", cfg.DatabasePath, dest)
	return nil
}
