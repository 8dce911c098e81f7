package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem/telegramtest"
)

// lucia reads Spanish: her Telegram app is in Latin American Spanish.
var lucia = telegramtest.User{ID: 2020, FirstName: "Lucía", LanguageCode: "es-419"}

// joinSpanish takes a Spanish-speaking person through consent and returns the times offered.
func (h *harness) joinSpanish(u, w telegramtest.User, name string) telegramtest.Message {
	h.t.Helper()
	h.openWorkerChat(w)
	code, _ := h.invite(w, name)
	before := len(h.emu.BotMessages(u.ID))
	h.send(u, "/start "+code)
	msgs := h.waitFor(u.ID, before+2)
	h.press(u, msgs[before+1], "Acepto")
	return h.waitFor(u.ID, before+4)[before+3]
}

// noEnglish fails if a message meant for a Spanish reader has English schedule words in it.
func noEnglish(t *testing.T, what, got string) {
	t.Helper()
	for _, w := range []string{"every day", "Monday", "Sunday", " at ", "am ", "pm ", "midday", "quiet hours", "Try "} {
		if strings.Contains(got, w) {
			t.Errorf("%s: English %q in:\n%s", what, w, got)
		}
	}
}

// A Spanish speaker chooses, types and is told times in Spanish, with the 24-hour clock.
func TestSpanishTimesBothWays(t *testing.T) {
	h := newHarness(t)
	offer := h.joinSpanish(lucia, workerUser, "Lucía")
	var labels []string
	for _, row := range offer.Buttons {
		for _, b := range row {
			labels = append(labels, b.Text)
		}
	}
	if got := strings.Join(labels, " "); !strings.Contains(got, "8:00 9:00 10:00") || !strings.Contains(got, "12:00") || strings.Contains(got, "am") {
		t.Errorf("time buttons for a Spanish reader: %q", got)
	}
	n := len(h.emu.BotMessages(lucia.ID))
	h.press(lucia, offer, "9:00")
	saved := h.waitFor(lucia.ID, n+1)[n].Text
	mustContain(t, "chosen time", saved, "todos los días a las 9:00", "los domingos a las 18:00", "de 22:00 a 7:00")
	noEnglish(t, "chosen time", saved)

	steps := []struct{ typed, want string }{
		{"/schedule lunes a viernes 9:00", "de lunes a viernes a las 9:00"},
		{"/schedule de lunes a viernes a las 8 de la tarde", "de lunes a viernes a las 20:00"},
		{"/schedule todos los días 21:00", "todos los días a las 21:00"},
		{"/schedule 9 de la mañana y mediodía", "todos los días a las 9:00 y a las 12:00"},
		{"/schedule fines de semana 10:00", "sábado y domingo a las 10:00"},
		{"/schedule semanal domingo 19:30", "los domingos a las 19:30"},
		{"/schedule a las 9", "¿Las 9 de la mañana o de la noche?"},
		{"/schedule mañana 9:00", "No conozco el día «manana»"},
		{"/schedule 23:00", "horas de silencio (de 22:00 a 7:00)"},
		{"/quiet de 11 de la noche a 8 de la mañana", "de 23:00 a 8:00"},
		{"/quiet", "Tus horas de silencio son de 23:00 a 8:00"},
		{"/quiet 22:00", "Escribe un inicio y un final"},
		{"/learn domingo 18:00", "los domingos a las 18:00"},
		{"/schedule diario off", "ya no te enviaré más"},
		{"/horario lunes a viernes 9:00", "de lunes a viernes a las 9:00"},
		{"/silencio de 22:00 a 7:00", "de 22:00 a 7:00"},
		{"/ayuda", "/registro"},
		{"/idioma", "idioma"},
		{"/privacidad", "aceptaste"},
	}
	for _, s := range steps {
		got := h.sendAndWait(lucia, s.typed).Text
		mustContain(t, s.typed, got, s.want)
		noEnglish(t, s.typed, got)
	}
	if got := h.sendAndWait(lucia, "/schedule diario off").Text; strings.Contains(got, "daily") {
		t.Errorf("set name in English: %q", got)
	}
	got := h.sendAndWait(lucia, "/pause 3 días").Text
	if strings.Contains(got, "1 al") {
		t.Errorf("'/pause 3 días' not read: %q", got)
	}
}

