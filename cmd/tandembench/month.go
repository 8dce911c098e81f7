package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/app"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/outbox"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// month simulates a month of Tandem on a fake clock: people seeded with a daily check-in at a
// spread of times answer some, part, "not now" or nothing; some answers and notes are hard
// enough to raise flags; workers act on most flags in working hours and leave some to
// escalate. Each simulated day the process's memory and the database's size are sampled; at the
// end every check-in and every flag must be accounted for.
type monthConfig struct {
	People, Days int
	Seed         uint64
	Dir          string
	Progress     io.Writer
	// HeapProfile, if set, is where the live heap is written after the last day's sample.
	HeapProfile string
}

// The simulated day: check-ins due from 08:00 to 20:30 in half-hour slots, the clock stepping
// half an hour at a time (each step costs rounds of answers, so finer steps cost wall time,
// not realism: reminders come an hour and expiries five after the prompt, on the grid). The last
// expiry (20:30 + 5 h) is long past by 06:00, when the emulator's chats are emptied and
// memory is sampled.
const (
	monthStep   = 30 * time.Minute
	firstSlot   = 8 * time.Hour
	slots       = 26 // 08:00 to 20:30
	sampleHour  = 6
	monthStaff  = -1001000000077
	monthPerDay = 24 * time.Hour
	// monthLookEvery is how long people wait to look at their chats again after some of them
	// acted: long enough not to spin, short enough to keep the service busy.
	monthLookEvery = 5 * time.Millisecond
	// settleLimit is how long the bench waits for the service to go quiet before it gives up.
	// Generous: on a machine shared with heavy work (load average near 40) a run once took
	// over two minutes to drain one half-hour's backlog.
	settleLimit = 10 * time.Minute
)

// fastMonthLimits lift every limit: per-chat pacing, send_rate and, with Unpaced, Telegram's
// ceiling of 30 messages a second, which the emulator (flood control off here) does not have.
// At 30 a second a month for 10,000 people (~2.4 million messages) would take ~22 hours.
var fastMonthLimits = outbox.Limits{Rate: 1e6, ChatInterval: time.Microsecond, ChatBurst: 1, GroupInterval: time.Microsecond, GroupBurst: 1, Concurrency: 8, Unpaced: true}

// simClock is the store's and the emulator's time: real time plus an offset the simulation
// moves forward, so deadlines inside a step (a button's answer) still run as they would.
type simClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func newSimClock(start time.Time) *simClock { return &simClock{offset: time.Until(start)} }

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset).Round(0)
}

// moveTo sets the clock to t if t is later: time never runs backwards.
func (c *simClock) moveTo(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := time.Until(t); d > c.offset {
		c.offset = d
	}
}

// Plans: what a simulated person does with one check-in.
type plan int

const (
	planFull    plan = iota // answers every question (some only after the reminder)
	planPartial             // answers one to three, then stops: it expires as partial
	planNotNow              // presses "not now" on the first question
	planNothing             // never answers: it expires as missed
)

var planNames = [...]string{"answered", "partial", "not_now", "missed"}

type simPerson struct {
	user telegramtest.User
	// silent people mostly leave check-ins unanswered (so some go three in a row: a silence
	// flag); struggling people have hard days more often.
	silent, struggling bool
	lastSeen           int   // highest bot message id looked at
	checkin            int64 // the check-in being answered
	plan               plan
	stopAfter          int  // partial: questions to answer
	afterReminder      bool // full: waits for the reminder
	promptSeen         bool
	answered           int
	hard               bool
	done               bool
}

type simWorker struct {
	user     telegramtest.User
	id       int64 // row id
	lastSeen int
	queue    []flagSeen
	noteDue  bool // pressed Resolve: the note is typed next
}

type flagSeen struct {
	msgID  int
	flagID int64
	urgent bool
	backup bool              // sent to this worker as the backup of another
	data   map[string]string // action -> callback data
}

