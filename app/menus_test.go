package app_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/app"
	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegram"
	"github.com/tandemcare/tandem/telegramtest"
)

const workers = 5

// menus is how many menus a start wants: people's in each pack language and for everyone
// else, and one for each worker who opened a chat.
var menus = len(content.Default().Languages) + 1 + workers

type menuRig struct {
	t   *testing.T
	emu *telegramtest.Server
	st  *store.Store
	svc *app.Service
}

func newMenuRig(t *testing.T) *menuRig {
	emu := telegramtest.New()
	t.Cleanup(emu.Close)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	err = st.Seed(context.Background(), store.Population{
		People: workers, PersonBase: 5000, PerWorker: 1, WorkerBase: 9000, WorkersChatOpen: true,
		Due: func(int) time.Time { return time.Now().Add(time.Hour) }, At: time.Now(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &menuRig{t: t, emu: emu, st: st}
}

func (r *menuRig) start(interval time.Duration) {
	r.t.Helper()
	svc, err := app.Start(context.Background(), app.Config{
		Telegram: telegram.Config{Token: r.emu.Token(), APIURL: r.emu.URL(), MenuInterval: interval},
		Bot: bot.Config{
			Store: r.st, Pack: content.Default(), Location: time.UTC,
			CrisisContacts: []tandem.CrisisContact{{Name: "Crisis team", Contact: "0800 000 111", When: "24 hours"}},
			Log:            slog.New(slog.NewTextHandler(io.Discard, nil)),
		},
		ManualScheduler: true,
	})
	if err != nil {
		r.t.Fatal(err)
	}
	r.svc = svc
	r.t.Cleanup(func() { svc.Stop() })
}

func (r *menuRig) stop() {
	r.t.Helper()
	if err := r.svc.Stop(); err != nil {
		r.t.Fatal(err)
	}
}

func (r *menuRig) settleMenus() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for !r.svc.MenusSettled() {
		select {
		case <-ctx.Done():
			r.t.Fatalf("menus not settled; %d setMyCommands calls", r.calls())
		case <-time.After(2 * time.Millisecond):
		}
	}
}

func (r *menuRig) calls() int { return r.emu.Stats().Requests["setMyCommands"] }

func TestMenusAreSetOnceAndAgainOnlyWhenChanged(t *testing.T) {
	r := newMenuRig(t)
	r.start(time.Millisecond)
	r.settleMenus()
	if got := r.calls(); got != menus {
		t.Fatalf("first start: %d setMyCommands calls, want %d", got, menus)
	}
	if got := r.emu.Commands("chat", 9001, ""); len(got) == 0 {
		t.Fatal("first worker has no menu")
	}
	r.stop()

	r.start(time.Millisecond)
	r.settleMenus()
	if got := r.calls(); got != menus {
		t.Fatalf("second start with nothing changed made %d more setMyCommands calls, want none", got-menus)
	}
	r.stop()

	// As if an earlier version had set a different menu for one worker, and never set the
	// Spanish people's menu.
	db, err := sql.Open("sqlite3", r.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE menus SET hash = 'old' WHERE chat_id = 9002`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM menus WHERE chat_id = 0 AND lang = 'es'`); err != nil {
		t.Fatal(err)
	}
	r.start(time.Millisecond)
	r.settleMenus()
	if got := r.calls() - menus; got != 2 {
		t.Fatalf("start after one menu changed and one went missing: %d setMyCommands calls, want 2", got)
	}
}

func TestUpdatesAreHandledBeforeMenusFinish(t *testing.T) {
	r := newMenuRig(t)
	// One menu an hour: the menus cannot finish while the test runs.
	r.start(time.Hour)
	someone := telegramtest.User{ID: 777, FirstName: "Alex"}
	if _, err := r.emu.SendMessage(someone, "/crisis"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.emu.WaitBotMessages(ctx, someone.ID, 1); err != nil {
		t.Fatalf("no answer to /crisis while menus were pending: %v", err)
	}
	if got := r.calls(); got >= menus {
		t.Fatalf("%d setMyCommands calls before the first answer; want fewer than %d", got, menus)
	}
	if r.svc.MenusSettled() {
		t.Fatal("menus settled within an hour's pacing")
	}
	// Stop must not wait out the pacing: a stuck Stop would time the test out.
	r.stop()
}