// newSpanishHarness runs a service whose language is Spanish: its workers and staff channel
// are written to in Spanish.
func newSpanishHarness(t *testing.T) *harness {
	t.Helper()
	t.Parallel()
	h := fastHarness(t)
	h.language = "es"
	return h.open()
}

// englishForWorkers are phrases of the English worker wording; none may reach a Spanish worker.
var englishForWorkers = []string{"Your people", "Acknowledge", "the last 28 days", "Recent check-ins", "has joined",
	"for Lucía", "suggesting", "or higher", "or lower", "answered", "Done.", "Sent ", "warning signs", "Goals"}

func noEnglishForWorker(t *testing.T, what, got string) {
	t.Helper()
	for _, w := range englishForWorkers {
		if strings.Contains(got, w) {
			t.Errorf("%s: English %q for a Spanish worker:\n%s", what, w, got)
		}
	}
}

// A Spanish-speaking service works in Spanish end to end: the worker's invite, the person's
// join, a flag and its buttons, and every worker command, then the worker switches to English.
func TestSpanishServiceWorkerEndToEnd(t *testing.T) {
	h := newSpanishHarness(t)
	h.openWorkerChat(workerUser)
	_, inv := h.invite(workerUser, "Lucía lunes a viernes 9:00")
	mustContain(t, "invite", inv.Text, "para Lucía", "de lunes a viernes a las 9:00")
	noEnglishForWorker(t, "invite", inv.Text)

	code := inviteLink.FindStringSubmatch(inv.Text)[1]
	n := len(h.emu.BotMessages(workerUser.ID))
	h.send(lucia, "/start "+code)
	msgs := h.waitFor(lucia.ID, 2)
	h.press(lucia, msgs[1], "Acepto")
	joined := h.waitFor(workerUser.ID, n+1)[n].Text
	noEnglishForWorker(t, "joined", joined)
	offer := h.waitFor(lucia.ID, 4)[3]
	mustContain(t, "proposal to the person", offer.Text, "de lunes a viernes a las 9:00")
	h.press(lucia, offer, offer.Buttons[0][0].Text)
	h.waitFor(lucia.ID, 5)

	// The person asks to be contacted: the worker's flag, and its buttons, are in Spanish.
	n = len(h.emu.BotMessages(workerUser.ID))
	h.sendAndWait(lucia, "/contact")
	flag := h.waitFor(workerUser.ID, n+1)[n]
	if len(flag.Buttons) == 0 || flag.Buttons[0][0].Text != "✓ Marcar como visto" {
		t.Fatalf("flag buttons for a Spanish worker: %+v\n%s", flag.Buttons, flag.Text)
	}
	noEnglishForWorker(t, "flag", flag.Text)
	h.press(workerUser, flag, "✓ Marcar como visto")
	mustContain(t, "the person is told", h.waitFor(lucia.ID, 7)[6].Text, "Jordan")

	commands := []struct{ typed, want string }{
		{"/caseload", "Tus personas"},
		{"/summary Lucía", "los últimos 28 días"},
		{"/checkins Lucía", "de Lucía"},
		{"/rules Lucía", "Cuándo las respuestas de Lucía"},
		{"/signs Lucía", "Señales de alerta de Lucía"},
		{"/goals Lucía", "Metas de Lucía"},
		{"/schedule Lucía todos los días 20:00", "todos los días a las 20:00"},
		{"/schedule Lucía a las 9", "¿Las 9 de la mañana o de la noche?"},
		{"/lesson Lucía", "Lucía"},
		{"/summary Nadie", "como /resumen Sam"},
		{"/personas", "Tus personas"},
		{"/resumen Lucía", "los últimos 28 días"},
		{"/registros Lucía", "de Lucía"},
		{"/reglas Lucía", "Cuándo las respuestas de Lucía"},
		{"/senales Lucía añadir dormir menos", "dormir menos"},
		{"/metas Lucía", "Metas de Lucía"},
		{"/horario Lucía lunes a viernes 9:00", "de lunes a viernes a las 9:00"},
		{"/leccion Lucía sleep", "Lucía"},
		{"/cita Lucía 10 de diciembre a las 14:00", "10 de diciembre"},
		{"/ayuda", "/personas"},
	}
	for _, c := range commands {
		got := h.sendAndWait(workerUser, c.typed).Text
		mustContain(t, c.typed, got, c.want)
		noEnglishForWorker(t, c.typed, got)
	}
	h.settle()
	var menu []string
	for _, c := range h.emu.Commands("chat", workerUser.ID, "") {
		menu = append(menu, c.Description)
	}
	if got := strings.Join(menu, "; "); !strings.Contains(got, "Tus personas") {
		t.Errorf("worker's menu not in Spanish: %q", got)
	}

	ask := h.sendAndWait(workerUser, "/language")
	n = len(h.emu.BotMessages(workerUser.ID))
	h.press(workerUser, ask, "English")
	mustContain(t, "worker switched", h.waitFor(workerUser.ID, n+1)[n].Text, "English")
	mustContain(t, "caseload now in English", h.sendAndWait(workerUser, "/caseload").Text, "Your people")
}

