//go:build fault

// Package fault drives the real tandem binary against the Bot API emulator and the real
// filesystem, with faults injected, and reports what people would have noticed. Run it with
// scripts/fault.sh (or go test -tags fault -v ./fault/); it takes several minutes, and the
// disk scenarios need root to mount a small tmpfs.
package fault

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tandem-fault-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "tandem")
	if out, err := exec.Command("go", "build", "-o", binary, "../cmd/tandem").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// envInt reads a size for a scenario from the environment, so the suite can run short or long.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// drill is one run of the binary on one database against one emulator.
type drill struct {
	t     *testing.T
	emu   *telegramtest.Server
	db    string
	admin string
	cmd   *exec.Cmd
	logMu sync.Mutex
	logs  []string
}

func newDrill(t *testing.T, db string, opts ...telegramtest.Option) *drill {
	t.Helper()
	emu := telegramtest.New(opts...)
	t.Cleanup(emu.Close)
	return &drill{t: t, emu: emu, db: db, admin: freeAddr(t)}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func (d *drill) env() []string {
	return append(os.Environ(), "TANDEM_DATABASE="+d.db, "TANDEM_TELEGRAM_TOKEN="+d.emu.Token(),
		"TANDEM_TELEGRAM_API_URL="+d.emu.URL(), "TANDEM_CRISIS_CONTACTS=Crisis team|0800 000 111|24 hours",
		"TANDEM_ADMIN_LISTEN="+d.admin, "TANDEM_LOG_FORMAT=text")
}

// admin runs an administration command of the binary.
func (d *drill) adminCmd(args ...string) string {
	d.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = d.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		d.t.Fatalf("tandem %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// start runs `tandem run`, collecting its log lines.
func (d *drill) start() {
	d.t.Helper()
	cmd := exec.Command(binary, "run")
	cmd.Env = d.env()
	stderr, _ := cmd.StderrPipe()
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			d.logMu.Lock()
			d.logs = append(d.logs, sc.Text())
			d.logMu.Unlock()
		}
	}()
	d.cmd = cmd
	d.t.Cleanup(func() { d.stop(syscall.SIGTERM) })
}

func (d *drill) stop(sig syscall.Signal) {
	if d.cmd == nil {
		return
	}
	d.cmd.Process.Signal(sig)
	d.cmd.Wait()
	d.cmd = nil
}

// logCount counts log lines containing s.
func (d *drill) logCount(s string) int {
	d.logMu.Lock()
	defer d.logMu.Unlock()
	n := 0
	for _, l := range d.logs {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

func (d *drill) get(path string) (int, string) {
	resp, err := http.Get("http://" + d.admin + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitHealthy waits for the admin server to answer.
func (d *drill) waitHealthy() {
	d.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if code, _ := d.get("/healthz"); code == 200 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	d.t.Fatal("tandem never became healthy")
}

// people opens chats with n people, ids from base, without any updates.
func (d *drill) people(base int64, n int) []telegramtest.User {
	var us []telegramtest.User
	for i := range n {
		u := telegramtest.User{ID: base + int64(i), FirstName: fmt.Sprintf("P%d", i), LanguageCode: "en"}
		d.emu.StartChat(u)
		us = append(us, u)
	}
	return us
}

// queuePrompts puts one bulk prompt per person in the outbox, as the scheduler would at 09:00,
// with the binary stopped.
func (d *drill) queuePrompts(us []telegramtest.User, text string) {
	d.t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, d.db)
	if err != nil {
		d.t.Fatal(err)
	}
	defer st.Close()
	for i := 0; i < len(us); i += 500 {
		err := st.Update(ctx, func(tx *store.Tx) error {
			for _, u := range us[i:min(i+500, len(us))] {
				if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: u.ID, Priority: tandem.PriorityBulk,
					Text: fmt.Sprintf("%s for %d", text, u.ID)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			d.t.Fatal(err)
		}
	}
}

// copies counts, per person, the bot messages whose text starts with prefix.
func (d *drill) copies(us []telegramtest.User, prefix string) (lost, duplicates, worst int) {
	for _, u := range us {
		n := 0
		for _, m := range d.emu.BotMessages(u.ID) {
			if strings.HasPrefix(m.Text, prefix) {
				n++
			}
		}
		switch {
		case n == 0:
			lost++
		case n > 1:
			duplicates += n - 1
		}
		worst = max(worst, n)
	}
	return
}

// waitFor polls cond until it holds or the time is up.
func waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return cond()
}

// percentile of durations (p in 0..100).
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

// figure prints one result line in the form RELIABILITY.md quotes.
func figure(t *testing.T, name string, format string, args ...any) {
	t.Logf("FIGURE %s: %s", name, fmt.Sprintf(format, args...))
}
