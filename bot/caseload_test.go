package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemcare/tandem/store"
)

func TestCaseloadAndEveryWorkerViewIsAudited(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.join(alex, workerUser, "Alex")
	h.settle()
	h.sendAndWait(alex, "/contact")
	h.settle()

	list := h.sendAndWait(workerUser, "/caseload")
	mustContain(t, "caseload", list.Text, "Your people", "Alex: active", "1 open", "Sam: active", "no check-ins yet")
	view := h.pressAndNext(workerUser, list, "Sam")
	mustContain(t, "one person", view.Text, "Sam: active", "When I send check-ins", "Sam's recent check-ins", "/schedule Sam 9am")

	// Another worker sees only their own (empty) caseload, and cannot open Sam by a forged press.
	h.openWorkerChat(otherWorkr)
	mustContain(t, "other caseload", h.sendAndWait(otherWorkr, "/caseload").Text, "Nobody has joined you yet")
	q := h.emu.PressForged(otherWorkr, otherWorkr.ID, list.ID, list.Buttons[1][0].CallbackData)
	h.settle()
	if text, _ := h.emu.CallbackAnswer(q); !strings.Contains(text, "another worker") {
		t.Errorf("forged caseload press answered %q", text)
	}
	// People cannot see a caseload.
	mustContain(t, "person", h.sendAndWait(sam, "/caseload").Text, "What I can do")

	h.sendAndWait(workerUser, "/checkins Sam")
	h.sendAndWait(workerUser, "/rules Sam mood 2")
	h.settle()
	log, err := h.st.AuditLog(context.Background(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Worker+" "+e.Action+" "+e.Detail)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"Jordan Reyes caseload 2 people", "Jordan Reyes view caseload", "Jordan Reyes checkins", "Jordan Reyes rules mood 2", "Priya Shah caseload 0 people"} {
		if !strings.Contains(all, want) {
			t.Errorf("audit log lacks %q:\n%s", want, all)
		}
	}
	for _, e := range log {
		if e.Worker == "Priya Shah" && e.Person != "" {
			t.Errorf("Priya is recorded as seeing %s", e.Person)
		}
	}
}
