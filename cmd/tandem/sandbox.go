package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/app"
	"github.com/tandemcare/tandem/config"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/outbox"
	"github.com/tandemcare/tandem/sandbox"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegram"
	"github.com/tandemcare/tandem/telegramtest"
)

// The sandbox's cast: one worker and two people who can join with the worker's invites.
var (
	demoWorker = telegramtest.User{ID: 1001, FirstName: "Robin", LastName: "Taylor", Username: "robin_demo_worker", LanguageCode: "en"}
	demoPeople = []telegramtest.User{
		{ID: 2001, FirstName: "Alex", LanguageCode: "en"},
		{ID: 2002, FirstName: "Sam", LanguageCode: "en"},
	}
)

// sandboxLimits pace the outbox for the sandbox's emulator, which has flood control off.
var sandboxLimits = outbox.Limits{Rate: 200, ChatInterval: 20 * time.Millisecond, ChatBurst: 5,
	GroupInterval: 20 * time.Millisecond, GroupBurst: 5, Concurrency: 8}

// demoStaffChannel is the staff channel the sandbox makes when the configuration names none.
const demoStaffChannel = -1001000000001

// cmdSandbox runs the real bot against the built-in Bot API emulator: no token, no network.
func cmdSandbox(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) (string, bool)) error {
	path, args, err := config.ConfigPathFromArgs(args, env)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "where to serve the sandbox page (only this machine by default)")
	dbPath := fs.String("database", "", "file the page's Save writes the sandbox to, and a later start loads (default: keep nothing)")
	tz := fs.String("timezone", "", "the service's time zone, as in the configuration (e.g. Europe/London)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var cfgArgs []string
	if *tz != "" {
		cfgArgs = []string{"--timezone", *tz}
	}
	cfg, err := sandboxConfig(path, env, cfgArgs)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	sb, metricsHandler, err := startSandbox(ctx, cfg, *dbPath, log)
	if err != nil {
		return err
	}
	defer sb.Close()
	personas := []sandbox.Persona{{User: demoWorker, Role: "worker"}}
	for _, p := range demoPeople {
		personas = append(personas, sandbox.Persona{User: p, Role: "person"})
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", metricsHandler)
	mux.Handle("/", sb.Handler(personas))
	srv, err := listenAndServe(*addr, mux, "sandbox page", log)
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(stdout, "\nTandem sandbox is running. Open http://%s in your browser.\n"+
		"Press the tour's buttons, or chat as %s (the worker), Alex or Sam. Nothing leaves this machine.\n"+
		"Press Ctrl+C to stop.\n\n", *addr, demoWorker.FirstName)
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(stopCtx)
}

// sandboxConfig reads the configuration as `run` does (file, then TANDEM_* environment), so a
// service can try its own time zone, hours, crisis contacts and content pack. The token and the
// database path are not used: the sandbox talks to its own emulator and never opens the
// service's database.
func sandboxConfig(path string, env func(string) (string, bool), args []string) (config.Config, error) {
	cfg, err := config.LoadForAdmin(path, env, args)
	if err != nil {
		return cfg, err
	}
	if len(cfg.CrisisContacts) == 0 {
		cfg.CrisisContacts = []tandem.CrisisContact{
			{Name: "Sandbox crisis line (not a real number)", Contact: "0000 000 000", When: "this is a demo"},
			{Name: "Emergency services", Contact: "999 (UK), 112 (EU), 911 (US)", When: "if you are in danger now"},
		}
	}
	if _, set := env("TANDEM_SERVICE_NAME"); !set && path == "" {
		cfg.ServiceName = "the Sandbox Community Mental Health Team"
	}
	if cfg.StaffChannelID == 0 {
		cfg.StaffChannelID = demoStaffChannel
	}
	if _, set := env("TANDEM_LOG_FORMAT"); !set {
		cfg.LogFormat = "text"
	}
	return cfg, nil
}

// startSandbox starts the sandbox; each world (a reset starts a new one) gets its own store,
// emulator, bot and metrics, served by the returned handler.
func startSandbox(ctx context.Context, cfg config.Config, savePath string, log *slog.Logger) (*sandbox.Sandbox, http.Handler, error) {
	pack, err := loadPack(cfg)
	if err != nil {
		return nil, nil, err
	}
	digest, err := schedule.ParseSchedule(cfg.DigestSchedule, cfg.TimeZone)
	if cfg.DigestSchedule != "" && err != nil {
		return nil, nil, fmt.Errorf("digest_schedule: %w", err)
	}
	var reg atomic.Pointer[metrics.Registry]
	reg.Store(metrics.NewRegistry())
	start := func(ctx context.Context, path string, now func() time.Time) (*sandbox.World, error) {
		st, err := store.Open(ctx, path)
		if err != nil {
			return nil, err
		}
		st.SetClock(now)
		if _, err := st.WorkerByTelegramID(ctx, demoWorker.ID); err != nil {
			if _, err := st.AddWorker(ctx, demoWorker.ID, demoWorker.FirstName+" "+demoWorker.LastName); err != nil {
				st.Close()
				return nil, err
			}
		}
		last, err := st.LastUpdateID(ctx)
		if err != nil {
			st.Close()
			return nil, err
		}
		// The sandbox jumps hours in a second; real flood pacing would only make the page wait
		// (the dispatcher's pacing has its own tests). Update ids go on from a saved database's.
		emu := telegramtest.New(telegramtest.WithClock(now), telegramtest.WithFirstUpdateID(last),
			telegramtest.WithLimits(telegramtest.Limits{Disabled: true}))
		emu.AddChannel(cfg.StaffChannelID, "Staff channel (demo)")
		r := metrics.NewRegistry()
		registerStoreMetrics(r, st)
		bc := botConfig(cfg, pack, st, log, r)
		svc, err := app.Start(ctx, app.Config{Telegram: telegram.Config{Token: emu.Token(), APIURL: emu.URL()}, Bot: bc, Limits: sandboxLimits, ManualScheduler: true})
		if err != nil {
			emu.Close()
			st.Close()
			return nil, err
		}
		reg.Store(r)
		return &sandbox.World{Emu: emu, Bot: &sandboxBot{svc: svc, st: st, emu: emu, digest: digest, hasDigest: cfg.DigestSchedule != ""}}, nil
	}
	sb, err := sandbox.New(ctx, sandbox.Options{
		Start: start, Location: cfg.TimeZone, SavePath: savePath, Log: log,
		Begin:  sandbox.DemoStart(time.Now(), cfg.TimeZone, cfg.WorkingHours.Next),
		Worker: demoWorker, People: demoPeople,
	})
	if err != nil {
		return nil, nil, err
	}
	metricsHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reg.Load().Handler().ServeHTTP(w, r) })
	return sb, metricsHandler, nil
}

