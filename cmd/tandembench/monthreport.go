package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/telegramtest"
)

// purger empties the emulator's chats of what the simulation is done with, through the Bot
// API's deleteMessage, as the bot could: the emulator keeps every message it was sent, and a
// month of them would swamp the service's own memory in the samples. The service never reads
// old messages back, so it sees no difference.
type purger struct {
	emu    *telegramtest.Server
	client *http.Client
}

func newPurger(emu *telegramtest.Server) *purger {
	return &purger{emu: emu, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}}
}

func (p *purger) purge(ctx context.Context, people []*simPerson, workers []*simWorker) error {
	type del struct {
		chat int64
		id   int
	}
	todo := make(chan del, 256)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range todo {
				if err := p.delete(ctx, d.chat, d.id); err != nil {
					mu.Lock()
					firstErr = cmpErr(firstErr, err)
					mu.Unlock()
				}
			}
		}()
	}
	// Every check-in has closed by 06:00, so people's chats can go whole; workers keep the flag
	// messages they have not looked at yet; the staff channel goes whole.
	for _, person := range people {
		for _, m := range p.emu.Messages(person.user.ID) {
			todo <- del{person.user.ID, m.ID}
		}
	}
	for _, w := range workers {
		for _, m := range p.emu.Messages(w.user.ID) {
			if m.ID <= w.lastSeen {
				todo <- del{w.user.ID, m.ID}
			}
		}
	}
	for _, m := range p.emu.Messages(monthStaff) {
		todo <- del{monthStaff, m.ID}
	}
	close(todo)
	wg.Wait()
	return firstErr
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func (p *purger) delete(ctx context.Context, chat int64, id int) error {
	form := url.Values{"chat_id": {strconv.FormatInt(chat, 10)}, "message_id": {strconv.Itoa(id)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.emu.URL()+"/bot"+p.emu.Token()+"/deleteMessage", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := p.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("deleteMessage %d in %d: HTTP %d", id, chat, resp.StatusCode)
	}
	return nil
}

// sample reads memory and the database's size once the emulator has been emptied.
func sampleDay(ctx context.Context, cnt *counter, path string, day int) (memSample, error) {
	s := memSample{Day: day}
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s.Heap = ms.HeapAlloc
	s.Emulator, s.Bench = splitHeap()
	m, err := readMemory(os.Getpid())
	if err != nil {
		return s, err
	}
	s.RSS = m.RSS
	if s.DBBytes, err = dbBytes(path); err != nil {
		return s, err
	}
	if s.Checkins, err = cnt.count(ctx, `SELECT coalesce(max(id), 0) FROM checkins`); err != nil {
		return s, err
	}
	s.Flags, err = cnt.count(ctx, `SELECT coalesce(max(id), 0) FROM flags`)
	return s, err
}

// splitHeap estimates the live heap allocated by the emulator (any stack through package
// telegramtest) and by the bench's own bookkeeping (allocated directly by package main: the
// simulated people, what each check-in's person meant), from the runtime's heap profile scaled
// for sampling as pprof does. They share the process with the service; this is how they are
// told apart.
func splitHeap() (emulator, bench uint64) {
	n, _ := runtime.MemProfile(nil, false)
	var recs []runtime.MemProfileRecord
	for {
		recs = make([]runtime.MemProfileRecord, n+64)
		var ok bool
		if n, ok = runtime.MemProfile(recs, false); ok {
			recs = recs[:n]
			break
		}
	}
	rate := float64(runtime.MemProfileRate)
	var emu, own float64
	for _, rec := range recs {
		bytes, objs := rec.InUseBytes(), rec.InUseObjects()
		if objs <= 0 || bytes <= 0 {
			continue
		}
		avg := float64(bytes) / float64(objs)
		scaled := float64(bytes) / (1 - math.Exp(-avg/rate))
		frames := runtime.CallersFrames(rec.Stack())
		first := true // the first frame outside the runtime: who allocated
		for {
			fr, more := frames.Next()
			if strings.Contains(fr.Function, "/telegramtest.") {
				emu += scaled
				break
			}
			if first && !strings.HasPrefix(fr.Function, "runtime.") && !strings.HasPrefix(fr.Function, "internal/") {
				first = false
				if strings.HasPrefix(fr.Function, "main.") {
					own += scaled
					break
				}
			}
			if !more {
				break
			}
		}
	}
	return uint64(emu), uint64(own)
}

// dbBytes is the database's size on disk: the file and its write-ahead log.
func dbBytes(path string) (int64, error) {
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, err
		}
		total += fi.Size()
	}
	return total, nil
}

