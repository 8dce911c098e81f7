package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tandemcare/tandem/telegramtest"
)

// Bot is the running Tandem service as the sandbox drives it. It is declared here, with only
// what the sandbox uses, so the sandbox does not depend on how the service is put together.
type Bot interface {
	// Pass does once everything due at the store's current time that the service's own loops
	// would do in production: check-ins, reminders, expiries, pauses ending, escalations,
	// snoozes ending, agendas, the staff digest and retention.
	Pass(ctx context.Context) error
	// NextWake is when the scheduler next has something due; zero when nothing is.
	NextWake(ctx context.Context) (time.Time, error)
	// Busy reports whether updates are still being handled or messages still being sent.
	Busy(ctx context.Context) (bool, error)
	// NextDigest is when the staff digest is next due after t; zero when there is none.
	NextDigest(t time.Time) time.Time
	// Save writes a consistent copy of the database to path.
	Save(ctx context.Context, path string) error
	// Stop stops the bot and closes its database.
	Stop() error
}

// World is one sandbox run: the emulator and the bot talking to it.
type World struct {
	Emu *telegramtest.Server
	Bot Bot
}

// Options configure a Sandbox.
type Options struct {
	// Start starts the bot on the database at path against a new emulator, both reading the
	// time from now. The bot must leave its scheduler and flag loops to the sandbox (Pass).
	Start func(ctx context.Context, path string, now func() time.Time) (*World, error)
	// Location is the service's time zone, in which the page shows times.
	Location *time.Location
	// Begin is where a fresh demo's clock starts (see DemoStart).
	Begin time.Time
	// SavePath is where Save writes the database, and where a saved one is loaded from at
	// start; empty means the sandbox keeps nothing.
	SavePath string
	// Worker is the demo worker; People are the demo people; Sam, People[1], is enrolled in
	// a fresh demo and Alex, People[0], is left for the tour.
	Worker telegramtest.User
	People []telegramtest.User
	Log    *slog.Logger
}

// Sandbox runs the bot on a clock the page moves and can start over from the seeded demo.
type Sandbox struct {
	opts  Options
	clock *Clock
	dir   string

	mu     sync.Mutex // held for every pass, jump, tour step and reset, so they happen one at a time
	world  *World
	gen    int
	loaded bool // the world came from a saved database

	// Read by the page without waiting for a jump to finish.
	emu     atomic.Pointer[telegramtest.Server]
	tour    atomic.Int32
	note    atomic.Pointer[string]
	chMu    sync.Mutex
	changed chan struct{} // closed and replaced when the clock jumps or the world is replaced

	stop chan struct{}
	done chan struct{}
}

// New starts a sandbox: from the database at opts.SavePath if there is one, else a freshly
// seeded demo. Close stops it.
func New(ctx context.Context, opts Options) (*Sandbox, error) {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if len(opts.People) < 2 {
		return nil, errors.New("sandbox: two demo people are needed")
	}
	dir, err := os.MkdirTemp("", "tandem-sandbox-")
	if err != nil {
		return nil, err
	}
	s := &Sandbox{opts: opts, clock: NewClock(opts.Begin), dir: dir, changed: make(chan struct{}),
		stop: make(chan struct{}), done: make(chan struct{})}
	if err := s.startWorld(ctx, true); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go s.run(context.WithoutCancel(ctx))
	return s, nil
}

// Close stops the bot and removes the working database; a saved copy stays.
func (s *Sandbox) Close() error {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.world != nil {
		err = s.stopWorld()
	}
	return errors.Join(err, os.RemoveAll(s.dir))
}

// Now is the sandbox's current time.
func (s *Sandbox) Now() time.Time { return s.clock.Now() }

// Emulator is the current world's emulator; Reset replaces it.
func (s *Sandbox) Emulator() *telegramtest.Server { return s.emu.Load() }

// Changed is closed at the next jump of the clock, tour step or reset.
func (s *Sandbox) Changed() <-chan struct{} {
	s.chMu.Lock()
	defer s.chMu.Unlock()
	return s.changed
}

func (s *Sandbox) notify() {
	s.chMu.Lock()
	defer s.chMu.Unlock()
	close(s.changed)
	s.changed = make(chan struct{})
}

// TourStep is the index of the next tour step; len(tour) when the tour is over.
func (s *Sandbox) TourStep() int { return int(s.tour.Load()) }

// Note is something the page should say about this run, such as where it was loaded from.
func (s *Sandbox) Note() string {
	if n := s.note.Load(); n != nil {
		return *n
	}
	return ""
}

// CanSave reports whether Save has somewhere to write.
func (s *Sandbox) CanSave() bool { return s.opts.SavePath != "" }

