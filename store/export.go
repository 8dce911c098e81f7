package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
)

// ExportFilter chooses what `tandem export` reads: one person or everyone, and a time range.
// From is inclusive and To exclusive, so consecutive ranges (a month, then the next) never
// export the same row twice.
type ExportFilter struct {
	PersonID int64     // 0 means everyone
	From, To time.Time // zero means open at that end
}

// where returns the SQL condition for the filter on a person column and a time column, and its
// arguments. The column names are ours, never the caller's.
func (f ExportFilter) where(personCol, timeCol string) (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	if f.PersonID != 0 {
		conds = append(conds, personCol+" = ?")
		args = append(args, f.PersonID)
	}
	if !f.From.IsZero() {
		conds = append(conds, timeCol+" >= ?")
		args = append(args, millis(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, timeCol+" < ?")
		args = append(args, millis(f.To))
	}
	return strings.Join(conds, " AND "), args
}

// ExportPerson is who an exported row is about, as a records system needs to file it: the
// pseudonym (stable, and all the staff channel ever sees), the name the worker knows them by,
// and the name of their worker.
type ExportPerson struct {
	ID        int64
	Pseudonym string
	Name      string
	Worker    string
}

// ExportAnswer is one stored answer, with the text of the sign or goal a personal question
// ("sign_12", "goal_3") asked about: those questions are built per person and are not in the
// content pack, so without it an export could not say what was asked.
type ExportAnswer struct {
	tandem.Answer
	Subject string // the sign's or goal's text for a personal question; "" otherwise
}

// ExportCheckin is one check-in with who it was for and every answer given, in the order given.
type ExportCheckin struct {
	tandem.Checkin
	Person  ExportPerson
	Answers []ExportAnswer
}

// ExportFlag is one flag with its whole history, oldest step first.
type ExportFlag struct {
	tandem.Flag
	Person ExportPerson
	// Worker is the name of the worker the flag went to, which may not be the person's worker
	// today (people move between workers; their flags keep who was told).
	Worker string
	Events []tandem.FlagEvent
}

// ExportValue is something that matters to a person.
type ExportValue struct {
	ID      int64
	Text    string
	AddedAt time.Time
}

// ExportGoal is a person's goal, or (with a ParentID) a small step towards one.
type ExportGoal struct {
	ID       int64
	ParentID int64
	Text     string
	AddedAt  time.Time
	DoneAt   time.Time
}

// ExportGoals is one person's values and goals, each goal followed by its steps.
type ExportGoals struct {
	Person ExportPerson
	Values []ExportValue
	Goals  []ExportGoal
}

// exportPersonCols reads an ExportPerson from people p joined to workers w.
const exportPersonCols = `p.id, p.pseudonym, p.name, w.name`

// ExportCheckins lists the check-ins due in the filter's range, by person then due time, each
// with its answers. Two queries, not one per check-in, so a year's export stays quick.
func (s *Store) ExportCheckins(ctx context.Context, f ExportFilter) ([]ExportCheckin, error) {
	where, args := f.where("c.person_id", "c.due_at")
	rows, err := s.r.QueryContext(ctx, `SELECT `+exportPersonCols+`, c.id, c.person_id, c.set_id, c.schedule_id, c.due_at, c.sent_at, c.status,
			c.position, c.remind_at, c.reminded, c.expires_at, c.closed_at, c.late
		FROM checkins c JOIN people p ON p.id = c.person_id JOIN workers w ON w.id = p.worker_id
		WHERE `+where+` ORDER BY c.person_id, c.due_at, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: export check-ins: %w", err)
	}
	var out []ExportCheckin
	byID := map[int64]int{}
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			var e ExportCheckin
			var sched, due, sent, remind, expires, closed sql.NullInt64
			if err := rows.Scan(&e.Person.ID, &e.Person.Pseudonym, &e.Person.Name, &e.Person.Worker,
				&e.ID, &e.PersonID, &e.SetID, &sched, &due, &sent, &e.Status, &e.Position, &remind, &e.Reminded, &expires, &closed, &e.Late); err != nil {
				return err
			}
			e.ScheduleID = sched.Int64
			e.DueAt, e.SentAt, e.RemindAt, e.ExpiresAt, e.ClosedAt = fromMillis(due), fromMillis(sent), fromMillis(remind), fromMillis(expires), fromMillis(closed)
			byID[e.ID] = len(out)
			out = append(out, e)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, fmt.Errorf("store: export check-ins: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}

	// The same filter again, on the answers' check-ins: simpler and safer than passing
	// thousands of ids. A check-in written between the two queries is ignored by the lookup.
	// Personal questions are named "sign_<id>" and "goal_<id>" by the bot; the subqueries look
	// up what they asked about, for the same person only.
	rows, err = s.r.QueryContext(ctx, `SELECT a.checkin_id, a.question_id, a.value, a.skipped, a.late, a.answered_at,
			CASE
				WHEN a.question_id GLOB 'sign_[0-9]*' THEN (SELECT text FROM signs WHERE id = CAST(substr(a.question_id, 6) AS INTEGER) AND person_id = c.person_id)
				WHEN a.question_id GLOB 'goal_[0-9]*' THEN (SELECT text FROM goals WHERE id = CAST(substr(a.question_id, 6) AS INTEGER) AND person_id = c.person_id)
			END
		FROM answers a JOIN checkins c ON c.id = a.checkin_id
		WHERE `+where+` ORDER BY a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: export answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a ExportAnswer
		var at sql.NullInt64
		var subject sql.NullString
		if err := rows.Scan(&a.CheckinID, &a.QuestionID, &a.Value, &a.Skipped, &a.Late, &at, &subject); err != nil {
			return nil, fmt.Errorf("store: export answers: %w", err)
		}
		a.At, a.Subject = fromMillis(at), subject.String
		if i, ok := byID[a.CheckinID]; ok {
			out[i].Answers = append(out[i].Answers, a)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: export answers: %w", err)
	}
	return out, nil
}

// ExportFlags lists the flags raised in the filter's range, by person then time raised, each
// with its events.
func (s *Store) ExportFlags(ctx context.Context, f ExportFilter) ([]ExportFlag, error) {
	where, args := f.where("f.person_id", "f.raised_at")
	rows, err := s.r.QueryContext(ctx, `SELECT `+exportPersonCols+`, fw.name,
			f.id, f.person_id, f.worker_id, f.kind, f.key, f.urgent, f.reason, f.status, f.raised_at, f.escalate_at, f.escalated_to, f.snoozed_until, f.closed_at
		FROM flags f JOIN people p ON p.id = f.person_id JOIN workers w ON w.id = p.worker_id JOIN workers fw ON fw.id = f.worker_id
		WHERE `+where+` ORDER BY f.person_id, f.raised_at, f.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: export flags: %w", err)
	}
	var out []ExportFlag
	byID := map[int64]int{}
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			var e ExportFlag
			var raised, escalate, escalatedTo, snoozed, closed sql.NullInt64
			if err := rows.Scan(&e.Person.ID, &e.Person.Pseudonym, &e.Person.Name, &e.Person.Worker, &e.Worker,
				&e.ID, &e.PersonID, &e.WorkerID, &e.Kind, &e.Key, &e.Urgent, &e.Reason, &e.Status, &raised, &escalate, &escalatedTo, &snoozed, &closed); err != nil {
				return err
			}
			e.RaisedAt, e.EscalateAt, e.SnoozedTill, e.ClosedAt = fromMillis(raised), fromMillis(escalate), fromMillis(snoozed), fromMillis(closed)
			e.EscalatedTo = escalatedTo.Int64
			byID[e.ID] = len(out)
			out = append(out, e)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, fmt.Errorf("store: export flags: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = s.r.QueryContext(ctx, `SELECT e.flag_id, e.at, e.actor, e.event, e.detail
		FROM flag_events e JOIN flags f ON f.id = e.flag_id
		WHERE `+where+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: export flag events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ev tandem.FlagEvent
		var at sql.NullInt64
		if err := rows.Scan(&ev.FlagID, &at, &ev.Actor, &ev.Event, &ev.Detail); err != nil {
			return nil, fmt.Errorf("store: export flag events: %w", err)
		}
		ev.At = fromMillis(at)
		if i, ok := byID[ev.FlagID]; ok {
			out[i].Events = append(out[i].Events, ev)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: export flag events: %w", err)
	}
	return out, nil
}

// ExportGoals lists, per person, the values added in the filter's range and the goals added in
// it. A step goes with its goal: it is exported when its goal is, whenever it was added, so a
// range never yields a step without the goal it belongs to.
func (s *Store) ExportGoals(ctx context.Context, f ExportFilter) ([]ExportGoals, error) {
	var out []ExportGoals
	byPerson := map[int64]int{}
	person := func(p ExportPerson) *ExportGoals {
		i, ok := byPerson[p.ID]
		if !ok {
			i = len(out)
			byPerson[p.ID] = i
			out = append(out, ExportGoals{Person: p})
		}
		return &out[i]
	}

	where, args := f.where("v.person_id", "v.added_at")
	rows, err := s.r.QueryContext(ctx, `SELECT `+exportPersonCols+`, v.id, v.text, v.added_at
		FROM person_values v JOIN people p ON p.id = v.person_id JOIN workers w ON w.id = p.worker_id
		WHERE `+where+` ORDER BY v.person_id, v.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: export values: %w", err)
	}
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			var p ExportPerson
			var v ExportValue
			var added sql.NullInt64
			if err := rows.Scan(&p.ID, &p.Pseudonym, &p.Name, &p.Worker, &v.ID, &v.Text, &added); err != nil {
				return err
			}
			v.AddedAt = fromMillis(added)
			e := person(p)
			e.Values = append(e.Values, v)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, fmt.Errorf("store: export values: %w", err)
	}

	// top is the goal itself for a goal, its parent for a step: the range applies to it, and
	// ordering by it keeps each goal's steps right after it.
	where, args = f.where("g.person_id", "top.added_at")
	rows, err = s.r.QueryContext(ctx, `SELECT `+exportPersonCols+`, g.id, g.parent_id, g.text, g.added_at, g.done_at
		FROM goals g JOIN goals top ON top.id = coalesce(g.parent_id, g.id)
			JOIN people p ON p.id = g.person_id JOIN workers w ON w.id = p.worker_id
		WHERE `+where+` ORDER BY g.person_id, top.id, g.parent_id IS NOT NULL, g.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: export goals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p ExportPerson
		var g ExportGoal
		var parent, added, done sql.NullInt64
		if err := rows.Scan(&p.ID, &p.Pseudonym, &p.Name, &p.Worker, &g.ID, &parent, &g.Text, &added, &done); err != nil {
			return nil, fmt.Errorf("store: export goals: %w", err)
		}
		g.ParentID, g.AddedAt, g.DoneAt = parent.Int64, fromMillis(added), fromMillis(done)
		e := person(p)
		e.Goals = append(e.Goals, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: export goals: %w", err)
	}
	// Values and goals came from two queries; order people the same way both do.
	slices.SortStableFunc(out, func(a, b ExportGoals) int { return cmp.Compare(a.Person.ID, b.Person.ID) })
	return out, nil
}