func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }

// account reads, from the database and the workers' chats, where every check-in and flag
// ended up.
func (r *monthResult) account(ctx context.Context, cnt *counter, emu *telegramtest.Server) error {
	// Flags raised after the workers last looked reached their chats too.
	for w := int64(workerBase + 1); w <= workerBase+int64((r.cfg.People+perWorker-1)/perWorker); w++ {
		for _, m := range emu.BotMessages(w) {
			if f, ok := flagOf(m); ok {
				r.flagSeen(f.flagID)
			}
		}
	}
	groups := func(query string, args ...any) (map[string]int, error) {
		rows, err := cnt.db.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, rows.Err()
	}
	st, err := groups(`SELECT status, count(*) FROM checkins GROUP BY status`)
	if err != nil {
		return err
	}
	r.Status = map[tandem.CheckinStatus]int{}
	for k, n := range st {
		r.Status[tandem.CheckinStatus(k)] = n
		r.Checkins += n
	}
	r.Open = r.Status[tandem.CheckinOpen]
	if r.Late, err = cnt.count(ctx, `SELECT count(*) FROM checkins WHERE late = 1`); err != nil {
		return err
	}
	fs, err := groups(`SELECT status, count(*) FROM flags GROUP BY status`)
	if err != nil {
		return err
	}
	r.FlagStatus = map[tandem.FlagStatus]int{}
	for k, n := range fs {
		r.FlagStatus[tandem.FlagStatus(k)] = n
		r.FlagsRaised += n
	}
	if r.FlagsUrgent, err = cnt.count(ctx, `SELECT count(*) FROM flags WHERE urgent = 1`); err != nil {
		return err
	}
	if r.Escalated, err = cnt.count(ctx, `SELECT count(DISTINCT flag_id) FROM flag_events WHERE event = 'escalated'`); err != nil {
		return err
	}
	end := r.end.UnixMilli()
	if r.Overdue, err = cnt.count(ctx, `SELECT count(*) FROM flags WHERE status = 'open' AND urgent = 1 AND escalate_at IS NOT NULL AND escalate_at <= ?`, end); err != nil {
		return err
	}
	notEscalated := `status IN ('open', 'snoozed') AND id NOT IN (SELECT flag_id FROM flag_events WHERE event = 'escalated')`
	cut := r.lastWorkEnd.Add(monthStep).UnixMilli()
	if r.LeftInHours, err = cnt.count(ctx, `SELECT count(*) FROM flags WHERE `+notEscalated+` AND raised_at < ?`, cut); err != nil {
		return err
	}
	if r.OpenAfter, err = cnt.count(ctx, `SELECT count(*) FROM flags WHERE `+notEscalated+` AND raised_at >= ?`, cut); err != nil {
		return err
	}
	ids, err := cnt.db.QueryContext(ctx, `SELECT id FROM flags`)
	if err != nil {
		return err
	}
	defer ids.Close()
	for ids.Next() {
		var id int64
		if err := ids.Scan(&id); err != nil {
			return err
		}
		if r.seen[id] {
			r.FlagsSeen++
		}
	}
	if err := ids.Err(); err != nil {
		return err
	}
	if r.Outbox, err = groups(`SELECT status, count(*) FROM outbox GROUP BY status`); err != nil {
		return err
	}
	return r.details(ctx, cnt)
}

