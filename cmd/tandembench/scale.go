package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

type scaleConfig struct {
	People, Due int
	Dir, Bin    string
	Progress    io.Writer
}

// memory is a process's resident set now and at its peak, from /proc/<pid>/status.
type memory struct{ RSS, HWM int64 } // bytes

func (m memory) String() string {
	return fmt.Sprintf("%.1f MB (peak %.1f MB)", float64(m.RSS)/(1<<20), float64(m.HWM)/(1<<20))
}

type scaleResult struct {
	cfg      scaleConfig
	Startup  time.Duration // process start to /healthz answering ok
	BotReady time.Duration // process start to the bot's first getUpdates
	// MenusBeforeReady is how many setMyCommands calls came before the first getUpdates.
	MenusBeforeReady int
	AtStartup        memory        // when /healthz first answered
	AtReady          memory        // when the bot first polled
	AfterPass        memory        // once the scheduler's first pass had opened every due check-in
	AfterSent        memory        // once every due prompt was sent
	PassDone         time.Duration // process start to every due check-in opened
	Checkins         int
	Sent             int
	TooMany          int
	DueQuery         time.Duration // one DueSchedules call finding dueProbe entries among People
	DueFound         int
	QueryPlan        string
	ExitErr          error
	ProcessLogs      string
}

// dueProbe is how many entries the timed DueSchedules call finds.
const dueProbe = 50

// dueSQL is store.DueSchedules's query, for EXPLAIN QUERY PLAN; keep the two alike.
const dueSQL = `SELECT id, person_id, set_id, spec, occurs_at, next_due, set_by FROM schedules WHERE next_due <= ? ORDER BY next_due LIMIT ?`

