package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver store uses; the bench writes and counts directly

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/app"
	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/outbox"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegram"
	"github.com/tandemcare/tandem/telegramtest"
)

// Ids of the bench's cast: people's Telegram ids start at personBase, workers' at workerBase.
const (
	personBase   = 10_000_000
	workerBase   = 1_000
	perWorker    = 25 // a caseload
	checkinSetID = "daily"
)

func personUser(i int) telegramtest.User {
	return telegramtest.User{ID: personBase + int64(i), FirstName: "P" + strconv.Itoa(i), LanguageCode: "en"}
}

// population is what populate writes: n people in caseloads of perWorker, each with one
// schedule of the daily check-in. due(i) gives person i's next due time.
type population struct {
	People int
	Due    func(i int) time.Time
}

// populate creates the database at path and fills it through store.Seed, bypassing the bot:
// enrolling 100,000 people through the conversation would take hours and is not what is
// measured. Closing the store checkpoints the WAL, so the run starts from a compact file.
func populate(ctx context.Context, path string, pop population) error {
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	err = st.Seed(ctx, store.Population{
		People: pop.People, PersonBase: personBase, PerWorker: perWorker, WorkerBase: workerBase,
		WorkersChatOpen: true, SetID: checkinSetID, Due: pop.Due, At: time.Now(),
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

// openChats has people 0..n-1 write to the bot, as Telegram requires before a bot may write to
// them, and then confirms those updates as an earlier run of the bot would have: the bot under
// test starts with nothing to read.
func openChats(ctx context.Context, emu *telegramtest.Server, n int) error {
	for i := 0; i < n; i++ {
		if _, err := emu.SendMessage(personUser(i), "hello"); err != nil {
			return err
		}
	}
	return confirmUpdates(ctx, emu)
}

// confirmUpdates empties the emulator's update queue with plain getUpdates calls.
func confirmUpdates(ctx context.Context, emu *telegramtest.Server) error {
	call := func(offset int64) (int64, error) {
		form := url.Values{"offset": {strconv.FormatInt(offset, 10)}, "limit": {"1"}, "timeout": {"0"}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, emu.URL()+"/bot"+emu.Token()+"/getUpdates", nil)
		if err != nil {
			return 0, err
		}
		req.URL.RawQuery = form.Encode()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		var body struct {
			OK     bool `json:"ok"`
			Result []struct {
				UpdateID int64 `json:"update_id"`
			} `json:"result"`
			Description string `json:"description"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return 0, err
		}
		if !body.OK {
			return 0, fmt.Errorf("getUpdates: %s", body.Description)
		}
		if len(body.Result) == 0 {
			return 0, nil
		}
		return body.Result[len(body.Result)-1].UpdateID, nil
	}
	// A negative offset keeps only the last update; confirming it confirms everything.
	last, err := call(-1)
	if err != nil || last == 0 {
		return err
	}
	if _, err := call(last + 1); err != nil {
		return err
	}
	if n := emu.PendingUpdates(); n != 0 {
		return fmt.Errorf("%d updates still pending after confirming", n)
	}
	return nil
}

var benchCrisis = []tandem.CrisisContact{{Name: "Crisis team", Contact: "0800 000 111", When: "24 hours"}}

// tgConfig is how a bench run reaches emu, through client (nil for the default).
func tgConfig(emu *telegramtest.Server, client *http.Client) telegram.Config {
	return telegram.Config{Token: emu.Token(), APIURL: emu.URL(), HTTPClient: client}
}

// botConfig is the bot's configuration for a bench run.
func botConfig(st *store.Store) bot.Config {
	hours, err := tandem.ParseWorkingHours("Mon-Fri 09:00-17:00", time.UTC)
	if err != nil {
		panic(err)
	}
	return bot.Config{
		Store: st, Pack: content.Default(),
		CrisisContacts: benchCrisis, WorkingHours: hours, ServiceName: "Bench CMHT",
		Location: time.UTC, InviteTTL: 14 * 24 * time.Hour,
		Log:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		Metrics: metrics.NewRegistry(),
	}
}

// counter reads counts from the database on a connection of its own, as an operator would.
type counter struct{ db *sql.DB }

func openCounter(path string) (*counter, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return &counter{db: db}, nil
}

func (c *counter) Close() error { return c.db.Close() }

// count runs a SELECT count(*) ... query.
func (c *counter) count(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := c.db.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// waitFor polls cond every interval until it is true, it fails, or timeout passes.
func waitFor(ctx context.Context, timeout, interval time.Duration, what string, cond func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if err != nil {
			return fmt.Errorf("waiting for %s: %w", what, err)
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("waiting for %s: gave up after %s", what, timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}

func progress(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, "# "+format+"\n", args...)
	}
}

// nineRun is the 09:00 scene the fan-out and urgent benchmarks share: n people all due at 09:00
// on a Monday, an emulator enforcing Telegram's limits, and the service started with the store's
// clock reading 09:00 and running in real time from then.
type nineRun struct {
	emu   *telegramtest.Server
	st    *store.Store
	svc   *app.Service
	start time.Time
}

// monday9 is when the benchmarks' prompts are due: a Monday, in working hours.
var monday9 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// startAtNine builds the scene in dir/<name>.db. With workers, each worker has also written to the
// bot, so flags can reach them.
// With idle, nobody is due until the evening: the service starts with nothing to send.
// client, when not nil, is the bot's HTTP client (to inject faults).
func startAtNine(ctx context.Context, name, dir string, people int, limits outbox.Limits, client *http.Client, workers, idle bool, out io.Writer) (*nineRun, error) {
	path := filepath.Join(dir, name+".db")
	due := monday9
	if idle {
		due = monday9.Add(10 * time.Hour)
	}
	progress(out, "%s: enrolling %d people due at %s", name, people, due.Format("15:04"))
	if err := populate(ctx, path, population{People: people, Due: func(int) time.Time { return due }}); err != nil {
		return nil, err
	}
	r := &nineRun{emu: telegramtest.New(telegramtest.WithLimits(telegramtest.DefaultLimits()))}
	fail := func(err error) (*nineRun, error) { r.Close(); return nil, err }
	if err := openChats(ctx, r.emu, people); err != nil {
		return fail(err)
	}
	if workers {
		// Workers must have written to the bot before it can write to them.
		for w := 1; w <= (people+perWorker-1)/perWorker; w++ {
			if _, err := r.emu.SendMessage(telegramtest.User{ID: workerBase + int64(w), FirstName: "W"}, "hello"); err != nil {
				return fail(err)
			}
		}
		if err := confirmUpdates(ctx, r.emu); err != nil {
			return fail(err)
		}
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return fail(err)
	}
	r.st = st
	r.start = time.Now()
	st.SetClock(func() time.Time { return monday9.Add(time.Since(r.start)) })
	if r.svc, err = app.Start(ctx, app.Config{Telegram: tgConfig(r.emu, client), Bot: botConfig(st), Limits: limits}); err != nil {
		return fail(err)
	}
	return r, nil
}

// Close stops the service and closes the store and the emulator.
func (r *nineRun) Close() {
	if r.svc != nil {
		r.svc.Stop()
	}
	if r.st != nil {
		r.st.Close()
	}
	r.emu.Close()
}

// processCPU is the CPU time (user + system) this process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startCPUProfile writes a CPU profile to path until the returned function is called.
func startCPUProfile(path string) (func() error, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() error { pprof.StopCPUProfile(); return f.Close() }, nil
}

// dropReplies is an HTTP transport that lets every request reach the emulator but, for a share
// of sendMessage calls, loses the answer, as a connection dropped after Telegram accepted the
// message would: the bot sees a transport error for a message that was delivered.
type dropReplies struct {
	share   float64
	mu      sync.Mutex
	rng     *rand.Rand
	dropped int
}

func (d *dropReplies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || !strings.HasSuffix(req.URL.Path, "/sendMessage") {
		return resp, err
	}
	d.mu.Lock()
	drop := d.rng.Float64() < d.share
	if drop {
		d.dropped++
	}
	d.mu.Unlock()
	if !drop {
		return resp, nil
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return nil, io.ErrUnexpectedEOF
}

func (d *dropReplies) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dropped
}
