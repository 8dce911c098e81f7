package bot

import (
	"strings"
	"testing"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/telegramtest"
)

func TestMatchPersonFoldsUnicodeWithoutByteSlicing(t *testing.T) {
	people := []tandem.Person{
		{ID: 1, Name: "Ⱥnna"}, // Ⱥ is two bytes, its lower case ⱥ three
		{ID: 2, Name: "İpek"}, // İ lower-cases to two runes
		{ID: 3, Name: "Kai"},
		{ID: 4, Name: "Sam"},
		{ID: 5, Name: "Sam Lee"},
		{ID: 6, Name: "Ωmega"},
	}
	tests := []struct {
		args    string
		id      int64
		rest    string
		problem string
	}{
		{"Ⱥnna", 1, "", ""},
		{"ⱥnna", 1, "", ""},
		{"ⱥNNA 9am", 1, "9am", ""},
		{"Ⱥnna  daily 9am ", 1, "daily 9am", ""},
		{"İpek 9am", 2, "9am", ""},
		{"İPEK sleep", 2, "sleep", ""},
		{"\u212Aai 9am", 3, "9am", ""}, // KELVIN SIGN, folds to k
		{"kAI", 3, "", ""},
		{"KAI\t9am", 3, "9am", ""},
		{"ωMEGA x", 6, "x", ""},
		{"Kaiser", 0, "", "worker.no_such_person"},
		{"Ⱥnn", 0, "", "worker.no_such_person"},
		{"Sam Lee 9am", 0, "", "worker.ambiguous_person"},
		{"sam 9am", 4, "9am", ""},
		{"", 0, "", "worker.schedule_how"},
		{"   ", 0, "", "worker.schedule_how"},
		{"\xff\xfe", 0, "", "worker.no_such_person"},
		{"Ⱥ", 0, "", "worker.no_such_person"},
	}
	for _, tt := range tests {
		p, rest, problem := matchPerson(people, tt.args)
		if p.ID != tt.id || rest != tt.rest || problem != tt.problem {
			t.Errorf("matchPerson(%q) = %d, %q, %q; want %d, %q, %q", tt.args, p.ID, rest, problem, tt.id, tt.rest, tt.problem)
		}
	}
}

func TestCutNameNeverPanics(t *testing.T) {
	names := []string{"Ⱥnna", "İpek", "\u212Aai", "ß", "", " ", "a"}
	args := []string{"", "ⱥ", "\xe2\xb1", "İ", "i\u0307pek", "SS", "\x00", strings.Repeat("ⱥ", 100)}
	for _, n := range names {
		for _, a := range args {
			rest, ok := cutName(a, n)
			if ok && len(rest) > len(a) {
				t.Errorf("cutName(%q, %q) = %q, longer than its input", a, n, rest)
			}
		}
	}
}

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