// details lists, for the report, the check-ins that ended otherwise than their person meant
// (with their answers) and the outbox rows that failed (with why).
func (r *monthResult) details(ctx context.Context, cnt *counter) error {
	rows, err := cnt.db.QueryContext(ctx, `SELECT c.id, c.status, coalesce(group_concat(a.question_id || '=' || a.value, ' '), '')
		FROM checkins c LEFT JOIN answers a ON a.checkin_id = c.id GROUP BY c.id ORDER BY c.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var status, answers string
		if err := rows.Scan(&id, &status, &answers); err != nil {
			return err
		}
		if p, ok := r.intent[id]; ok && planNames[p] != status && len(r.Mismatches) < 10 {
			r.Mismatches = append(r.Mismatches, fmt.Sprintf("check-in %d: meant %s, %s [%s]", id, planNames[p], status, answers))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	failed, err := cnt.db.QueryContext(ctx, `SELECT id, kind, chat_id, coalesce(last_error, '') FROM outbox WHERE status = 'failed' ORDER BY id LIMIT 10`)
	if err != nil {
		return err
	}
	defer failed.Close()
	for failed.Next() {
		var id, chat int64
		var kind, why string
		if err := failed.Scan(&id, &kind, &chat, &why); err != nil {
			return err
		}
		r.Failures = append(r.Failures, fmt.Sprintf("outbox %d (%s to %d): %s", id, kind, chat, why))
	}
	return failed.Err()
}

// perPersonMonth is the database's growth per person, scaled to 30 days.
func (r *monthResult) perPersonMonth() float64 {
	return float64(r.Final-r.Seeded) / float64(r.cfg.People) * 30 / float64(r.cfg.Days)
}

// serviceHeap is the live heap outside the emulator and the bench's bookkeeping: the service
// and the store's driver.
func (s memSample) serviceHeap() int64 { return int64(s.Heap) - int64(s.Emulator) - int64(s.Bench) }

// heapSlope is the least-squares growth of the service's heap per day over the second half of
// the month (the first days warm caches and pools).
func (r *monthResult) heapSlope() float64 {
	var xs, ys []float64
	for _, s := range r.Samples[len(r.Samples)/2:] {
		xs, ys = append(xs, float64(s.Day)), append(ys, float64(s.serviceHeap()))
	}
	if len(xs) < 2 {
		return 0
	}
	var mx, my float64
	for i := range xs {
		mx, my = mx+xs[i], my+ys[i]
	}
	mx, my = mx/float64(len(xs)), my/float64(len(xs))
	var num, den float64
	for i := range xs {
		num += (xs[i] - mx) * (ys[i] - my)
		den += (xs[i] - mx) * (xs[i] - mx)
	}
	return num / den
}

func (r *monthResult) printDays(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "day\theap\temulator\tbench\tservice heap\tRSS\tdatabase\tcheck-ins\tflags\twall\tCPU\t")
	var prev memSample
	for _, s := range r.Samples {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t\n", s.Day, mb(int64(s.Heap)), mb(int64(s.Emulator)), mb(int64(s.Bench)), mb(s.serviceHeap()), mb(s.RSS), mb(s.DBBytes), s.Checkins, s.Flags,
			(s.Wall - prev.Wall).Round(time.Second), (s.CPU - prev.CPU).Round(time.Second/10))
		prev = s
	}
	tw.Flush()
}

func (r *monthResult) rows() []row {
	n, days := r.cfg.People, r.cfg.Days
	want := n * days
	first, last := r.Samples[0], r.Samples[len(r.Samples)-1]
	var peakSvc int64
	var peakRSS int64
	for _, s := range r.Samples {
		peakSvc, peakRSS = max(peakSvc, s.serviceHeap()), max(peakRSS, s.RSS)
	}
	intended := func(p plan) string {
		return fmt.Sprintf("%d (people meant %d)", r.Status[tandem.CheckinStatus(planNames[p])], r.Intended[p])
	}
	f := r.FlagStatus
	actions := make([]string, 0, len(r.Actions))
	for _, k := range []string{"acknowledged", "will contact", "resolve pressed", "resolved with a note", "snoozed", "urgent left to escalate", "acknowledged as backup"} {
		actions = append(actions, fmt.Sprintf("%s %d", k, r.Actions[k]))
	}
	return []row{
		{"people / workers / days", fmt.Sprintf("%d / %d / %d", n, (n+perWorker-1)/perWorker, days), ""},
		{"wall time", r.Wall.Round(time.Second).String(), ""},
		{"  of which", r.phaseText(), ""},
		{"CPU (user + system) per person a day", r.cpuPerPersonDay(), ""},
		{"service heap, start → last day (peak)", fmt.Sprintf("%s → %s (%s)", mb(first.serviceHeap()), mb(last.serviceHeap()), mb(peakSvc)), "flat"},
		{"service heap growth, second half", fmt.Sprintf("%+.1f KB/day", r.heapSlope()/1024), "≈ 0"},
		{"process RSS, start → last day (peak)", fmt.Sprintf("%s → %s (%s)", mb(first.RSS), mb(last.RSS), mb(peakRSS)), ""},
		{"database: seeded → end", fmt.Sprintf("%s → %s", mb(r.Seeded), mb(r.Final)), ""},
		{"database per person per month", fmt.Sprintf("%.1f KB", r.perPersonMonth()/1024), ""},
		{"check-ins created", fmt.Sprint(r.Checkins), fmt.Sprintf("%d %s", want, met(r.Checkins == want))},
		{"prompts that reached the person", fmt.Sprint(r.Prompts), fmt.Sprintf("%d %s", r.Checkins, met(r.Prompts == r.Checkins))},
		{"  answered", intended(planFull), ""},
		{"  partly answered (expired)", intended(planPartial), ""},
		{"  not now", intended(planNotNow), ""},
		{"  missed (expired)", intended(planNothing), ""},
		{"  still open", fmt.Sprint(r.Open), "0 " + met(r.Open == 0)},
		{"notes typed (worrying)", fmt.Sprintf("%d (%d)", r.Notes, r.Worrying), ""},
		{"flags raised (urgent)", fmt.Sprintf("%d (%d)", r.FlagsRaised, r.FlagsUrgent), ""},
		{"flags whose message reached the worker", fmt.Sprint(r.FlagsSeen), fmt.Sprintf("%d %s", r.FlagsRaised, met(r.FlagsSeen == r.FlagsRaised))},
		{"  acknowledged / contacting / resolved", fmt.Sprintf("%d / %d / %d", f[tandem.FlagAcknowledged], f[tandem.FlagContacting], f[tandem.FlagResolved]), ""},
		{"  escalated to backup and staff channel", fmt.Sprint(r.Escalated), ""},
		{"  open, raised after the last working hours", fmt.Sprint(r.OpenAfter), "told; awaiting working hours"},
		{"  open in working hours, never escalated", fmt.Sprint(r.LeftInHours), "0 " + met(r.LeftInHours == 0)},
		{"  urgent, overdue, not escalated", fmt.Sprint(r.Overdue), "0 " + met(r.Overdue == 0)},
		{"workers' actions", strings.Join(actions, ", "), ""},
		{"outbox rows: sent / pending / failed", fmt.Sprintf("%d / %d / %d", r.Outbox["sent"], r.Outbox["pending"], r.Outbox["failed"]), "pending 0, failed 0 " + met(r.Outbox["pending"] == 0 && r.Outbox["failed"] == 0)},
	}
}

// check fails the run if any prompt or flag is unaccounted for.
func (r *monthResult) check() error {
	var p problems
	if want := r.cfg.People * r.cfg.Days; r.Checkins != want {
		p.add("%d check-ins for %d people over %d days, want %d", r.Checkins, r.cfg.People, r.cfg.Days, want)
	}
	if r.Prompts != r.Checkins {
		p.add("%d prompts reached people for %d check-ins", r.Prompts, r.Checkins)
	}
	if r.Open != 0 {
		p.add("%d check-ins still open", r.Open)
	}
	for pl, name := range planNames {
		if got := r.Status[tandem.CheckinStatus(name)]; got != r.Intended[pl] {
			p.add("%d check-ins %s, but people meant %d", got, name, r.Intended[pl])
		}
	}
	if r.FlagsSeen != r.FlagsRaised {
		p.add("%d of %d flags never reached their worker's chat", r.FlagsRaised-r.FlagsSeen, r.FlagsRaised)
	}
	if r.Overdue != 0 {
		p.add("%d urgent flags past their escalation time and not escalated", r.Overdue)
	}
	if r.LeftInHours != 0 {
		p.add("%d flags left open in working hours without escalation", r.LeftInHours)
	}
	if r.Outbox["pending"] != 0 || r.Outbox["failed"] != 0 {
		p.add("outbox: %d pending, %d failed at the end", r.Outbox["pending"], r.Outbox["failed"])
	}
	for _, d := range append(r.Mismatches, r.Failures...) {
		p.add("%s", d)
	}
	return p.err()
}

// phaseText says where the wall time went, largest first.
func (r *monthResult) phaseText() string {
	names := make([]string, 0, len(r.Phases))
	for k := range r.Phases {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return r.Phases[names[i]] > r.Phases[names[j]] })
	parts := make([]string, 0, len(names)+1)
	for _, k := range names {
		parts = append(parts, fmt.Sprintf("%s %s", k, r.Phases[k].Round(time.Second)))
	}
	return strings.Join(append(parts, fmt.Sprintf("(%d rounds of actions)", r.Rounds)), ", ")
}

// cpuPerPersonDay is the process's CPU time over the simulated days (after the first
// sample, so enrolment is left out) per person a day: what a run costs whatever else shares the
// machine.
func (r *monthResult) cpuPerPersonDay() string {
	first, last := r.Samples[0], r.Samples[len(r.Samples)-1]
	days := last.Day - first.Day
	if days < 1 {
		return "—"
	}
	per := (last.CPU - first.CPU) / time.Duration(days*r.cfg.People)
	return fmt.Sprintf("%.2f ms", float64(per)/float64(time.Millisecond))
}
