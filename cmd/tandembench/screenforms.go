package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tandemcare/tandem/triage"
)

// screenForms screens every listed risk phrase written out in each of its choices
// (triage.Screener.Forms), alone and after each frame ("i feel like …"), and counts the forms
// screened below their list's tier: what the lists mean to catch and the screen as a whole
// does not, because a context entry, a rule or the model lowered it. It is how an edit to the
// lists, the context lists or the examples is checked for holes it opened; the first misses
// of each frame are listed with the line they come from.
func screenForms(s *triage.Screener, frames []string, out io.Writer, misses int) error {
	forms := s.Forms()
	if len(forms) == 0 {
		return fmt.Errorf("screen-forms: the lists have no phrase to write out")
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%d forms of the lists' phrases\tat their tier or higher\tlower\tof which none\n", len(forms))
	type miss struct {
		f   triage.Form
		got triage.Result
		msg string
	}
	var listed []miss
	for _, frame := range frames {
		var ok, low, none int
		var frameMisses []miss
		for _, f := range forms {
			msg := strings.TrimSpace(frame + " " + f.Text)
			r := s.Screen(msg)
			if r.Tier.Rank() >= f.Tier.Rank() {
				ok++
				continue
			}
			low++
			if r.Tier == triage.TierNone {
				none++
			}
			if len(frameMisses) < misses {
				frameMisses = append(frameMisses, miss{f, r, msg})
			}
		}
		name := fmt.Sprintf("%q", frame)
		if frame == "" {
			name = "alone"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, ratio{ok, len(forms)}, ratio{low, len(forms)}, ratio{none, len(forms)})
		listed = append(listed, frameMisses...)
	}
	tw.Flush()
	if len(listed) > 0 {
		fmt.Fprintln(out)
		fmt.Fprintln(out, "Forms screened below their tier (message, got, context; listed as):")
		for _, m := range listed {
			fmt.Fprintf(out, "  %s\t%s→%s %v\t%s\n", m.msg, m.f.Tier, m.got.Tier, m.got.Context, excerpt(m.f.Entry, 90))
		}
	}
	return nil
}