type memSample struct {
	Day             int
	Heap, Emulator  uint64 // live heap after GC; the part allocated by the emulator
	Bench           uint64 // the part the bench allocated for its own bookkeeping
	RSS             int64
	DBBytes         int64
	Checkins, Flags int
	Wall            time.Duration // since the run began (the day's own is the difference)
	CPU             time.Duration // the process's user and system time so far: steadier than wall on a shared machine
}

type monthResult struct {
	cfg     monthConfig
	Samples []memSample
	Wall    time.Duration
	// What the simulated people did, from their side.
	Intended [4]int
	Prompts  int // distinct check-ins whose first question reached the person's chat
	Notes    int // notes typed; Worrying of them with words of crisis or concern
	Worrying int
	// From the database.
	Checkins     int
	Status       map[tandem.CheckinStatus]int
	Open         int
	Late         int
	FlagsRaised  int
	FlagsUrgent  int
	FlagStatus   map[tandem.FlagStatus]int
	Escalated    int // flags that went to the backup and the staff channel
	FlagsSeen    int // flags whose message reached their worker's chat
	Overdue      int // urgent, unacknowledged, past their escalation time, not escalated
	LeftInHours  int // open, never escalated, raised before the last working hours ended
	OpenAfter    int // open, raised after the last working hours: told, awaiting the next
	Actions      map[string]int
	Outbox       map[string]int
	SentMessages int
	Seeded       int64 // database bytes after seeding
	Final        int64 // database bytes at the end, checkpointed
	lastWorkEnd  time.Time
	end          time.Time
	seen         map[int64]bool
	intent       map[int64]plan // check-in id -> what its person meant to do
	// Where the wall time went: the passes, waiting for the service to settle, the simulated
	// people and workers, emptying the chats and sampling; and rounds of actions taken.
	Phases map[string]time.Duration
	Rounds int
	// Details of anything unaccounted for, to say what went wrong.
	Mismatches, Failures []string
}