// sandboxBot is the running service as the sandbox drives it (sandbox.Bot).
type sandboxBot struct {
	svc       *app.Service
	st        *store.Store
	emu       *telegramtest.Server
	digest    schedule.Schedule
	hasDigest bool
}

// Pass does what the service's scheduler and flag loops do in production, once.
func (b *sandboxBot) Pass(ctx context.Context) error {
	_, digestErr := b.svc.Bot.Digest(ctx)
	return errors.Join(b.svc.Scheduler.Tick(ctx), b.svc.Bot.FlagTick(ctx), digestErr, b.svc.Bot.Retention(ctx))
}

func (b *sandboxBot) NextWake(ctx context.Context) (time.Time, error) { return b.st.NextWake(ctx) }

func (b *sandboxBot) Busy(ctx context.Context) (bool, error) {
	counts, _, err := b.st.OutboxCounts(ctx)
	if err != nil {
		return false, err
	}
	pending, err := b.st.NextUpdates(ctx, 1)
	if err != nil {
		return false, err
	}
	return counts[store.OutboxPending] > 0 || len(pending) > 0 || b.emu.PendingUpdates() > 0 || b.svc.Dispatcher.InFlight() > 0, nil
}

func (b *sandboxBot) NextDigest(t time.Time) time.Time {
	if !b.hasDigest {
		return time.Time{}
	}
	return b.digest.Next(t)
}

func (b *sandboxBot) Save(ctx context.Context, path string) error { return b.st.Backup(ctx, path) }

func (b *sandboxBot) Stop() error { return errors.Join(b.svc.Stop(), b.st.Close()) }
