package app_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
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

func (r *menuRig) start(interval time.Duration, client *http.Client) {
	r.t.Helper()
	svc, err := app.Start(context.Background(), app.Config{
		Telegram: telegram.Config{Token: r.emu.Token(), APIURL: r.emu.URL(), MenuInterval: interval, HTTPClient: client},
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
	r.start(time.Millisecond, nil)
	r.settleMenus()
	if got := r.calls(); got != menus {
		t.Fatalf("first start: %d setMyCommands calls, want %d", got, menus)
	}
	if got := r.emu.Commands("chat", 9001, ""); len(got) == 0 {
		t.Fatal("first worker has no menu")
	}
	r.stop()

	r.start(time.Millisecond, nil)
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
	r.start(time.Millisecond, nil)
	r.settleMenus()
	if got := r.calls() - menus; got != 2 {
		t.Fatalf("start after one menu changed and one went missing: %d setMyCommands calls, want 2", got)
	}
}

// holdMenus is a transport that holds every setMyCommands call until released.
type holdMenus struct {
	held    chan struct{} // one value per call being held
	release chan struct{}
}

func (h *holdMenus) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/setMyCommands") {
		h.held <- struct{}{}
		<-h.release
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestUpdatesAreHandledBeforeMenusFinish(t *testing.T) {
	r := newMenuRig(t)
	hold := &holdMenus{held: make(chan struct{}, menus), release: make(chan struct{})}
	r.start(time.Millisecond, &http.Client{Transport: hold})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	select {
	case <-hold.held: // the first menu is on its way, and stuck
	case <-ctx.Done():
		t.Fatal("no menu was being set")
	}
	someone := telegramtest.User{ID: 777, FirstName: "Alex"}
	if _, err := r.emu.SendMessage(someone, "/crisis"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.emu.WaitBotMessages(ctx, someone.ID, 1); err != nil {
		t.Fatalf("no answer to /crisis while a menu was being set: %v", err)
	}
	if r.svc.MenusSettled() {
		t.Fatal("menus settled while one was still held")
	}
	close(hold.release)
	r.settleMenus()
	if got := r.calls(); got != menus {
		t.Fatalf("%d setMyCommands calls once released, want %d", got, menus)
	}
}

// slowDown answers the first setMyCommands with Telegram's 429, as a busy Bot API would.
type slowDown struct {
	mu    sync.Mutex
	calls int
}

func (s *slowDown) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/setMyCommands") {
		s.mu.Lock()
		s.calls++
		first := s.calls == 1
		s.mu.Unlock()
		if first {
			body := `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`
			return &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
		}
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestMenuRefusedWith429IsSetAfterTheWait(t *testing.T) {
	r := newMenuRig(t)
	slow := &slowDown{}
	r.start(time.Millisecond, &http.Client{Transport: slow})
	r.settleMenus()
	if got := r.calls(); got != menus {
		t.Fatalf("%d menus reached Telegram, want all %d", got, menus)
	}
	slow.mu.Lock()
	calls := slow.calls
	slow.mu.Unlock()
	if calls != menus+1 {
		t.Errorf("%d setMyCommands calls, want %d (one refused, then tried again)", calls, menus+1)
	}
	if got := r.emu.Commands("all_private_chats", 0, ""); len(got) == 0 {
		t.Error("the menu refused first was never set")
	}
}
