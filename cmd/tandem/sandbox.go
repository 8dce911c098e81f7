package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/app"
	"github.com/tandemcare/tandem/config"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/outbox"
	"github.com/tandemcare/tandem/sandbox"
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

// cmdSandbox runs the real bot against the built-in Bot API emulator: no token, no network.
func cmdSandbox(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) (string, bool)) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "where to serve the sandbox chat page")
	dbPath := fs.String("database", "", "database file (default: a new one in a temporary folder)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := config.Defaults()
	cfg.LogFormat = "text"
	cfg.ServiceName = "the Sandbox Community Mental Health Team"
	cfg.CrisisContacts = []tandem.CrisisContact{
		{Name: "Sandbox crisis line (not a real number)", Contact: "0000 000 000", When: "this is a demo"},
		{Name: "Emergency services", Contact: "999 (UK), 112 (EU), 911 (US)", When: "if you are in danger now"},
	}
	log := newLogger(cfg, stderr)

	path := *dbPath
	if path == "" {
		dir, err := os.MkdirTemp("", "tandem-sandbox-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "tandem.db")
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.WorkerByTelegramID(ctx, demoWorker.ID); err != nil {
		if _, err := st.AddWorker(ctx, demoWorker.ID, demoWorker.FirstName+" "+demoWorker.LastName); err != nil {
			return err
		}
	}

	emu := telegramtest.New()
	defer emu.Close()
	// A staff channel, so escalations and (later) digests can be seen in the sandbox too.
	const staffChannel = -1001000000001
	emu.AddChannel(staffChannel, "Staff channel (demo)")
	cfg.StaffChannelID = staffChannel
	reg := metrics.NewRegistry()
	registerStoreMetrics(reg, st)
	pack, err := loadPack(cfg)
	if err != nil {
		return err
	}
	bc := botConfig(cfg, pack, st, log, reg)
	svc, err := app.Start(ctx, app.Config{Telegram: telegram.Config{Token: emu.Token(), APIURL: emu.URL()}, Bot: bc, Limits: outbox.DefaultLimits(cfg.SendRate)})
	if err != nil {
		return err
	}
	defer svc.Stop()
	// The worker opens their chat with the bot first, as a real worker would.
	if _, err := emu.SendMessage(demoWorker, "/start"); err != nil {
		return err
	}

	personas := []sandbox.Persona{{User: demoWorker, Role: "worker"}}
	for _, p := range demoPeople {
		personas = append(personas, sandbox.Persona{User: p, Role: "person"})
	}
	mux := sandbox.Handler(emu, personas)
	mux = withMetrics(mux, reg)
	srv, err := listenAndServe(*addr, mux, "sandbox page", log)
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(stdout, "\nTandem sandbox is running. Open http://%s in your browser.\n"+
		"Chat as %s, the demo worker: send /invite Alex, then open the link as Alex.\n"+
		"Metrics: http://%s/metrics  Press Ctrl+C to stop.\n\n", *addr, demoWorker.FirstName+" "+demoWorker.LastName, *addr)
	select {
	case <-ctx.Done():
	case <-svc.Done():
		return svc.Err()
	}
	stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(stopCtx)
}
