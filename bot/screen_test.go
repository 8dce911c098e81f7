package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// The bot's side of the risk screen: what each tier says, that nothing worrying is swallowed
// while a flag is open, and every surface a person writes on. What the screen recognises is
// tested in triage and measured by `tandembench screen`.

func TestWorryingMessageWhileAFlagIsOpenReachesTheWorker(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.sendAndWait(sam, "i dont want to be here anymore")
	first := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "first flag", first.Text, "⚠️", "Sam", "want to be here")

	// The worker acknowledges; later words of crisis re-raise the flag and reach them.
	h.press(workerUser, first, "✓ Acknowledge")
	h.settle()
	w1 := len(h.emu.BotMessages(workerUser.ID))
	reply := h.sendAndWait(sam, "i've written the letters and sorted out who gets my cat. tonight")
	mustContain(t, "told only when true", reply.Text, "I've let Jordan know")
	h.settle()
	more := h.emu.BotMessages(workerUser.ID)[w1:]
	if len(more) != 1 {
		t.Fatalf("the new words reached the worker %d times: %s", len(more), dump(more))
	}
	mustContain(t, "addition", more[0].Text, "Sam", "New words at 10:", "letters")
	if len(more[0].Buttons) == 0 {
		t.Error("the addition has no buttons to act on")
	}
	// Re-raised: unacknowledged, it escalates again after 30 minutes of working time.
	if f := h.openFlag(sam, "words"); f.Status != "open" || !f.Urgent || f.EscalateAt.IsZero() {
		t.Errorf("flag after new words of crisis: %+v", f)
	}
}

func TestAPlanLineIsContextNotADisclosure(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))
	empty := h.sendAndWait(sam, "/plan")
	h.pressAndNext(sam, empty, "+ Something that helps")
	plan := h.sendAndWait(sam, "when I feel like killing myself I ring my sister and go for a walk")
	mustContain(t, "plan line saved", plan.Text, "What helps me", "ring my sister")
	h.settle()
	for _, m := range h.emu.BotMessages(sam.ID) {
		if strings.Contains(m.Text, "If you are in danger right now") {
			t.Errorf("a plan line got the crisis reply: %q", m.Text)
		}
	}
	if got := h.emu.BotMessages(workerUser.ID)[w0:]; len(got) != 0 {
		t.Errorf("a plan line flagged to the worker: %s", dump(got))
	}
}

func TestASignInOwnWordsIsContextUnlessItIsHappeningNow(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))
	s0 := len(h.emu.BotMessages(sam.ID))
	list := h.sendAndWait(sam, "/signs")
	h.pressAndNext(sam, list, "+ In my own words")
	saved := h.sendAndWait(sam, "thinking everyone would be better off without me")
	mustContain(t, "sign saved", saved.Text, "Your early warning signs")
	var buttons []string
	for _, row := range saved.Buttons {
		for _, b := range row {
			buttons = append(buttons, b.Text)
		}
	}
	mustContain(t, "sign saved", strings.Join(buttons, " | "), "better off without me")
	h.settle()
	for _, m := range h.emu.BotMessages(sam.ID)[s0:] {
		if strings.Contains(m.Text, "If you are in danger right now") {
			t.Errorf("a sign described got the crisis reply: %q", m.Text)
		}
	}
	if got := h.emu.BotMessages(workerUser.ID)[w0:]; len(got) != 0 {
		t.Errorf("a sign described flagged to the worker: %s", dump(got))
	}

	// The same box, words of now: the crisis reply and the worker told.
	list = h.sendAndWait(sam, "/signs")
	h.pressAndNext(sam, list, "+ In my own words")
	s1 := len(h.emu.BotMessages(sam.ID))
	h.send(sam, "i want to die tonight")
	h.settle()
	var all []string
	for _, m := range h.emu.BotMessages(sam.ID)[s1:] {
		all = append(all, m.Text)
	}
	mustContain(t, "crisis reply", strings.Join(all, "\n"), "If you are in danger right now")
	if got := h.emu.BotMessages(workerUser.ID)[w0:]; len(got) == 0 {
		t.Error("words of crisis in the signs box did not reach the worker")
	}
}

