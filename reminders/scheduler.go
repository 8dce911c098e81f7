package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
)

// Prompter is what the scheduler asks of the conversation side, which owns the wording. Each call
// runs inside the scheduler's transaction: what it queues is sent if and only if the step commits.
type Prompter interface {
	// Prompt sends check-in c, already recorded as open, to p.
	Prompt(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) error
	// Remind sends c's one reminder.
	Remind(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) error
	// Expired is told that c closed without being finished (status missed or partial).
	Expired(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) error
	// Resumed is told that p's pause ended by itself.
	Resumed(ctx context.Context, tx *store.Tx, p tandem.Person) error
	// Lesson sends p their next lesson, on the schedule they chose for lessons.
	Lesson(ctx context.Context, tx *store.Tx, p tandem.Person) error
}

// LessonSet is the schedule set id for lessons: due like check-ins, but no check-in is made, and
// a missed one is simply not sent (a lesson is an offer, not something to be counted).
const LessonSet = "lesson"

// Timing is how long a check-in waits: a reminder after RemindAfter, then it expires
// ExpireAfter later. A prompt still inside that window after downtime is sent late; one past it
// is recorded as missed.
type Timing struct {
	RemindAfter time.Duration
	ExpireAfter time.Duration
}

// DefaultTiming is one hour to a reminder, then four more to expiry.
func DefaultTiming() Timing { return Timing{RemindAfter: time.Hour, ExpireAfter: 4 * time.Hour} }

// Window is how long after its due time a check-in can still be sent or answered on time.
func (t Timing) Window() time.Duration { return t.RemindAfter + t.ExpireAfter }

// Duties is the rest of what comes due, which the conversation side words: urgent flags to
// escalate, snoozes ending and agendas (FlagTick), the staff digest, and, less often, deleting
// the data of people who left long enough ago. Each asks the database what is due, so running
// one late or twice does no harm.
type Duties interface {
	FlagTick(ctx context.Context) error
	Digest(ctx context.Context) (sent bool, err error)
	Retention(ctx context.Context) error
}

// Nudge wakes a Scheduler: whoever changes a schedule calls Wake, and the Scheduler made with
// the same Nudge looks again at once. The wiring makes it first, so that neither side has to be
// handed the other after it is built.
type Nudge chan struct{}

// NewNudge makes a Nudge.
func NewNudge() Nudge { return make(Nudge, 1) }

// Wake never blocks: one wake-up pending is as good as many.
func (n Nudge) Wake() {
	select {
	case n <- struct{}{}:
	default:
	}
}

// Scheduler is the one loop for everything that comes due: it turns due times in the database
// into check-ins, reminders and expiries, ends pauses, sends scheduled lessons, and runs the
// Duties. Due times live in the database, so a restart forgets nothing and downtime is caught
// up on the next pass.
type Scheduler struct {
	Planner
	store    *store.Store
	prompter Prompter
	duties   Duties
	log      *slog.Logger
	wake     Nudge
	onCommit func()

	prompts, missed, reminded, expired *metrics.CounterVec
}

// batch bounds one transaction: large enough that a 09:00 fan-out to thousands is quick, small
// enough that the writer is never held for long.
const batch = 200

// NewScheduler makes the loop. wake is how others make it look again (nil for none of its own);
// onCommit (the dispatcher's Wake) runs after each step that queued messages.
func NewScheduler(st *store.Store, p Prompter, d Duties, plan Planner, wake Nudge, log *slog.Logger, reg *metrics.Registry, onCommit func()) *Scheduler {
	if reg == nil {
		reg = metrics.NewRegistry()
	}
	if onCommit == nil {
		onCommit = func() {}
	}
	if wake == nil {
		wake = NewNudge()
	}
	return &Scheduler{
		Planner: plan, store: st, prompter: p, duties: d, log: log, onCommit: onCommit,
		wake:     wake,
		prompts:  reg.Counter("tandem_checkins_sent_total", "Check-ins sent, by whether they went late (after downtime or quiet hours).", "late"),
		missed:   reg.Counter("tandem_checkins_missed_total", "Check-ins recorded as missed, by cause.", "cause"),
		reminded: reg.Counter("tandem_checkin_reminders_total", "Reminders sent for unanswered check-ins."),
		expired:  reg.Counter("tandem_checkins_expired_total", "Check-ins that closed unfinished, by status.", "status"),
	}
}

// Wake makes the scheduler look again now (after a schedule changed, say).
func (s *Scheduler) Wake() { s.wake.Wake() }

