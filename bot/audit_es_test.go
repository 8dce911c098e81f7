package bot_test

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem/telegramtest"
)

// englishLeftovers are words of Tandem's English wording, and ids it keeps inside, that no text
// for a Spanish reader may contain. Names (Jordan, Priya, Lucía), pseudonyms and what Lucía
// typed are Spanish or no language, so any hit is an English leftover.
var englishLeftovers = []string{
	" the ", "The ", "flag", "Flag", "check-in", "Check-in", "Acknowledge", "reason", "Reason", "Recent",
	"Mood", "Sleep", "Stress", "Distress", "Voices", "voices_upset", "mood", "stress", "sleep",
	"usual", "in a row", "missed", "Missed", "Words ", "delivered", "queued", "waiting", "prompt", "skipped",
	"You ", "Your ", "your ", "Snooze", "Resolved", "worker", " and ", " of ", " on ", " at ", " for ",
	"Mon ", "Tue ", "Wed ", "Thu ", "Fri ", " Dec", "Tap ", "Type ", "Sorry", "suicide", "self-harm",
	"active", "paused", "unreachable", "0s)", "m0s",
}

// twelveHour is a time on the English 12-hour clock ("9am", "6:30pm").
var twelveHour = regexp.MustCompile(`\d(am|pm)\b`)

// leftovers lists the English words in one text meant for a Spanish reader.
func leftovers(text string) []string {
	found := twelveHour.FindAllString(text, -1)
	for _, w := range englishLeftovers {
		if strings.Contains(text, w) {
			found = append(found, w)
		}
	}
	return found
}

// withButtons is a message's text with its button labels, as its reader sees it.
func withButtons(m telegramtest.Message) string {
	text := m.Text
	for _, row := range m.Buttons {
		for _, b := range row {
			text += "\n[" + b.Text + "]"
		}
	}
	return text
}

// auditSpanish fails for every message in chat, from its from-th on, that has English in it.
func auditSpanish(t *testing.T, h *harness, who string, chatID int64, from int) {
	t.Helper()
	for i, m := range h.emu.BotMessages(chatID)[from:] {
		text := withButtons(m)
		if found := leftovers(text); len(found) > 0 {
			t.Errorf("%s, message %d: English %q in:\n%s", who, from+i, found, text)
		}
	}
}

