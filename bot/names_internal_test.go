package bot

import (
	"strings"
	"testing"

	"github.com/tandemcare/tandem"
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