// maxSleep bounds a sleep, so a changed clock or a missed wake-up costs at most this.
const maxSleep = time.Minute

// dutiesEvery is how often the Duties run; retentionEvery how often retention does.
const (
	dutiesEvery    = 15 * time.Second
	retentionEvery = time.Hour
)

// Run acts on whatever is due until ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	var lastDuties, lastRetention time.Time
	for {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("scheduler: a pass failed; will try again", "err", err)
		}
		if s.duties != nil && time.Since(lastDuties) >= dutiesEvery {
			lastDuties = time.Now()
			s.runDuties(ctx, &lastRetention)
		}
		sleep := maxSleep
		if next, err := s.store.NextWake(ctx); err == nil && !next.IsZero() {
			sleep = min(max(next.Sub(s.store.Now()), 10*time.Millisecond), maxSleep)
		}
		if s.duties != nil {
			sleep = max(min(sleep, dutiesEvery-time.Since(lastDuties)), 0)
		}
		t := time.NewTimer(sleep)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// runDuties runs the Duties once, and retention if it has not run for retentionEvery.
func (s *Scheduler) runDuties(ctx context.Context, lastRetention *time.Time) {
	if err := s.duties.FlagTick(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("bot: flag pass failed; will try again", "err", err)
	}
	if _, err := s.duties.Digest(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("bot: staff digest failed; will try again", "err", err)
	}
	if time.Since(*lastRetention) >= retentionEvery {
		*lastRetention = time.Now()
		if err := s.duties.Retention(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("bot: retention pass failed; will try again", "err", err)
		}
	}
}

// Tick does everything due at the store's current time: pauses ending, check-ins due,
// reminders and expiries. Tests call it with a moved clock.
func (s *Scheduler) Tick(ctx context.Context) error {
	return errors.Join(s.endPauses(ctx), s.dueSchedules(ctx), s.dueReminders(ctx), s.dueExpiries(ctx))
}

func (s *Scheduler) endPauses(ctx context.Context) error {
	people, err := s.store.PausesEnding(ctx, s.store.Now(), batch)
	if err != nil || len(people) == 0 {
		return err
	}
	return s.store.Update(ctx, func(tx *store.Tx) error {
		for _, p := range people {
			if err := tx.SetPause(ctx, p.ID, false, time.Time{}); err != nil {
				return err
			}
			p.State = tandem.StateActive
			if err := s.prompter.Resumed(ctx, tx, p); err != nil {
				return err
			}
		}
		tx.AfterCommit(s.onCommit)
		return nil
	})
}

func (s *Scheduler) dueSchedules(ctx context.Context) error {
	for {
		now := s.store.Now()
		due, err := s.store.DueSchedules(ctx, now, batch)
		if err != nil || len(due) == 0 {
			return err
		}
		err = s.store.Update(ctx, func(tx *store.Tx) error {
			for _, e := range due {
				if err := s.runSchedule(ctx, tx, e); err != nil {
					return fmt.Errorf("scheduler: schedule %d: %w", e.ID, err)
				}
			}
			tx.AfterCommit(s.onCommit)
			return nil
		})
		if err != nil {
			return err
		}
		if len(due) < batch {
			return nil
		}
	}
}

// maxCatchUp bounds how many missed occurrences one schedule records after long downtime.
const maxCatchUp = 14