func month(ctx context.Context, cfg monthConfig) (*monthResult, error) {
	if cfg.People < 1 || cfg.Days < 1 {
		return nil, fmt.Errorf("month: need at least one person and one day")
	}
	// Sampled finely enough to tell the emulator's heap from the service's, day by day (every
	// 64 KB allocated: at 16 KB the sampling's stack walks were 4% of a run's CPU).
	runtime.MemProfileRate = 64 << 10
	wall := time.Now()
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(cfg.People)))
	// The month starts at midnight on the Monday after today, so the people (who joined now)
	// joined before it.
	now := time.Now().UTC()
	day0 := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	day0 = day0.AddDate(0, 0, (8-int(day0.Weekday()))%7)
	if !day0.After(now) {
		day0 = day0.AddDate(0, 0, 7)
	}
	slot := func(i int) time.Duration { return firstSlot + time.Duration(i%slots)*monthStep }

	path := filepath.Join(cfg.Dir, "month.db")
	progress(cfg.Progress, "month: enrolling %d people, check-ins daily from 08:00 to 20:30", cfg.People)
	if err := populate(ctx, path, population{People: cfg.People, Due: func(i int) time.Time { return day0.Add(slot(i)) }}); err != nil {
		return nil, err
	}
	r := &monthResult{cfg: cfg, Actions: map[string]int{}, Phases: map[string]time.Duration{}}
	phase := func(name string, since time.Time) { r.Phases[name] += time.Since(since) }
	var err error
	if r.Seeded, err = dbBytes(path); err != nil {
		return nil, err
	}
	clock := newSimClock(day0)
	emu := telegramtest.New(telegramtest.WithLimits(telegramtest.Limits{Disabled: true}), telegramtest.WithClock(clock.Now))
	defer emu.Close()
	emu.AddChannel(monthStaff, "Staff")
	if err := openChats(ctx, emu, cfg.People); err != nil {
		return nil, err
	}
	nWorkers := (cfg.People + perWorker - 1) / perWorker
	workers := make([]*simWorker, nWorkers)
	for w := range workers {
		u := telegramtest.User{ID: workerBase + int64(w+1), FirstName: "W" + strconv.Itoa(w+1)}
		workers[w] = &simWorker{user: u, id: int64(w + 1)}
		if _, err := emu.SendMessage(u, "hello"); err != nil {
			return nil, err
		}
	}
	if err := confirmUpdates(ctx, emu); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	st.SetClock(clock.Now)
	// Each worker's backup is the next; with one worker, escalations go to the staff channel only.
	for w := range workers {
		if b := (w + 1) % nWorkers; b != w {
			if err := st.SetBackup(ctx, workers[w].user.ID, workers[b].user.ID); err != nil {
				return nil, err
			}
		}
	}
	bc := botConfig(st)
	bc.StaffChannelID = monthStaff
	svc, err := app.Start(ctx, app.Config{Telegram: tgConfig(emu, nil), Bot: bc, Limits: fastMonthLimits, ManualScheduler: true})
	if err != nil {
		return nil, err
	}
	defer svc.Stop()
	cnt, err := openCounter(path)
	if err != nil {
		return nil, err
	}
	defer cnt.Close()
	purger := newPurger(emu)

	people := make([]*simPerson, cfg.People)
	for i := range people {
		people[i] = &simPerson{user: personUser(i), silent: rng.Float64() < 0.05, struggling: rng.Float64() < 0.05}
	}
	daily, ok := content.Default().QuestionSet(checkinSetID)
	if !ok {
		return nil, fmt.Errorf("month: no %q question set", checkinSetID)
	}
	hours := bc.WorkingHours

	// settle waits until the service is quiet three looks in a row: one look can fall between
	// an update leaving the emulator and its handling being visible, and the clock must not
	// jump then (a button's answer would come "too late" on the new time).
	settle := func() error {
		defer phase("settle", time.Now())
		quiet := 0
		var left string // what was still outstanding at the last look, to say why if it never settles
		err := waitFor(ctx, settleLimit, 2*time.Millisecond, "the service to settle", func() (bool, error) {
			if n, f := emu.PendingUpdates(), svc.Dispatcher.InFlight(); n > 0 || f > 0 {
				quiet, left = 0, fmt.Sprintf("%d updates not yet fetched, %d sends in flight", n, f)
				return false, nil
			}
			pending, err := cnt.count(ctx, `SELECT count(*) FROM outbox WHERE status = 'pending'`)
			if err != nil || pending > 0 {
				left = fmt.Sprintf("%d outbox rows pending", pending)
				return false, err
			}
			ups, err := st.NextUpdates(ctx, 1)
			if err != nil || len(ups) > 0 {
				quiet, left = 0, "updates recorded but not handled"
				return false, err
			}
			quiet++
			return quiet >= 3, nil
		})
		if err != nil {
			return fmt.Errorf("%w (%s)", err, left)
		}
		return nil
	}
	// pass does what the service's own scheduler would at this time: what is due, the flag and
	// digest duties, and (hourly, as the scheduler does) retention.
	pass := func(t time.Time) error {
		defer phase("passes", time.Now())
		_, digestErr := svc.Bot.Digest(ctx)
		var retentionErr error
		if t.Minute() == 0 {
			retentionErr = svc.Bot.Retention(ctx)
		}
		return errorsJoin(svc.Scheduler.Tick(ctx), svc.Bot.FlagTick(ctx), digestErr, retentionErr)
	}

	end := day0.Add(time.Duration(cfg.Days)*monthPerDay + sampleHour*time.Hour)
	r.end = end
	active := map[int]bool{}
	lastReport := time.Now()
	for t := day0; !t.After(end); t = t.Add(monthStep) {
		clock.moveTo(t)
		if err := pass(t); err != nil {
			return nil, fmt.Errorf("month: pass at %s: %w", t.Format(time.DateTime), err)
		}
		if err := settle(); err != nil {
			return nil, err
		}
		if t.Minute() == 0 && t.Hour()%6 == 0 && time.Since(lastReport) > 20*time.Second {
			lastReport = time.Now()
			progress(cfg.Progress, "month: %s after %s", t.Format("Mon 2 Jan 15:04"), time.Since(wall).Round(time.Second))
		}
		// Who may have something new: due now (the prompt), due an hour ago (the reminder),
		// or part-way through answering.
		if since := t.Sub(t.Truncate(monthPerDay)); t.Before(end.Add(-sampleHour*time.Hour)) || since < firstSlot {
			for _, ago := range []time.Duration{0, time.Hour} {
				k := since - ago - firstSlot
				if k >= 0 && k%monthStep == 0 && int(k/monthStep) < slots {
					for i := int(k / monthStep); i < cfg.People; i += slots {
						active[i] = true
					}
				}
			}
		}
		working := hours.Contains(t)
		// People and workers act as soon as they see something new, without waiting for the
		// service to finish with everyone else: a round barrier (act, wait for quiet, act)
		// left the service idle between rounds. Only when nobody has anything to do does the
		// bench wait for quiet, then looks once more before the clock moves.
		for looked := false; ; {
			acted := 0
			r.Rounds++
			began := time.Now()
			for i := range active {
				did, err := r.personStep(rng, emu, daily, people[i])
				if err != nil {
					return nil, err
				}
				if did {
					acted++
				} else if !people[i].midway() {
					delete(active, i)
				}
			}
			phase("people", began)
			if working {
				began := time.Now()
				for _, w := range workers {
					did, err := r.workerStep(rng, emu, w, t)
					if err != nil {
						return nil, err
					}
					if did {
						acted++
					}
				}
				phase("workers", began)
			}
			if acted > 0 {
				looked = false
				time.Sleep(monthLookEvery) // give the service a moment before looking again
				continue
			}
			if looked {
				break
			}
			if err := settle(); err != nil {
				return nil, err
			}
			looked = true
		}
		if working {
			r.lastWorkEnd = t
		}
		if t.Hour() == sampleHour && t.Minute() == 0 && t.After(day0) {
			day := int(t.Sub(day0) / monthPerDay)
			began := time.Now()
			if err := purger.purge(ctx, people, workers); err != nil {
				return nil, err
			}
			s, err := sampleDay(ctx, cnt, path, day)
			if err != nil {
				return nil, err
			}
			s.Wall, s.CPU = time.Since(wall), processCPU()
			phase("emptying chats, sampling", began)
			r.Samples = append(r.Samples, s)
			if day == cfg.Days && cfg.HeapProfile != "" {
				if err := writeHeapProfile(cfg.HeapProfile); err != nil {
					return nil, err
				}
			}
			if time.Since(lastReport) > 10*time.Second || day == cfg.Days {
				lastReport = time.Now()
				progress(cfg.Progress, "month: day %d of %d after %s: heap %s (emulator %s, bench %s), RSS %s, database %s, %d check-ins, %d flags",
					day, cfg.Days, time.Since(wall).Round(time.Second), mb(int64(s.Heap)), mb(int64(s.Emulator)), mb(int64(s.Bench)), mb(s.RSS), mb(s.DBBytes), s.Checkins, s.Flags)
			}
		}
	}
	if err := r.account(ctx, cnt, emu); err != nil {
		return nil, err
	}
	if err := svc.Stop(); err != nil {
		return nil, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	if r.Final, err = dbBytes(path); err != nil {
		return nil, err
	}
	r.Wall = time.Since(wall)
	return r, nil
}

