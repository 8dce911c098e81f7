package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/tandemcare/tandem/app"
	"github.com/tandemcare/tandem/outbox"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

type answersConfig struct {
	People     int
	Live       bool // the full service sending at 25/s; otherwise every send is held until the end
	Dir        string
	CPUProfile string
	Progress   io.Writer
}

type answersResult struct {
	cfg         answersConfig
	Recorded    time.Duration // presses queued to every update recorded
	Elapsed     time.Duration // presses queued to every answer stored and next question queued
	Answers     int
	NextQueued  int
	NotHandled  int
	Rate        float64
	RawSingle   float64 // rows/s: one INSERT per transaction
	RawBatch100 float64 // rows/s: 100 INSERTs per transaction
	RawBatchAll float64 // rows/s: every INSERT in one transaction
}

// fastLimits sends as fast as the emulator answers, to set the scene quickly.
var fastLimits = outbox.Limits{Rate: 1e6, ChatInterval: time.Microsecond, ChatBurst: 1, GroupInterval: time.Microsecond, GroupBurst: 1, Concurrency: 8}

// answers: People people each have a check-in's first question in their chat; all press an
// answer at once. Measured from the first press queued in the emulator until every answer is
// stored and every next question is in the outbox.
func answers(ctx context.Context, cfg answersConfig) (*answersResult, error) {
	path := filepath.Join(cfg.Dir, "answers.db")
	progress(cfg.Progress, "answers: enrolling %d people and sending each a check-in", cfg.People)
	due := time.Now().Add(-time.Second)
	if err := populate(ctx, path, population{People: cfg.People, Due: func(int) time.Time { return due }}); err != nil {
		return nil, err
	}
	// Flood limits are not what is measured here, and setting the scene at 30/s would take minutes.
	emu := telegramtest.New(telegramtest.WithLimits(telegramtest.Limits{Disabled: true}))
	defer emu.Close()
	if err := openChats(ctx, emu, cfg.People); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	setup, err := app.Start(ctx, app.Config{Telegram: tgConfig(emu, nil), Bot: botConfig(st), Limits: fastLimits})
	if err != nil {
		return nil, err
	}
	err = waitFor(ctx, 10*time.Minute, 50*time.Millisecond, "the check-ins to be sent", func() (bool, error) {
		counts, _, err := st.OutboxCounts(ctx)
		return counts[store.OutboxSent] >= cfg.People && counts[store.OutboxPending] == 0, err
	})
	if err != nil {
		setup.Stop()
		return nil, err
	}
	if err := setup.Stop(); err != nil {
		return nil, err
	}

	// Find each person's answer button before the clock starts: reading the chats is the
	// emulator's work, not the bot's.
	type press struct {
		who       telegramtest.User
		messageID int
		data      string
	}
	presses := make([]press, 0, cfg.People)
	for i := 0; i < cfg.People; i++ {
		u := personUser(i)
		msgs := emu.BotMessages(u.ID)
		if len(msgs) != 1 || !isPrompt(msgs[0]) {
			return nil, fmt.Errorf("answers: person %d has %d messages, not one check-in", i, len(msgs))
		}
		// The middle answer: an ordinary day, which raises no flag for the worker.
		var choices []string
		for _, row := range msgs[0].Buttons {
			for _, b := range row {
				if strings.HasPrefix(b.CallbackData, "ci:") && !strings.HasSuffix(b.CallbackData, ":-") && !strings.HasSuffix(b.CallbackData, ":~") {
					choices = append(choices, b.CallbackData)
				}
			}
		}
		if len(choices) == 0 {
			return nil, fmt.Errorf("answers: no answer button for person %d", i)
		}
		presses = append(presses, press{u, msgs[0].ID, choices[len(choices)/2]})
	}
	cnt, err := openCounter(path)
	if err != nil {
		return nil, err
	}
	defer cnt.Close()
	lastOutbox, err := cnt.count(ctx, `SELECT coalesce(max(id), 0) FROM outbox`)
	if err != nil {
		return nil, err
	}

	var svc *app.Service
	hold := newHoldingTransport()
	defer hold.release()
	if cfg.Live {
		svc, err = app.Start(ctx, app.Config{Telegram: tgConfig(emu, nil), Bot: botConfig(st), Limits: outbox.DefaultLimits(25)})
	} else {
		// Sending left out: the dispatcher runs (it reads the queue after every commit, as it
		// would), but every send it starts waits until the measurement is over.
		lim := outbox.DefaultLimits(25)
		lim.Concurrency = 1
		svc, err = app.Start(ctx, app.Config{Telegram: tgConfig(emu, &http.Client{Transport: hold}), Bot: botConfig(st), Limits: lim, ManualScheduler: true})
	}
	if err != nil {
		return nil, err
	}
	defer svc.Stop()
	// Let the poller settle into its long poll before the clock starts.
	if err := waitFor(ctx, 10*time.Second, 5*time.Millisecond, "the poller", func() (bool, error) {
		return emu.Stats().Requests["getUpdates"] > 0, nil
	}); err != nil {
		return nil, err
	}

	progress(cfg.Progress, "answers: %d people press an answer", cfg.People)
	if cfg.CPUProfile != "" {
		f, err := os.Create(cfg.CPUProfile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	r := &answersResult{cfg: cfg}
	start := time.Now()
	for _, p := range presses {
		if _, err := emu.PressButton(p.who, p.who.ID, p.messageID, p.data); err != nil {
			return nil, err
		}
	}
	// The bot confirms an update to Telegram only once it is recorded, so an empty queue in the
	// emulator means every press is in the database. (Cheap to ask: the clock is running.)
	err = waitFor(ctx, 10*time.Minute, 5*time.Millisecond, "every update recorded", func() (bool, error) {
		return emu.PendingUpdates() == 0, nil
	})
	if err != nil {
		return nil, err
	}
	r.Recorded = time.Since(start)
	// answers started empty and only grows, so its largest id is its count, read from the
	// b-tree's edge instead of a scan that would compete with the bot.
	err = waitFor(ctx, 10*time.Minute, 5*time.Millisecond, "every answer stored", func() (bool, error) {
		n, err := cnt.count(ctx, `SELECT coalesce(max(id), 0) FROM answers`)
		return n >= cfg.People, err
	})
	if err != nil {
		return nil, err
	}
	r.Elapsed = time.Since(start)
	if cfg.CPUProfile != "" {
		pprof.StopCPUProfile()
	}
	r.Rate = float64(cfg.People) / r.Elapsed.Seconds()
	// The answer and its next question commit together, so this is a check, not a wait.
	if r.Answers, err = cnt.count(ctx, `SELECT count(*) FROM answers`); err != nil {
		return nil, err
	}
	if r.NextQueued, err = cnt.count(ctx, `SELECT count(DISTINCT chat_id) FROM outbox WHERE id > ? AND kind = 'text' AND chat_id >= ?`, lastOutbox, personBase); err != nil {
		return nil, err
	}
	if r.NotHandled, err = cnt.count(ctx, `SELECT count(*) FROM updates WHERE done_at IS NULL`); err != nil {
		return nil, err
	}
	hold.release()
	if err := svc.Stop(); err != nil {
		return nil, err
	}

	progress(cfg.Progress, "answers: raw SQLite inserts for comparison")
	raw := min(cfg.People, 2000)
	if r.RawSingle, err = rawInserts(ctx, filepath.Join(cfg.Dir, "raw1.db"), raw, 1); err != nil {
		return nil, err
	}
	if r.RawBatch100, err = rawInserts(ctx, filepath.Join(cfg.Dir, "raw100.db"), cfg.People, 100); err != nil {
		return nil, err
	}
	if r.RawBatchAll, err = rawInserts(ctx, filepath.Join(cfg.Dir, "rawall.db"), cfg.People, cfg.People); err != nil {
		return nil, err
	}
	return r, nil
}

// rawInserts inserts n answer-like rows, batch to a transaction, with the store's pragmas
// (WAL, synchronous=FULL, one writer, immediate transactions), and reports rows a second.
func rawInserts(ctx context.Context, path string, n, batch int) (float64, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=10000&_foreign_keys=on&_txlock=immediate")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE answers (id INTEGER PRIMARY KEY, checkin_id INTEGER NOT NULL, question_id TEXT NOT NULL,
		value TEXT NOT NULL, answered_at INTEGER NOT NULL, UNIQUE (checkin_id, question_id))`); err != nil {
		return 0, err
	}
	start := time.Now()
	for i := 0; i < n; i += batch {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		for j := i; j < min(i+batch, n); j++ {
			if _, err := tx.ExecContext(ctx, `INSERT INTO answers (checkin_id, question_id, value, answered_at) VALUES (?, 'mood', '3', ?)`, j, time.Now().UnixMilli()); err != nil {
				tx.Rollback()
				return 0, err
			}
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// holdingTransport passes every Bot API call through except the sending ones, which wait until
// release: the dispatcher then cannot finish a send, so it cannot compete for the database.
type holdingTransport struct {
	once sync.Once
	gate chan struct{}
}

func newHoldingTransport() *holdingTransport { return &holdingTransport{gate: make(chan struct{})} }

func (h *holdingTransport) release() { h.once.Do(func() { close(h.gate) }) }

func (h *holdingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	switch path.Base(req.URL.Path) {
	case "sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery", "sendPhoto", "sendDocument":
		select {
		case <-h.gate:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	return http.DefaultTransport.RoundTrip(req)
}

func (r *answersResult) rows() []row {
	mode := "held (sending left out)"
	if r.cfg.Live {
		mode = "live (service sending at 25/s)"
	}
	return []row{
		{"mode", mode, ""},
		{"answers (one button press each)", fmt.Sprint(r.cfg.People), ""},
		{"presses queued to all updates recorded", r.Recorded.Round(time.Millisecond).String(), ""},
		{"presses queued to all answers stored", r.Elapsed.Round(time.Millisecond).String(), ""},
		{"answers a second, end to end", fmt.Sprintf("%.0f/s", r.Rate), "≥ 1000/s " + met(r.Rate >= 1000)},
		{"answers stored", fmt.Sprint(r.Answers), fmt.Sprintf("%d %s", r.cfg.People, met(r.Answers == r.cfg.People))},
		{"chats with a next question queued", fmt.Sprint(r.NextQueued), fmt.Sprintf("%d %s", r.cfg.People, met(r.NextQueued == r.cfg.People))},
		{"updates not handled", fmt.Sprint(r.NotHandled), "0 " + met(r.NotHandled == 0)},
		{"raw SQLite: 1 INSERT per transaction", fmt.Sprintf("%.0f rows/s", r.RawSingle), ""},
		{"raw SQLite: 100 INSERTs per transaction", fmt.Sprintf("%.0f rows/s", r.RawBatch100), ""},
		{"raw SQLite: all INSERTs in 1 transaction", fmt.Sprintf("%.0f rows/s", r.RawBatchAll), ""},
		{"bot / raw single-insert rate", fmt.Sprintf("%.2f", r.Rate/r.RawSingle), ""},
	}
}

func (r *answersResult) check() error {
	var p problems
	if r.Answers != r.cfg.People || r.NextQueued != r.cfg.People || r.NotHandled != 0 {
		p.add("%d answers, %d next questions, %d updates unhandled, for %d presses", r.Answers, r.NextQueued, r.NotHandled, r.cfg.People)
	}
	return p.err()
}