// scale: People enrolled, Due of them due now, the rest spread over the day from ten minutes
// ahead. The real binary is started against the emulator and watched from outside.
func scale(ctx context.Context, cfg scaleConfig) (*scaleResult, error) {
	if cfg.Due < 1 || cfg.Due >= cfg.People {
		return nil, errors.New("scale: -due must be at least 1 and fewer than -n")
	}
	bin := cfg.Bin
	if bin == "" {
		bin = filepath.Join(cfg.Dir, "tandem")
		progress(cfg.Progress, "scale: go build ./cmd/tandem")
		if err := buildTandem(ctx, bin); err != nil {
			return nil, err
		}
	}
	path := filepath.Join(cfg.Dir, "scale.db")
	now := time.Now()
	ahead := now.Add(10 * time.Minute)
	spread := 24 * time.Hour / time.Duration(cfg.People-cfg.Due)
	due := func(i int) time.Time {
		if i < cfg.Due {
			return now.Add(-30 * time.Second)
		}
		return ahead.Add(time.Duration(i-cfg.Due) * spread)
	}
	progress(cfg.Progress, "scale: enrolling %d people (%d due now)", cfg.People, cfg.Due)
	t := time.Now()
	if err := populate(ctx, path, population{People: cfg.People, Due: due}); err != nil {
		return nil, err
	}
	progress(cfg.Progress, "scale: database built in %s", time.Since(t).Round(time.Millisecond))
	emu := telegramtest.New(telegramtest.WithLimits(telegramtest.DefaultLimits()))
	defer emu.Close()
	if err := openChats(ctx, emu, cfg.Due); err != nil {
		return nil, err
	}
	admin, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cnt, err := openCounter(path)
	if err != nil {
		return nil, err
	}
	defer cnt.Close()

	r := &scaleResult{cfg: cfg}
	var logs bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "run")
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"TANDEM_TELEGRAM_TOKEN=" + emu.Token(), "TANDEM_TELEGRAM_API_URL=" + emu.URL(),
		"TANDEM_DATABASE=" + path, "TANDEM_CRISIS_CONTACTS=Crisis team|0800 000 111|24 hours",
		"TANDEM_ADMIN_LISTEN=" + admin, "TANDEM_TIMEZONE=UTC",
	}
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	// The bench's own getUpdates calls (confirming the chats it opened) are not the service's.
	polledBefore := emu.Stats().Requests["getUpdates"]
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() error {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-exited:
			return err
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			return errors.New("tandem did not stop within 15s of SIGINT")
		}
	}
	fail := func(err error) (*scaleResult, error) {
		_ = stop()
		return nil, fmt.Errorf("%w; tandem's log:\n%s", err, tail(logs.String(), 20))
	}
	pid := cmd.Process.Pid
	// Watched from the start, alongside /healthz, so neither wait delays the other's reading.
	polled := make(chan time.Duration, 1)
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go func() {
		for watchCtx.Err() == nil {
			if emu.Stats().Requests["getUpdates"] > polledBefore {
				polled <- time.Since(start)
				return
			}
			time.Sleep(500 * time.Microsecond)
		}
	}()
	client := &http.Client{Timeout: time.Second}
	err = waitFor(ctx, 30*time.Second, 2*time.Millisecond, "/healthz", func() (bool, error) {
		select {
		case err := <-exited:
			return false, fmt.Errorf("tandem exited: %v", err)
		default:
		}
		resp, err := client.Get("http://" + admin + "/healthz")
		if err != nil {
			return false, nil
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK && strings.TrimSpace(string(body)) == "ok", nil
	})
	if err != nil {
		return fail(err)
	}
	r.Startup = time.Since(start)
	if r.AtStartup, err = readMemory(pid); err != nil {
		return fail(err)
	}
	select {
	case r.BotReady = <-polled:
	case <-time.After(30 * time.Second):
		return fail(errors.New("no getUpdates within 30s of start"))
	}
	r.MenusBeforeReady = emu.Stats().Requests["setMyCommands"]
	if r.AtReady, err = readMemory(pid); err != nil {
		return fail(err)
	}
	err = waitFor(ctx, time.Minute, 10*time.Millisecond, "the scheduler's first pass", func() (bool, error) {
		n, err := cnt.count(ctx, `SELECT count(*) FROM checkins`)
		return n >= cfg.Due, err
	})
	if err != nil {
		return fail(err)
	}
	r.PassDone = time.Since(start)
	if r.AfterPass, err = readMemory(pid); err != nil {
		return fail(err)
	}
	progress(cfg.Progress, "scale: started in %s; sending %d prompts at 25/s", r.Startup.Round(time.Millisecond), cfg.Due)
	err = waitFor(ctx, time.Duration(cfg.Due/25*2)*time.Second+time.Minute, 50*time.Millisecond, "the prompts to be sent", func() (bool, error) {
		n, err := cnt.count(ctx, `SELECT count(*) FROM outbox WHERE status = 'sent'`)
		return n >= cfg.Due, err
	})
	if err != nil {
		return fail(err)
	}
	if r.AfterSent, err = readMemory(pid); err != nil {
		return fail(err)
	}
	r.ExitErr = stop()
	r.ProcessLogs = logs.String()
	r.TooMany = emu.Stats().TooManyRequests
	if r.Checkins, err = cnt.count(ctx, `SELECT count(*) FROM checkins`); err != nil {
		return nil, err
	}
	if r.Sent, err = cnt.count(ctx, `SELECT count(*) FROM outbox WHERE status = 'sent'`); err != nil {
		return nil, err
	}

	// The due query on the full database, with dueProbe entries due: the prompts above moved the
	// first Due to tomorrow, so probe just past the first dueProbe of the spread.
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	at := ahead.Add(time.Duration(dueProbe-1) * spread)
	const rounds = 200
	t = time.Now()
	for range rounds {
		found, err := st.DueSchedules(ctx, at, 200)
		if err != nil {
			return nil, err
		}
		r.DueFound = len(found)
	}
	r.DueQuery = time.Since(t) / rounds
	if r.QueryPlan, err = queryPlan(ctx, cnt, at); err != nil {
		return nil, err
	}
	return r, nil
}

// queryPlan is SQLite's plan for the due query, its steps joined with "; ".
func queryPlan(ctx context.Context, c *counter, at time.Time) (string, error) {
	rows, err := c.db.QueryContext(ctx, `EXPLAIN QUERY PLAN `+dueSQL, at.UnixMilli(), 200)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		steps = append(steps, detail)
	}
	return strings.Join(steps, "; "), rows.Err()
}

// buildTandem builds ./cmd/tandem of the module the bench belongs to.
func buildTandem(ctx context.Context, out string) error {
	gomod, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/tandem")
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/tandem: %w\n%s", err, msg)
	}
	return nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// readMemory reads VmRSS and VmHWM from /proc/<pid>/status.
func readMemory(pid int) (memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	defer f.Close()
	var m memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(fields[1], 10, 64)
		switch fields[0] {
		case "VmRSS:":
			m.RSS = kb << 10
		case "VmHWM:":
			m.HWM = kb << 10
		}
	}
	return m, sc.Err()
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

