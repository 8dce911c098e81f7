package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// CheckinsHeader, FlagsHeader and GoalsHeader are the CSV columns, in order. They are part of
// the export's contract with whatever loads it: add columns at the end, never rename.
var (
	CheckinsHeader = []string{"person_pseudonym", "person_name", "worker", "checkin_id", "set", "due_at", "status", "late",
		"question_id", "question_text", "answer_value", "answer_label", "skipped", "answered_at"}
	FlagsHeader = []string{"person_pseudonym", "person_name", "worker", "flag_id", "kind", "urgent", "reason", "status",
		"raised_at", "closed_at", "event_at", "event", "actor", "event_detail"}
	GoalsHeader = []string{"person_pseudonym", "person_name", "worker", "kind", "id", "parent_id", "text", "added_at", "done_at"}
)

// WriteCheckinsCSV writes one row per answer, question wording and labels in the pack's default
// language. A check-in with no answers (missed, say) still gets one row with the question
// columns empty: that nothing came back is part of the record.
func WriteCheckinsCSV(w io.Writer, cs []store.ExportCheckin, pack *content.Pack) error {
	cw := newCSV(w, CheckinsHeader)
	for _, c := range cs {
		lead := []string{c.Person.Pseudonym, c.Person.Name, c.Person.Worker, id(c.ID), c.SetID, timestamp(c.DueAt), string(c.Status), strconv.FormatBool(c.Late)}
		if len(c.Answers) == 0 {
			cw.row(append(lead, "", "", "", "", "", ""))
			continue
		}
		for _, a := range c.Answers {
			q, _ := question(pack, c.SetID, a)
			value, lbl := a.Value, label(pack, q, a.Value)
			if a.Skipped {
				value, lbl = "", ""
			}
			cw.row(append(lead[:len(lead):len(lead)], a.QuestionID, plain(q.TextIn(lang)), value, lbl, strconv.FormatBool(a.Skipped), timestamp(a.At)))
		}
	}
	return cw.finish("check-ins")
}

// WriteFlagsCSV writes one row per step in each flag's life (raised, acknowledged, resolved…),
// the flag's own columns repeated on each, so the file reads as the flag's history and filters
// by flag in any spreadsheet.
func WriteFlagsCSV(w io.Writer, fs []store.ExportFlag) error {
	cw := newCSV(w, FlagsHeader)
	for _, f := range fs {
		lead := []string{f.Person.Pseudonym, f.Person.Name, f.Worker, id(f.ID), f.Kind, strconv.FormatBool(f.Urgent), f.Reason, string(f.Status),
			timestamp(f.RaisedAt), timestamp(f.ClosedAt)}
		if len(f.Events) == 0 {
			cw.row(append(lead, "", "", "", ""))
			continue
		}
		for _, ev := range f.Events {
			cw.row(append(lead[:len(lead):len(lead)], timestamp(ev.At), ev.Event, ev.Actor, ev.Detail))
		}
	}
	return cw.finish("flags")
}

// WriteGoalsCSV writes each person's values, then their goals, each goal followed by its steps
// (kind "value", "goal" or "step"; a step's parent_id is its goal's id).
func WriteGoalsCSV(w io.Writer, gs []store.ExportGoals) error {
	cw := newCSV(w, GoalsHeader)
	for _, g := range gs {
		p := g.Person
		for _, v := range g.Values {
			cw.row([]string{p.Pseudonym, p.Name, p.Worker, "value", id(v.ID), "", v.Text, timestamp(v.AddedAt), ""})
		}
		for _, goal := range g.Goals {
			kind, parent := "goal", ""
			if goal.ParentID != 0 {
				kind, parent = "step", id(goal.ParentID)
			}
			cw.row([]string{p.Pseudonym, p.Name, p.Worker, kind, id(goal.ID), parent, goal.Text, timestamp(goal.AddedAt), timestamp(goal.DoneAt)})
		}
	}
	return cw.finish("goals")
}

// csvWriter writes rows with every cell made safe, keeping the first error.
type csvWriter struct {
	w   *csv.Writer
	err error
}

func newCSV(w io.Writer, header []string) *csvWriter {
	cw := &csvWriter{w: csv.NewWriter(w)}
	cw.row(header)
	return cw
}

func (cw *csvWriter) row(cells []string) {
	if cw.err != nil {
		return
	}
	safe := make([]string, len(cells))
	for i, c := range cells {
		safe[i] = neutralise(c)
	}
	cw.err = cw.w.Write(safe)
}

func (cw *csvWriter) finish(what string) error {
	if cw.err == nil {
		cw.w.Flush()
		cw.err = cw.w.Error()
	}
	if cw.err != nil {
		return fmt.Errorf("export: %s csv: %w", what, cw.err)
	}
	return nil
}

// neutralise stops a cell being run as a formula. People type free text into Tandem (check-in
// notes, goals, signs) and that text ends up in a file staff open in Excel or LibreOffice, which
// treat a cell starting with = + - or @ (or a tab or carriage return before one) as a formula:
// "=HYPERLINK(...)" could send data elsewhere or run a command (CSV injection, see OWASP).
// A leading single quote makes the spreadsheet show the text as text; a loader importing the
// CSV sees the quote, which is the safer thing to get wrong. Every cell is treated the same,
// so none can be missed; nothing Tandem generates (ids, times, codes) starts with these.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func id(n int64) string { return strconv.FormatInt(n, 10) }