func TestSpanishDisclosureGetsTheSpanishCrisisReply(t *testing.T) {
	h := newHarness(t)
	ana := telegramtest.User{ID: 2101, FirstName: "Ana", LanguageCode: "es"}
	h.joinAs(ana, workerUser, "Ana", "Acepto")
	h.join(sam, workerUser, "Sam")
	h.settle()
	mustContain(t, "Spanish speaker", h.sendAndWait(ana, "las voces me dicen que me tire por la ventana").Text, "Equipo de crisis", "servicios de emergencia")
	// An English speaker who writes in Spanish is answered in Spanish too.
	mustContain(t, "mixed", h.sendAndWait(sam, "ya no quiero vivir, me quiero matar").Text, "servicios de emergencia")
}

func TestACrisisInACheckinIsNotFollowedByALesson(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	h.tick(monday.Add(90 * time.Minute))
	q := h.pressAndNextQuestion(sam, h.last(sam), "2 · Low")
	q = h.pressAndNextQuestion(sam, q, "1 · Very poorly") // sleep: a hard answer suggests the sleep lesson
	q = h.pressAndNextQuestion(sam, q, "Skip")
	q = h.pressAndNextQuestion(sam, q, "Not today")
	mustContain(t, "note question", q.Text, "anything you'd like your worker to know")
	s0 := len(h.emu.BotMessages(sam.ID))
	h.send(sam, "i took the whole box of my sertraline an hour ago")
	h.waitFor(sam.ID, s0+2)
	h.settle()
	after := h.emu.BotMessages(sam.ID)[s0:]
	crisis := false
	for _, m := range after {
		crisis = crisis || strings.Contains(m.Text, "If you are in danger right now")
		if strings.Contains(m.Text, "lesson") {
			t.Errorf("a lesson was suggested right after a crisis reply: %q", m.Text)
		}
	}
	if !crisis {
		t.Errorf("no crisis reply to an overdose in a check-in: %s", dump(after))
	}
}

func TestEditsCaptionsAndAgendaAreScreened(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()

	// An edited message that now says something worrying.
	w0 := len(h.emu.BotMessages(workerUser.ID))
	s0 := len(h.emu.BotMessages(sam.ID))
	sent, err := h.emu.SendMessage(sam, "ok today")
	if err != nil {
		t.Fatal(err)
	}
	h.waitFor(sam.ID, s0+1)
	h.settle()
	s1 := len(h.emu.BotMessages(sam.ID))
	if _, err := h.emu.EditMessage(sam, sent.ID, "ok today. actually i want to kill myself"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "edited", h.waitFor(sam.ID, s1+1)[s1].Text, "If you are in danger right now")
	mustContain(t, "edited flag", h.waitFor(workerUser.ID, w0+1)[w0].Text, "kill myself")
	h.settle()

	// A photo's caption.
	s2 := len(h.emu.BotMessages(sam.ID))
	w2 := len(h.emu.BotMessages(workerUser.ID))
	if _, err := h.emu.SendMedia(sam, telegramtest.MediaPhoto, "i want to kill myself, this is what i have saved up"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "caption", h.waitFor(sam.ID, s2+1)[s2].Text, "If you are in danger right now")
	mustContain(t, "caption reaches worker", h.waitFor(workerUser.ID, w2+1)[w2].Text, "saved up")
	h.settle()

	// /agenda text.
	w3 := len(h.emu.BotMessages(workerUser.ID))
	h.send(sam, "/agenda he hits me when he's drunk and i'm scared to go home")
	h.waitFor(workerUser.ID, w3+1)
	mustContain(t, "agenda reaches worker", h.emu.BotMessages(workerUser.ID)[w3].Text, "scared to go home")
}

func TestEarlyWarningWordsFlagGently(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))
	got := h.sendAndWait(sam, "havent slept in 4 days and i stopped taking my meds last week")
	mustContain(t, "relapse reply", got.Text, "early signs", "I've let Jordan know")
	if strings.Contains(got.Text, "If you are in danger right now") {
		t.Errorf("early warning words got the crisis reply: %q", got.Text)
	}
	flag := h.waitFor(workerUser.ID, w0+1)[w0]
	if strings.Contains(flag.Text, "⚠️") {
		t.Errorf("an early warning sign was flagged as urgent: %q", flag.Text)
	}
	mustContain(t, "relapse flag", flag.Text, "Sam", "slept")
}

// openFlag is the person's open flag for key.
func (h *harness) openFlag(u telegramtest.User, key string) tandem.Flag {
	h.t.Helper()
	var f tandem.Flag
	err := h.st.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		f, err = tx.OpenFlag(context.Background(), h.person(u).ID, key)
		return err
	})
	if err != nil {
		h.t.Fatalf("open flag %q: %v", key, err)
	}
	return f
}
