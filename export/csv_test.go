package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// readCSV parses what a writer produced, as a spreadsheet or loader would.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v\n%s", err, b)
	}
	return rows
}

// column returns row's cell under name.
func column(header, row []string, name string) string {
	return row[slices.Index(header, name)]
}

func TestCheckinsCSV(t *testing.T) {
	sc := newScenario(t)
	var buf bytes.Buffer
	if err := WriteCheckinsCSV(&buf, sc.checkins, defaultPack); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	h := rows[0]
	if !slices.Equal(h, CheckinsHeader) {
		t.Fatalf("header = %v", h)
	}
	// 7 answers, 1 missed check-in, 2 weekly answers, Ben's not-now check-in.
	if got := len(rows) - 1; got != 11 {
		t.Fatalf("got %d rows, want 11:\n%s", got, buf.String())
	}
	find := func(checkinID, question string) []string {
		t.Helper()
		for _, r := range rows[1:] {
			if column(h, r, "checkin_id") == checkinID && column(h, r, "question_id") == question {
				return r
			}
		}
		t.Fatalf("no row for check-in %s question %q", checkinID, question)
		return nil
	}
	cases := []struct {
		name, checkin, question string
		want                    map[string]string
	}{
		{"scale answer with its label", "1", "mood", map[string]string{
			"person_pseudonym": "blue-heron", "person_name": "Ana Lima", "worker": "Jordan Reyes", "set": "daily",
			"due_at": "2025-03-10T09:00:00Z", "status": "answered", "late": "false",
			"question_text": "How has your mood been today? 1 is very low, 5 is very good.", "answer_value": "2", "answer_label": "Low",
			"skipped": "false", "answered_at": "2025-03-10T09:05:00Z"}},
		{"choice answer", "1", "voices", map[string]string{"answer_value": "little", "answer_label": "A little"}},
		{"skipped question", "1", "stress", map[string]string{"answer_value": "", "answer_label": "", "skipped": "true"}},
		{"own sign, worded as it was asked", "1", "sign_1", map[string]string{
			"question_text": "Have you noticed this today: Sleeping less? 1 is not at all, 5 is very much.", "answer_value": "5", "answer_label": "Very much"}},
		{"free text keeps quotes and newlines, and a leading minus is neutralised", "1", "note", map[string]string{
			"answer_value": "'-1 day, \"rough\"\nbut ok", "answer_label": ""}},
		{"missed check-in still has a row", "2", "", map[string]string{"status": "missed", "question_text": "", "answered_at": ""}},
		{"own goal in the weekly check-in; a formula mid-cell is harmless", "3", "goal_1", map[string]string{
			"question_text": "How did it go with your goal: =HYPERLINK(\"http://evil\")?", "answer_label": "Some of it", "status": "partial"}},
		{"a name with a comma and quotes", "4", "", map[string]string{"person_name": "Ben, \"Benny\" Cole", "status": "not_now"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := find(tc.checkin, tc.question)
			for col, want := range tc.want {
				if got := column(h, r, col); got != want {
					t.Errorf("%s = %q, want %q", col, got, want)
				}
			}
		})
	}
}

func TestFlagsCSVOneRowPerEvent(t *testing.T) {
	sc := newScenario(t)
	var buf bytes.Buffer
	if err := WriteFlagsCSV(&buf, sc.flags); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if !slices.Equal(rows[0], FlagsHeader) {
		t.Fatalf("header = %v", rows[0])
	}
	if len(rows) != 3 {
		t.Fatalf("got %d rows, want header and 2 events:\n%s", len(rows), buf.String())
	}
	h := rows[0]
	for i, want := range []map[string]string{
		{"event": "raised", "actor": "system", "event_detail": "'@mood low", "reason": "Mood 2 of 5", "urgent": "false", "status": "open", "raised_at": "2025-03-10T09:30:00Z"},
		{"event": "acknowledged", "actor": "worker:1", "event_detail": "", "person_pseudonym": "blue-heron", "worker": "Jordan Reyes"},
	} {
		for col, w := range want {
			if got := column(h, rows[i+1], col); got != w {
				t.Errorf("row %d %s = %q, want %q", i+1, col, got, w)
			}
		}
	}
}

func TestGoalsCSV(t *testing.T) {
	sc := newScenario(t)
	var buf bytes.Buffer
	if err := WriteGoalsCSV(&buf, sc.goals); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if !slices.Equal(rows[0], GoalsHeader) {
		t.Fatalf("header = %v", rows[0])
	}
	want := [][]string{
		{"blue-heron", "Ana Lima", "Jordan Reyes", "value", "1", "", "Family", "2025-03-10T09:00:00Z", ""},
		{"blue-heron", "Ana Lima", "Jordan Reyes", "goal", "1", "", "'=HYPERLINK(\"http://evil\")", "2025-03-10T09:00:00Z", ""},
		{"blue-heron", "Ana Lima", "Jordan Reyes", "step", "2", "1", "Walk, then rest", "2025-03-10T09:00:00Z", "2025-03-10T09:00:00Z"},
	}
	if len(rows)-1 != len(want) {
		t.Fatalf("got %d rows, want %d:\n%s", len(rows)-1, len(want), buf.String())
	}
	for i, w := range want {
		if !slices.Equal(rows[i+1], w) {
			t.Errorf("row %d = %q\nwant     %q", i+1, rows[i+1], w)
		}
	}
}

func TestNeutralise(t *testing.T) {
	cases := []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+44 20 7946 0000", "'+44 20 7946 0000"},
		{"-2", "'-2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=cmd", "'\t=cmd"},
		{"\r=cmd", "'\r=cmd"},
		{"a=b", "a=b"},
		{"'already", "'already"},
		{"", ""},
		{"2025-03-10T09:00:00Z", "2025-03-10T09:00:00Z"},
	}
	for _, tc := range cases {
		if got := neutralise(tc.in); got != tc.want {
			t.Errorf("neutralise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// No header or generated cell needs neutralising, so a leading quote always means "was text".
	for _, h := range [][]string{CheckinsHeader, FlagsHeader, GoalsHeader} {
		for _, c := range h {
			if neutralise(c) != c || strings.ContainsAny(c, ",\"\n") {
				t.Errorf("header %q would be altered", c)
			}
		}
	}
}
