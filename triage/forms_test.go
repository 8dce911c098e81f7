package triage

import (
	"slices"
	"testing"
	"testing/fstest"
)

// Forms writes a phrase out once for each choice of each word, the rest in their first words,
// slots as their first word, optional words and gaps left out; context lines are not risk.
func TestFormsWriteEachChoiceOut(t *testing.T) {
	s, err := NewScreener(fstest.MapFS{
		"en/suicide.txt":     {Data: []byte("@tier crisis\nend|ending it [all]\ntook <many> <med>\nsuicid*\n")},
		"slots/med.txt":      {Data: []byte("sertraline|zoloft\nlithium\n")},
		"context/idiom.txt":  {Data: []byte("killing it\n")},
		"en/relapse.txt":     {Data: []byte("@tier relapse\nnot sleeping ... days|nights\n")},
		"context/denial.txt": {Data: []byte("not suicidal\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range s.Forms() {
		got = append(got, string(f.Tier)+" "+f.Text)
	}
	want := []string{
		"crisis end it", "crisis ending it",
		"crisis took 30 sertraline",
		"relapse not sleeping days", "relapse not sleeping nights",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Forms = %q\nwant %q", got, want)
	}
}
