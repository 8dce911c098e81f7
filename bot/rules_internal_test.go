package bot

import (
	"testing"
	"time"

	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/triage"
)

// TestDefaultRules checks the rules the default pack gives (flags.yaml, their one source) as the
// bot builds them: they validate, and say what DESIGN.md and the pack's comments promise.
func TestDefaultRules(t *testing.T) {
	r := rulesFromPack(content.Default())
	if err := r.Validate(); err != nil {
		t.Fatalf("the default pack's rules do not validate: %v", err)
	}
	th := map[string]triage.Threshold{}
	for _, x := range r.Thresholds {
		th[x.Question] = x
	}
	if x := th["voices_upset"]; x.Value != 5 || !x.Urgent {
		t.Errorf("voices_upset threshold %+v, want 5 urgent", x)
	}
	if x := th["stress"]; x.Value != 5 || x.Urgent {
		t.Errorf("stress threshold %+v, want 5", x)
	}
	if x := th["mood"]; x.Value != 1 || x.Urgent {
		t.Errorf("mood threshold %+v, want 1", x)
	}
	runs := map[string]triage.Run{}
	for _, x := range r.Runs {
		runs[x.Question] = x
	}
	for q, want := range map[string]triage.Run{
		"mood":         {Question: "mood", Value: 2, Count: 3},
		"stress":       {Question: "stress", Value: 4, Count: 3},
		"voices_upset": {Question: "voices_upset", Value: 4, Count: 2},
	} {
		if runs[q] != want {
			t.Errorf("run %s = %+v, want %+v", q, runs[q], want)
		}
	}
	if r.Baseline.MinHistory != 7 || r.Baseline.Window != 28*24*time.Hour || r.Baseline.Delta != 2 {
		t.Errorf("baseline %+v", r.Baseline)
	}
	if r.SilenceAfter != 3 || r.Words != nil {
		t.Errorf("silence %d, words %v", r.SilenceAfter, r.Words)
	}
	// The names a worker reads in a flag's reason come from the pack too.
	labels := map[string]string{}
	for _, s := range r.Scales {
		labels[s.Question] = s.Label
	}
	for q, want := range map[string]string{"mood": "Mood", "sleep": "Sleep", "stress": "Stress", "voices_upset": "Distress from voices"} {
		if labels[q] != want {
			t.Errorf("scale %s is named %q, want %q", q, labels[q], want)
		}
	}
}