func errorsJoin(errs ...error) error {
	var msgs []string
	for _, e := range errs {
		if e != nil {
			msgs = append(msgs, e.Error())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(msgs, "; "))
}

// personStep has one simulated person look at their chat and act on the newest question, if
// their plan says so. It reports whether they did anything.
func (r *monthResult) personStep(rng *rand.Rand, emu *telegramtest.Server, daily *content.QuestionSet, p *simPerson) (bool, error) {
	msgs := emu.BotMessages(p.user.ID)
	var q *telegramtest.Message
	for k := range msgs {
		m := &msgs[k]
		if m.ID <= p.lastSeen {
			continue
		}
		p.lastSeen = m.ID
		if id, _, ok := questionOf(*m); ok {
			if id != p.checkin {
				r.newCheckin(rng, p, id)
			}
			q = m
		}
	}
	if q == nil || p.done {
		return false, nil
	}
	_, idx, _ := questionOf(*q)
	press := func(value string) (bool, error) {
		data := fmt.Sprintf("ci:%d:%d:%s", p.checkin, idx, value)
		_, err := emu.PressButton(p.user, p.user.ID, q.ID, data)
		return true, err
	}
	first := !p.promptSeen
	p.promptSeen = true
	switch {
	case p.plan == planNothing:
		return false, nil
	case p.plan == planFull && p.afterReminder && first:
		return false, nil // looks later, when the reminder comes
	case p.plan == planNotNow:
		p.done = true
		return press("~")
	case p.plan == planPartial && p.answered >= p.stopAfter:
		p.done = true
		return false, nil
	}
	p.answered++
	question := daily.Questions[idx]
	if idx == len(daily.Questions)-1 {
		p.done = true // the last question
	}
	if question.Kind == content.AnswerText {
		if rng.Float64() >= 0.3 {
			return press("-")
		}
		r.Notes++
		text := calmNotes[rng.IntN(len(calmNotes))]
		if x := rng.Float64(); x < 0.02 {
			text, r.Worrying = worrying, r.Worrying+1
		} else if x < 0.06 {
			text, r.Worrying = concerning[rng.IntN(len(concerning))], r.Worrying+1
		}
		_, err := emu.SendMessage(p.user, text)
		return true, err
	}
	return press(answerFor(rng, p, question.ID))
}

// midway says whether the person means to answer more of the check-in in front of them, so
// they keep looking at their chat until they have.
func (p *simPerson) midway() bool {
	return !p.done && p.checkin != 0 && (p.plan == planFull || p.plan == planPartial)
}

var calmNotes = []string{"Had a walk in the park today.", "Saw my sister, it was nice.", "Tired but ok.",
	"Took my meds on time all week.", "Looking forward to group on Thursday.", "Not much to say today."}

// concerning are notes the screen should take for concern: a flag at normal priority.
var concerning = []string{"I'm not coping at all this week", "honestly I'm struggling so badly today"}

// newCheckin chooses what the person will do with a check-in they just received.
func (r *monthResult) newCheckin(rng *rand.Rand, p *simPerson, id int64) {
	p.checkin, p.answered, p.done, p.promptSeen = id, 0, false, false
	r.Prompts++
	x := rng.Float64()
	if p.silent {
		x = 0.25 + 0.75*x // three in four say nothing
	}
	switch {
	case x < 0.60:
		p.plan, p.afterReminder = planFull, rng.Float64() < 0.2
	case x < 0.75:
		p.plan, p.stopAfter = planPartial, 1+rng.IntN(3)
	case x < 0.85:
		p.plan = planNotNow
	default:
		p.plan = planNothing
	}
	hardShare := 0.04
	if p.struggling {
		hardShare = 0.25
	}
	p.hard = rng.Float64() < hardShare
	r.Intended[p.plan]++
	if r.intent == nil {
		r.intent = map[int64]plan{}
	}
	r.intent[id] = p.plan
}

// answerFor picks a value for a question: mostly ordinary days, some hard ones.
func answerFor(rng *rand.Rand, p *simPerson, q string) string {
	pick := func(weights ...int) string {
		total := 0
		for _, w := range weights {
			total += w
		}
		x := rng.IntN(total)
		for i, w := range weights {
			if x < w {
				return strconv.Itoa(i + 1)
			}
			x -= w
		}
		return "3"
	}
	if p.hard {
		switch q {
		case "mood":
			return pick(60, 40, 0, 0, 0)
		case "sleep":
			return pick(40, 40, 20, 0, 0)
		case "stress":
			return pick(0, 0, 0, 50, 50)
		case "voices":
			return []string{"little", "lot", "lot"}[rng.IntN(3)]
		case "voices_upset":
			return pick(0, 0, 20, 30, 50)
		}
	}
	switch q {
	case "mood":
		return pick(0, 15, 35, 35, 15)
	case "sleep":
		return pick(0, 20, 30, 35, 15)
	case "stress":
		return pick(25, 35, 30, 10, 0)
	case "voices":
		x := rng.Float64()
		switch {
		case x < 0.85:
			return "none"
		case x < 0.97:
			return "little"
		}
		return "lot"
	case "voices_upset":
		return pick(30, 40, 30, 0, 0)
	}
	return "3"
}

// questionOf reads a check-in question's buttons: "ci:<check-in>:<question index>:<value>".
func questionOf(m telegramtest.Message) (int64, int, bool) {
	for _, row := range m.Buttons {
		for _, b := range row {
			if !strings.HasPrefix(b.CallbackData, "ci:") {
				continue
			}
			parts := strings.Split(b.CallbackData, ":")
			if len(parts) != 4 {
				continue
			}
			id, err1 := strconv.ParseInt(parts[1], 10, 64)
			idx, err2 := strconv.Atoi(parts[2])
			if err1 == nil && err2 == nil {
				return id, idx, true
			}
		}
	}
	return 0, 0, false
}

// flagOf reads a flag message's buttons: "fl:<flag>:<action>".
func flagOf(m telegramtest.Message) (flagSeen, bool) {
	f := flagSeen{msgID: m.ID, urgent: strings.HasPrefix(m.Text, "⚠️"), backup: strings.Contains(m.Text, "as backup"), data: map[string]string{}}
	for _, row := range m.Buttons {
		for _, b := range row {
			if rest, ok := strings.CutPrefix(b.CallbackData, "fl:"); ok {
				idText, action, _ := strings.Cut(rest, ":")
				id, err := strconv.ParseInt(idText, 10, 64)
				if err != nil {
					continue
				}
				f.flagID, f.data[action] = id, b.CallbackData
			}
		}
	}
	return f, f.flagID != 0
}

// workerStep has one simulated worker, in working hours, take one step: type a resolving note
// they owe, or act on the next flag message in their chat. Urgent flags are acknowledged (or
// "I'll contact them") nine times in ten and left the tenth, to escalate; a flag escalated to
// them as backup is always acknowledged; others are acknowledged, taken on, resolved with a
// note, or (before 14:00) snoozed and seen again two hours later.
func (r *monthResult) workerStep(rng *rand.Rand, emu *telegramtest.Server, w *simWorker, now time.Time) (bool, error) {
	if w.noteDue {
		w.noteDue = false
		r.Actions["resolved with a note"]++
		_, err := emu.SendMessage(w.user, "Spoke with them; they are OK and we meet on Friday.")
		return true, err
	}
	for _, m := range emu.BotMessages(w.user.ID) {
		if m.ID <= w.lastSeen {
			continue
		}
		w.lastSeen = m.ID
		if f, ok := flagOf(m); ok {
			r.flagSeen(f.flagID)
			if f.data["ack"] != "" {
				w.queue = append(w.queue, f)
			}
		}
	}
	if len(w.queue) == 0 {
		return false, nil
	}
	f := w.queue[0]
	w.queue = w.queue[1:]
	backup := f.backup
	x := rng.Float64()
	action := "ack"
	switch {
	case backup:
	case f.urgent && x < 0.10:
		r.Actions["urgent left to escalate"]++
		return true, nil
	case f.urgent && x < 0.25:
		action = "contact"
	case f.urgent:
	case x < 0.10 && now.Hour() < 14:
		action = "snooze"
	case x < 0.20:
		action = "resolve"
	case x < 0.35:
		action = "contact"
	}
	data := f.data[action]
	if data == "" {
		action, data = "ack", f.data["ack"]
	}
	if backup {
		r.Actions["acknowledged as backup"]++
	} else {
		r.Actions[map[string]string{"ack": "acknowledged", "contact": "will contact", "snooze": "snoozed", "resolve": "resolve pressed"}[action]]++
	}
	w.noteDue = action == "resolve"
	_, err := emu.PressButton(w.user, w.user.ID, f.msgID, data)
	return true, err
}

// flagSeen notes that a flag's message reached a worker's chat.
func (r *monthResult) flagSeen(id int64) {
	if r.seen == nil {
		r.seen = map[int64]bool{}
	}
	r.seen[id] = true
}

// writeHeapProfile writes the live heap (as of the last collection) to path, for pprof.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