// Location is the sandbox's time zone.
func (s *Sandbox) Location() *time.Location { return s.opts.Location }

// run does what is due as real time passes, as the service's loops do in production
// (production's flag loop looks every 15 seconds; the sandbox every second).
func (s *Sandbox) run(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		s.mu.Lock()
		if err := s.world.Bot.Pass(ctx); err != nil {
			s.opts.Log.Error("sandbox: a pass failed; will try again", "err", err)
		}
		s.mu.Unlock()
	}
}

// startWorld starts a world on a new working database: a copy of the saved one when there is
// one and load is true, else a freshly seeded demo. Called with s.mu held (or before run).
func (s *Sandbox) startWorld(ctx context.Context, load bool) error {
	s.gen++
	path := filepath.Join(s.dir, fmt.Sprintf("tandem-%d.db", s.gen))
	s.loaded = false
	if load && s.opts.SavePath != "" {
		if body, err := os.ReadFile(s.opts.SavePath); err == nil {
			if err := os.WriteFile(path, body, 0o600); err != nil {
				return err
			}
			s.loaded = true
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("sandbox: read the saved database: %w", err)
		}
	}
	if !s.loaded {
		s.clock.reset(s.opts.Begin)
	}
	w, err := s.opts.Start(ctx, path, s.clock.Now)
	if err != nil {
		return err
	}
	s.world = w
	s.emu.Store(w.Emu)
	s.tour.Store(0)
	note := ""
	if s.loaded {
		// The tour assumes the fresh demo; a saved sandbox carries on from where it was.
		s.tour.Store(int32(len(theTour())))
		note = "Loaded the saved sandbox from " + s.opts.SavePath + ". Chat history is not kept; what the bot stored is."
		s.note.Store(&note)
		return s.openChats(ctx)
	}
	s.note.Store(&note)
	return s.seed(ctx)
}

func (s *Sandbox) stopWorld() error {
	err := s.world.Bot.Stop()
	s.world.Emu.Close()
	return err
}

// Reset throws the current world away and starts the seeded demo again.
func (s *Sandbox) Reset(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.gen
	if err := s.stopWorld(); err != nil {
		s.opts.Log.Warn("sandbox: stopping the old world", "err", err)
	}
	_ = os.Remove(filepath.Join(s.dir, fmt.Sprintf("tandem-%d.db", old)))
	defer s.notify()
	return s.startWorld(ctx, false)
}

// Save writes the sandbox's database to the --database file, replacing it whole.
func (s *Sandbox) Save(ctx context.Context) (string, error) {
	if s.opts.SavePath == "" {
		return "", errors.New("start the sandbox with --database FILE to save it")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tmp := s.opts.SavePath + ".saving"
	_ = os.Remove(tmp)
	if err := s.world.Bot.Save(ctx, tmp); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, s.opts.SavePath); err != nil {
		return "", fmt.Errorf("sandbox: save: %w", err)
	}
	return s.opts.SavePath, nil
}

// Jump moves the clock forward to target, stopping at every minute and every scheduler wake
// on the way and letting the bot finish each before the next, so what falls due in the skipped
// span happens in order, with the times it would have had.
func (s *Sandbox) Jump(ctx context.Context, target time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notify()
	return s.jumpLocked(ctx, target)
}

func (s *Sandbox) jumpLocked(ctx context.Context, target time.Time) error {
	b := s.world.Bot
	if err := s.settle(ctx); err != nil {
		return err
	}
	for {
		now := s.clock.Now()
		if !now.Before(target) {
			return nil
		}
		next := now.Truncate(time.Minute).Add(time.Minute)
		if w, err := b.NextWake(ctx); err != nil {
			return err
		} else if w.After(now) && w.Before(next) {
			next = w
		}
		if target.Before(next) {
			next = target
		}
		s.clock.moveTo(next)
		if err := b.Pass(ctx); err != nil {
			return err
		}
		if err := s.settle(ctx); err != nil {
			return err
		}
	}
}

// settle waits until the bot has handled every update and sent every message.
func (s *Sandbox) settle(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	for {
		busy, err := s.world.Bot.Busy(ctx)
		if err != nil {
			return err
		}
		if !busy {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("sandbox: the bot is still sending: %w", ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// NextCheckin is the scheduler's next wake: a check-in, its reminder, its expiry or a pause
// ending; zero when nothing is scheduled.
func (s *Sandbox) NextCheckin(ctx context.Context) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.world.Bot.NextWake(ctx)
}

// NextDigest is when the staff digest is next due; zero when there is none.
func (s *Sandbox) NextDigest() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.world.Bot.NextDigest(s.clock.Now())
}