const memTarget = 100 << 20

// readyTarget is how soon the bot must be listening: 100 ms with 100,000 people, 1 s with more.
func (r *scaleResult) readyTarget() time.Duration {
	if r.cfg.People <= 100000 {
		return 100 * time.Millisecond
	}
	return time.Second
}

func (r *scaleResult) peak() int64 {
	return max(r.AtStartup.HWM, r.AtReady.HWM, r.AfterPass.HWM, r.AfterSent.HWM)
}

func (r *scaleResult) rows() []row {
	usesIndex := strings.Contains(r.QueryPlan, "schedules_due")
	return []row{
		{"people enrolled (one schedule each)", fmt.Sprint(r.cfg.People), ""},
		{"workers (each with a chat open, so a menu)", fmt.Sprint((r.cfg.People + perWorker - 1) / perWorker), ""},
		{"process start to /healthz ok", r.Startup.Round(time.Millisecond).String(), ""},
		{"start-up: process start to the bot's first getUpdates", r.BotReady.Round(100 * time.Microsecond).String(), "< " + r.readyTarget().String() + " " + met(r.BotReady < r.readyTarget())},
		{"setMyCommands calls before that", fmt.Sprint(r.MenusBeforeReady), "0 " + met(r.MenusBeforeReady == 0)},
		{"memory at /healthz ok", r.AtStartup.String(), ""},
		{"memory when the bot first polled", r.AtReady.String(), ""},
		{fmt.Sprintf("memory after the pass opening %d check-ins", r.cfg.Due), r.AfterPass.String(), ""},
		{fmt.Sprintf("memory after sending those %d prompts", r.cfg.Due), r.AfterSent.String(), "peak < 100 MB " + met(r.peak() < memTarget)},
		{"process start to the first pass done", r.PassDone.Round(time.Millisecond).String(), ""},
		{"check-ins opened / prompts sent", fmt.Sprintf("%d / %d", r.Checkins, r.Sent), fmt.Sprintf("%d / %d %s", r.cfg.Due, r.cfg.Due, met(r.Checkins == r.cfg.Due && r.Sent == r.cfg.Due))},
		{"429s received", fmt.Sprint(r.TooMany), "0 " + met(r.TooMany == 0)},
		{fmt.Sprintf("DueSchedules finding %d of %d", r.DueFound, r.cfg.People), r.DueQuery.Round(time.Microsecond).String(), "grows with due, not enrolled (see store benchmark)"},
		{"due query plan", r.QueryPlan, "uses schedules_due " + met(usesIndex)},
		{"stopped cleanly on SIGINT", fmt.Sprint(r.ExitErr == nil), "true " + met(r.ExitErr == nil)},
	}
}

// checkTargets reports the speed and memory targets that were missed. They are the benchmark's
// verdict, not the tests': a loaded machine misses a timing target without anything being wrong.
func (r *scaleResult) checkTargets() error {
	var p problems
	if r.BotReady >= r.readyTarget() {
		p.add("first getUpdates %s after start, want < %s", r.BotReady, r.readyTarget())
	}
	if r.peak() >= memTarget {
		p.add("peak memory %.1f MB, want < 100 MB", float64(r.peak())/(1<<20))
	}
	return p.err()
}

// check reports what the run got wrong: prompts not sent, 429s, menus set before serving, the
// due query not using its index, an unclean stop.
func (r *scaleResult) check() error {
	var p problems
	if r.Checkins != r.cfg.Due || r.Sent != r.cfg.Due {
		p.add("%d check-ins opened and %d sent, want %d", r.Checkins, r.Sent, r.cfg.Due)
	}
	if r.TooMany != 0 {
		p.add("%d 429s", r.TooMany)
	}
	if r.MenusBeforeReady != 0 {
		p.add("%d setMyCommands calls before the first getUpdates", r.MenusBeforeReady)
	}
	if r.DueFound != dueProbe {
		p.add("the due query found %d, want %d", r.DueFound, dueProbe)
	}
	if !strings.Contains(r.QueryPlan, "schedules_due") {
		p.add("the due query does not use schedules_due: %s", r.QueryPlan)
	}
	if r.ExitErr != nil {
		p.add("tandem did not stop cleanly: %v\n%s", r.ExitErr, tail(r.ProcessLogs, 20))
	}
	return p.err()
}