// runSchedule acts on one due schedule entry: records occurrences whose window passed as missed,
// sends the one still open (late if need be), and moves the entry to its next occurrence.
func (s *Scheduler) runSchedule(ctx context.Context, tx *store.Tx, e tandem.ScheduleEntry) error {
	now := tx.Now()
	p, err := tx.PersonByID(ctx, e.PersonID)
	if err != nil {
		return err
	}
	loc := s.Location(p)
	sched, err := schedule.ParseSchedule(e.Spec, loc)
	if err != nil {
		// A bad spec must not spin: look again tomorrow and say so loudly.
		s.log.Error("scheduler: unreadable schedule; skipping a day", "schedule_id", e.ID, "spec", e.Spec, "err", err)
		_, err := tx.AdvanceSchedule(ctx, e, e.OccursAt.Add(24*time.Hour), now.Add(24*time.Hour))
		return err
	}
	occ := e.OccursAt
	for i := 0; !now.Before(occ.Add(s.timing.Window())); i++ {
		if p.State == tandem.StateActive && i < maxCatchUp && e.SetID != LessonSet {
			// Downtime: the moment passed. Record it, never flood the person with stale prompts.
			if _, err := tx.CreateCheckin(ctx, tandem.Checkin{PersonID: p.ID, SetID: e.SetID, ScheduleID: e.ID, DueAt: occ,
				Status: tandem.CheckinMissed, ExpiresAt: occ.Add(s.timing.Window()), ClosedAt: now, Reminded: true}); err != nil {
				return err
			}
			s.missed.With("downtime").Inc()
		}
		occ = sched.Next(occ)
	}
	if !occ.After(now) {
		quiet := schedule.Quiet(p)
		if p.State == tandem.StateActive && quiet.Contains(now, loc) {
			// Quiet hours: keep this occurrence and come back when they end, if still in time.
			if until := quiet.Until(now, loc); until.Before(occ.Add(s.timing.Window())) {
				_, err := tx.AdvanceSchedule(ctx, e, occ, until)
				return err
			}
			s.missed.With("quiet_hours").Inc()
		} else if p.State == tandem.StateActive && e.SetID == LessonSet {
			if err := s.prompter.Lesson(ctx, tx, p); err != nil {
				return err
			}
		} else if p.State == tandem.StateActive {
			if err := s.send(ctx, tx, p, e, occ, now); err != nil {
				return err
			}
		}
		occ = sched.Next(occ)
	}
	_, err = tx.AdvanceSchedule(ctx, e, occ, s.adjust(occ, p, loc))
	return err
}

func (s *Scheduler) send(ctx context.Context, tx *store.Tx, p tandem.Person, e tandem.ScheduleEntry, occ, now time.Time) error {
	// A new check-in of the same set replaces one still open: people answer the one in front of them.
	open, err := tx.OpenCheckins(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, c := range open {
		if c.SetID == e.SetID {
			if err := s.close(ctx, tx, p, c); err != nil {
				return err
			}
		}
	}
	c := s.NewCheckin(p, e.SetID, e.ID, occ, now)
	if c, err = tx.CreateCheckin(ctx, c); err != nil {
		return err
	}
	late := "no"
	if now.Sub(occ) > time.Minute {
		late = "yes"
	}
	s.prompts.With(late).Inc()
	return s.prompter.Prompt(ctx, tx, p, c)
}

func (s *Scheduler) dueReminders(ctx context.Context) error {
	due, err := s.store.DueReminders(ctx, s.store.Now(), batch)
	if err != nil || len(due) == 0 {
		return err
	}
	return s.store.Update(ctx, func(tx *store.Tx) error {
		now := tx.Now()
		for _, c := range due {
			p, err := tx.PersonByID(ctx, c.PersonID)
			if err != nil {
				return err
			}
			loc := s.Location(p)
			switch quiet := schedule.Quiet(p); {
			case p.State != tandem.StateActive:
				c.Reminded = true // paused or gone: no nudges
			case quiet.Contains(now, loc):
				if until := quiet.Until(now, loc); until.Before(c.ExpiresAt) {
					c.RemindAt = until
				} else {
					c.Reminded = true
				}
			default:
				if err := s.prompter.Remind(ctx, tx, p, c); err != nil {
					return err
				}
				c.Reminded = true
				s.reminded.With().Inc()
			}
			if err := tx.UpdateCheckin(ctx, c); err != nil {
				return err
			}
		}
		tx.AfterCommit(s.onCommit)
		return nil
	})
}

func (s *Scheduler) dueExpiries(ctx context.Context) error {
	due, err := s.store.DueExpiries(ctx, s.store.Now(), batch)
	if err != nil || len(due) == 0 {
		return err
	}
	return s.store.Update(ctx, func(tx *store.Tx) error {
		for _, c := range due {
			p, err := tx.PersonByID(ctx, c.PersonID)
			if err != nil {
				return err
			}
			if err := s.close(ctx, tx, p, c); err != nil {
				return err
			}
		}
		tx.AfterCommit(s.onCommit)
		return nil
	})
}

// close ends an unfinished check-in: partial if anything was answered, missed if not.
func (s *Scheduler) close(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) error {
	answers, err := tx.Answers(ctx, c.ID)
	if err != nil {
		return err
	}
	c.Status, c.ClosedAt, c.Reminded = tandem.CheckinMissed, tx.Now(), true
	if len(answers) > 0 {
		c.Status = tandem.CheckinPartial
	}
	if err := tx.UpdateCheckin(ctx, c); err != nil {
		return err
	}
	s.expired.With(string(c.Status)).Inc()
	return s.prompter.Expired(ctx, tx, p, c)
}