// englishGiveaways are words of the English interface that Spanish text never contains.
var englishGiveaways = []string{"Type ", " your ", "You ", "Tap ", "check-in", "Sorry", " the ", "Press ", "every day", " at "}

// Every command a person has, typed by its Spanish name, answers in Spanish.
func TestSpanishPersonEveryCommand(t *testing.T) {
	h := newHarness(t)
	offer := h.joinSpanish(lucia, workerUser, "Lucía")
	h.press(lucia, offer, "9:00")
	h.waitFor(lucia.ID, 5)
	commands := []struct{ typed, want string }{
		{"/ayuda", "/registro"},
		{"/registro", "registro"},
		{"/metas", "metas"},
		{"/aprender", "Lecciones"},
		{"/plan", "plan"},
		{"/senales", "señales"},
		{"/agenda", "cita"},
		{"/cita 10 dic 14:00", "10 de diciembre"},
		{"/horario", "Cuándo te envío registros"},
		{"/silencio", "horas de silencio"},
		{"/zona", "zona horaria"},
		{"/zona Europe/Madrid", "Europe/Madrid"},
		{"/contacto", "Jordan"},
		{"/crisis", "Equipo de crisis"},
		{"/idioma", "idioma"},
		{"/pausa", "pausar"},
		{"/reanudar", "activad"},
		{"/borrar", "borr"},
		{"/baja", "Tandem"},
	}
	for _, c := range commands {
		got := h.sendAndWait(lucia, c.typed)
		text := got.Text
		for _, row := range got.Buttons {
			for _, b := range row {
				text += "\n[" + b.Text + "]"
			}
		}
		if !strings.Contains(strings.ToLower(text), strings.ToLower(c.want)) {
			t.Errorf("%s: want %q in:\n%s", c.typed, c.want, text)
		}
		for _, w := range englishGiveaways {
			if strings.Contains(text, w) {
				t.Errorf("%s: English %q in:\n%s", c.typed, w, text)
			}
		}
	}
}

// In a Spanish-speaking service the staff channel is written to in Spanish, and a worker who
// chose English is still written to in English: each reader their own language.
func TestStaffChannelInTheServiceLanguage(t *testing.T) {
	t.Parallel()
	h := fastHarness(t)
	h.manual, h.language = true, "es"
	h.clock.Store(&mondayTen)
	h.open()
	if err := h.st.SetWorkerLanguage(context.Background(), workerUser.ID, "en"); err != nil {
		t.Fatal(err)
	}
	h.join(sam, workerUser, "Sam")
	h.sendAndWait(sam, "i keep thinking about cutting myself")
	h.settle()
	c0, w0 := len(h.emu.BotMessages(staffChannel)), len(h.emu.BotMessages(workerUser.ID))
	h.flagTick(mondayTen.Add(31 * time.Minute))
	staff := h.waitFor(staffChannel, c0+1)[c0]
	mustContain(t, "staff channel in Spanish", staff.Text, "Un aviso urgente", "minutos")
	told := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "worker told in their own English", told.Text, "Your flag about Sam", "the staff channel")
}
