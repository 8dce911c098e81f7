package bot_test

import (
	"strings"
	"testing"

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
		{"/schedule 9 de la mañana y mediodía", "todos los días a las 9:00 y todos los días a las 12:00"},
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