// The audit of a Spanish-speaking service: a Spanish worker and a Spanish person go through the
// whole life of flags (raised by check-in rules and by the risk screen, acknowledged, replied
// to, snoozed, resolved, escalated to a backup and the staff channel), every worker command,
// the caseload, a summary with its chart, the staff digest with its chart, and the person's
// /mydata; every message either of them, the backup or the staff channel gets is checked for
// English left behind.
func TestSpanishServiceHasNoEnglishLeftovers(t *testing.T) {
	t.Parallel()
	h := fastHarness(t)
	h.manual, h.language = true, "es"
	h.clock.Store(&monday)
	h.open()
	ctx := context.Background()
	h.svc.Bot.SetDigestSpec("30 16 * * 1-5")
	if _, err := h.svc.Bot.Digest(ctx); err != nil { // the first pass only notes the time
		t.Fatal(err)
	}
	h.openWorkerChat(workerUser)
	h.openWorkerChat(otherWorkr)
	if err := h.st.SetBackup(ctx, workerUser.ID, otherWorkr.ID); err != nil {
		t.Fatal(err)
	}

	// Lucía joins, with a daily check-in at 9:00 her worker suggested.
	_, inv := h.invite(workerUser, "Lucía 9:00")
	code := inviteLink.FindStringSubmatch(inv.Text)[1]
	h.send(lucia, "/start "+code)
	h.press(lucia, h.waitFor(lucia.ID, 2)[1], "Acepto")
	offer := h.waitFor(lucia.ID, 4)[3]
	h.press(lucia, offer, offer.Buttons[0][0].Text)
	h.waitFor(lucia.ID, 5)
	h.settle()

	// Three days of a low mood, and on the third, voices that upset her very much: a run and an
	// urgent threshold.
	for d := range 3 {
		h.tick(monday.Add(90*time.Minute + time.Duration(d)*24*time.Hour))
		q := h.pressAndNextQuestion(lucia, h.last(lucia), "2 · Bajo")
		q = h.pressAndNextQuestion(lucia, q, "Saltar")
		q = h.pressAndNextQuestion(lucia, q, "Saltar")
		if d < 2 {
			q = h.pressAndNextQuestion(lucia, q, "Hoy no")
			h.pressAndNext(lucia, q, "Saltar")
			h.settle()
			continue
		}
		q = h.pressAndNextQuestion(lucia, q, "Mucho")
		h.pressAndNextQuestion(lucia, q, "5 · Muchísimo")
		h.sendAndWait(lucia, "hoy fue un día difícil")
	}
	h.settle()
	wed := time.Date(2026, 12, 9, 10, 0, 0, 0, time.UTC)
	// flagWith waits for the message with buttons that says want in Jordan's chat.
	flagWith := func(want string) telegramtest.Message {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			for _, m := range h.emu.BotMessages(workerUser.ID) {
				if strings.Contains(m.Text, want) && len(m.Buttons) > 0 {
					return m
				}
			}
		}
		t.Fatalf("no flag with %q for Jordan: %s", want, dump(h.emu.BotMessages(workerUser.ID)))
		return telegramtest.Message{}
	}
	urgent := flagWith("Angustia por las voces: 5 de 5")
	run := flagWith("Ánimo: 2 o menos en 3 registros seguidos")
	mustContain(t, "the run's evidence, day by day", run.Text, "Ánimo: 2 el 7 dic", "Ánimo: 2 el 9 dic", "Registros recientes")
	h.press(workerUser, urgent, "✓ Marcar como visto")
	h.settle()
	mustContain(t, "acknowledged in place", h.message(workerUser.ID, urgent.ID).Text, "Visto por Jordan")

	// The risk screen: words of crisis, then more words on the open flag.
	h.setNow(wed)
	mustContain(t, "crisis reply", h.sendAndWait(lucia, "ya no quiero vivir").Text, "Equipo de crisis")
	h.settle()
	words := flagWith("Palabras sobre")
	mustContain(t, "words flag", words.Text, "suicidio", "«")
	h.sendAndWait(lucia, "siento que no puedo más")
	h.settle()

	// The run is snoozed, comes back, and is resolved without a note.
	h.press(workerUser, run, "Posponer 2 h")
	h.settle()
	snoozed := h.message(workerUser.ID, run.ID).Text
	mustContain(t, "snoozed in place", snoozed, "Pospuesto por Jordan")
	if n := strings.Count(snoozed, "Ánimo: 2 el 8 dic"); n != 1 {
		t.Errorf("the run's evidence is shown %d times after an edit, not once:\n%s", n, snoozed)
	}

	// Nobody acknowledges the words: at 10:31 they go to Priya and the staff channel.
	p0, c0 := len(h.emu.BotMessages(otherWorkr.ID)), len(h.emu.BotMessages(staffChannel))
	h.flagTick(wed.Add(31 * time.Minute))
	backup := h.waitFor(otherWorkr.ID, p0+1)[p0]
	mustContain(t, "backup, with the words", backup.Text, "Te llega como respaldo", "suicidio", "«ya no quiero vivir»", "«siento que no puedo más»")
	mustContain(t, "staff channel", h.waitFor(staffChannel, c0+1)[c0].Text, "palabras preocupantes")
	h.press(otherWorkr, backup, "✓ Marcar como visto")
	h.settle()

	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.flagTick(wed.Add(2*time.Hour + time.Minute))
	back := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "back from snooze, with its evidence", back.Text, "Vuelve después de posponerse", "Ánimo: 2 el 7 dic")
	h.press(workerUser, back, "Resolver")
	h.settle()
	h.sendAndWait(workerUser, "-")

	// Lucía asks to be contacted; Jordan will, replies through Tandem, she answers, he resolves.
	h.setNow(wed.Add(2*time.Hour + 5*time.Minute))
	w0 = len(h.emu.BotMessages(workerUser.ID))
	h.sendAndWait(lucia, "/contacto por favor llámame")
	asked := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "asked", asked.Text, "Ha pedido que te pongas en contacto", "«por favor llámame»")
	h.press(workerUser, asked, "Me pondré en contacto")
	h.settle()
	asked = h.message(workerUser.ID, asked.ID)
	h.press(workerUser, asked, "Responder por Tandem")
	h.settle()
	l0 := len(h.emu.BotMessages(lucia.ID))
	h.sendAndWait(workerUser, "Te llamo a las 15:00")
	mustContain(t, "relayed to Lucía", h.waitFor(lucia.ID, l0+1)[l0].Text, "Te llamo a las 15:00")
	h.sendAndWait(lucia, "vale, gracias")
	h.settle()
	relayed := flagWith("vale, gracias")
	h.press(workerUser, relayed, "Resolver")
	h.settle()
	h.sendAndWait(workerUser, "Hablamos por teléfono")
	h.settle()

	// Every worker command, by its Spanish name.
	for _, c := range []string{
		"/ayuda", "/personas", "/resumen Lucía", "/registros Lucía", "/reglas Lucía", "/reglas Lucía ánimo 2",
		"/reglas Lucía estres defecto", "/reglas Lucía humor 2", "/reglas Lucía ánimo 9", "/senales Lucía",
		"/metas Lucía", "/horario Lucía todos los días 20:00", "/leccion Lucía", "/leccion Lucía 5", "/leccion Lucía el sueño", "/cita Lucía 10 de diciembre a las 14:00",
		"/mensaje Lucía ¿cómo va todo?", "/mensajes Lucía", "/invitar Ana", "/resumen Nadie",
	} {
		h.sendAndWait(workerUser, c)
		h.settle()
	}
	caseload := h.sendAndWait(workerUser, "/personas")
	mustContain(t, "caseload", caseload.Text, "Lucía: activa")
	h.press(workerUser, caseload, "Lucía")
	h.settle()
	// The day before her appointment, Jordan gets her list for it.
	h.sendAndWait(lucia, "/agenda hablar del sueño")
	h.flagTick(time.Date(2026, 12, 9, 15, 0, 0, 0, time.UTC))
	rules := h.sendAndWait(workerUser, "/reglas Lucía").Text
	mustContain(t, "rules by name", rules, "Ánimo (ánimo): 2 o menos — ajustado para Lucía", "Angustia por las voces (voces): 5 o más (urgente)")
	mustContain(t, "bad question", h.sendAndWait(workerUser, "/reglas Lucía humor 2").Text, "Ánimo (ánimo)", "Estrés (estrés)")

	// Friday's digest, the week's last, comes with its chart.
	c0 = len(h.emu.BotMessages(staffChannel))
	h.setNow(time.Date(2026, 12, 11, 16, 31, 0, 0, time.UTC))
	if sent, err := h.svc.Bot.Digest(ctx); err != nil || !sent {
		t.Fatalf("Friday's digest: sent %v, %v", sent, err)
	}
	h.settle()
	week := h.waitFor(staffChannel, c0+2)
	if len(week[c0+1].Photo) == 0 {
		t.Errorf("no chart with the week's last digest: %q", week[c0+1].Text)
	}

	// Then she goes quiet for the weekend: three check-ins missed in a row are a silence flag.
	w0 = len(h.emu.BotMessages(workerUser.ID))
	for at := time.Date(2026, 12, 11, 17, 0, 0, 0, time.UTC); at.Before(time.Date(2026, 12, 14, 2, 0, 0, 0, time.UTC)); at = at.Add(time.Hour) {
		h.tick(at)
	}
	silence := flagWith("registros seguidos sin responder")
	mustContain(t, "silence", silence.Text, "3 registros seguidos sin responder", "Sin responder: vie 11 dic 20:00")
	if len(h.emu.BotMessages(workerUser.ID)) <= w0 {
		t.Error("no silence flag")
	}

	// Lucía's own copy: the flags in her language, and the replies among the messages.
	pdf, data := h.myData(lucia)
	text, _ := pdfText(t, pdf.Document)
	mustContain(t, "the PDF's messages", text, "Mensajes con tu profesional", "Jordan te escribió", "escribiste a tu profesional", "vale, gracias", "Te llamo a las 15:00")
	mustContain(t, "the PDF's flags", text, "Angustia por las voces: 5 de 5", "Pediste que Jordan")
	if found := leftovers(text); len(found) > 0 {
		t.Errorf("the PDF has English %q:\n%s", found, text)
	}
	var mine struct {
		About string `json:"about"`
		Flags []struct {
			Why string `json:"why"`
		} `json:"times_your_worker_was_told_to_look"`
		Messages []struct {
			From   string `json:"from"`
			Text   string `json:"text"`
			Status string `json:"status"`
		} `json:"messages_with_your_worker"`
	}
	if err := json.Unmarshal(data.Document, &mine); err != nil {
		t.Fatal(err)
	}
	var jsonWords []string
	jsonWords = append(jsonWords, mine.About)
	for _, f := range mine.Flags {
		jsonWords = append(jsonWords, f.Why)
	}
	replies := 0
	for _, m := range mine.Messages {
		jsonWords = append(jsonWords, m.From, m.Status)
		if m.Text == "vale, gracias" && m.From == "tú" || m.Text == "Te llamo a las 15:00" && m.From == "Jordan" {
			replies++
		}
	}
	if replies != 2 {
		t.Errorf("the JSON's messages lack the replies to the flag, with who wrote them: %+v", mine.Messages)
	}
	if found := leftovers(strings.Join(jsonWords, "\n")); len(found) > 0 {
		t.Errorf("the JSON has English %q in: %q", found, jsonWords)
	}

	h.settle()
	if os.Getenv("TANDEM_AUDIT_DUMP") == "1" { // to read the whole conversation: go test -v -run Leftovers
		for _, c := range []int64{lucia.ID, workerUser.ID, otherWorkr.ID, staffChannel} {
			for _, m := range h.emu.BotMessages(c) {
				t.Logf("[%d] %s", c, withButtons(m))
			}
		}
	}
	auditSpanish(t, h, "Lucía", lucia.ID, 0)
	auditSpanish(t, h, "Jordan", workerUser.ID, 0)
	auditSpanish(t, h, "Priya, the backup", otherWorkr.ID, 0)
	auditSpanish(t, h, "the staff channel", staffChannel, 0)
}
