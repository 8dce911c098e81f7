package bot_test

import (
	"strings"
	"testing"

	"github.com/tandemcare/tandem/telegramtest"
)

// A worker types a person's name in whatever case, with letters whose lower case has another
// byte length, and every command that takes a name answers about that person.
func TestWorkerCommandsFindNamesAsWritten(t *testing.T) {
	h := newHarness(t)
	anna := telegramtest.User{ID: 2101, FirstName: "Anna", LanguageCode: "en"}
	ipek := telegramtest.User{ID: 2102, FirstName: "Ipek", LanguageCode: "en"}
	kai := telegramtest.User{ID: 2103, FirstName: "Kai", LanguageCode: "en"}
	h.join(anna, workerUser, "Ⱥnna")
	h.join(ipek, workerUser, "İpek")
	h.join(kai, workerUser, "Kai")
	h.settle()
	tests := []struct {
		cmd  string
		want string
	}{
		{"/summary ⱥnna", "Ⱥnna: the last 28 days"},
		{"/summary ⱥNNA", "Ⱥnna: the last 28 days"},
		{"/checkins ⱥnna", "Ⱥnna"},
		{"/summary İPEK", "İpek: the last 28 days"},
		{"/summary \u212Aai", "Kai: the last 28 days"},
		{"/schedule \u212AAI", "Kai"},
		{"/goals İpek", "İpek"},
		{"/signs ⱥnna", "Ⱥnna"},
		{"/summary Ⱥnnabelle", "couldn't find"},
	}
	for _, tt := range tests {
		before := len(h.emu.BotMessages(workerUser.ID))
		h.send(workerUser, tt.cmd)
		h.settle()
		var got strings.Builder
		for _, m := range h.emu.BotMessages(workerUser.ID)[before:] {
			got.WriteString(m.Text + "\n")
		}
		if got.Len() == 0 {
			t.Errorf("%s: no reply", tt.cmd)
			continue
		}
		mustContain(t, tt.cmd, got.String(), tt.want)
		if strings.Contains(got.String(), "something went wrong") {
			t.Errorf("%s: an apology for a failure:\n%s", tt.cmd, got.String())
		}
	}
}
