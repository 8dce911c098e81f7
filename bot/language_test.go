package bot_test

import (
	"strings"
	"testing"

	"github.com/tandemcare/tandem/telegramtest"
)

func TestSpanishFromTelegramLanguageAndByChoice(t *testing.T) {
	h := newHarness(t)
	lucia := telegramtest.User{ID: 2010, FirstName: "Lucía", LanguageCode: "es-419"}
	h.openWorkerChat(workerUser)
	code, _ := h.invite(workerUser, "")

	h.send(lucia, "/start "+code)
	msgs := h.waitFor(lucia.ID, 2)
	mustContain(t, "welcome", msgs[0].Text, "Lucía", "Jordan")
	summary := msgs[1]
	mustContain(t, "consent in Spanish", summary.Text, "de lunes a viernes, de 9:00 a 17:00", "Equipo de crisis", "0800 000 111", "las 24 horas")
	if strings.Contains(summary.Text, "Monday") || strings.Contains(summary.Text, "not an emergency") {
		t.Errorf("English in the Spanish consent:\n%s", summary.Text)
	}
	if label := summary.Buttons[0][0].Text; label == "I agree" {
		t.Errorf("consent button in English: %q", label)
	}
	h.press(lucia, summary, summary.Buttons[0][0].Text)
	h.waitFor(lucia.ID, 4)

	crisis := h.sendAndWait(lucia, "/crisis")
	if strings.Contains(crisis.Text, "If you need help now") {
		t.Errorf("crisis text in English for a Spanish speaker: %q", crisis.Text)
	}
	mustContain(t, "crisis contacts", crisis.Text, "Samaritans", "116 123")

	ask := h.sendAndWait(lucia, "/language")
	n := len(h.emu.BotMessages(lucia.ID)) // counted first: the answer can come before press returns
	h.press(lucia, ask, "English")
	mustContain(t, "switched", h.waitFor(lucia.ID, n+1)[n].Text, "write in English")
	mustContain(t, "now English", h.sendAndWait(lucia, "/crisis").Text, "If you need help now")
	mustContain(t, "unknown language", h.sendAndWait(lucia, "/language klingon").Text, "don't have that language")

	h.settle()
	if es := commandNames(h.emu.Commands("all_private_chats", 0, "es")); !strings.Contains(es, "registro") {
		t.Errorf("no Spanish command menu: %q", es)
	}
	for _, c := range h.emu.Commands("all_private_chats", 0, "es") {
		if c.Command == "crisis" && strings.Contains(c.Description, "People to contact") {
			t.Errorf("Spanish menu description in English: %q", c.Description)
		}
	}
}
