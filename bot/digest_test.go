package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestStaffDigestHasCountsAndPseudonymsOnly(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.svc.Bot.SetDigestSpec("30 16 * * 1-5") // set before the first pass runs: the scheduler is manual
	h.enrolWithTimes(sam, "Sam 9am")
	h.sendAndWait(sam, "/contact please call about my tablets")
	h.settle()
	c0 := len(h.emu.BotMessages(staffChannel))
	if sent, err := h.svc.Bot.Digest(context.Background()); err != nil || sent {
		t.Fatalf("first pass: sent %v, %v (it only notes the time)", sent, err)
	}
	h.tick(monday.Add(90 * time.Minute)) // a check-in goes out at 9am, unanswered
	h.setNow(time.Date(2026, 12, 7, 16, 31, 0, 0, time.UTC))
	if sent, err := h.svc.Bot.Digest(context.Background()); err != nil || !sent {
		t.Fatalf("at 16:31: sent %v, %v", sent, err)
	}
	h.settle()
	digest := h.waitFor(staffChannel, c0+1)[c0]
	mustContain(t, "digest", digest.Text, "Tandem digest", "Jordan Reyes: 1 active", "check-ins answered 0 of 1", "open flags 1 (under a day 1, under a week 0, older 0), unacknowledged 1")
	for _, private := range []string{"Sam", "tablets", "please call"} {
		if strings.Contains(digest.Text, private) {
			t.Errorf("the staff digest contains %q", private)
		}
	}
	if sent, _ := h.svc.Bot.Digest(context.Background()); sent {
		t.Error("a second digest for the same time")
	}

	// Friday's is the week's last: it comes with a completion chart.
	c1 := len(h.emu.BotMessages(staffChannel))
	h.setNow(time.Date(2026, 12, 11, 16, 31, 0, 0, time.UTC))
	if sent, err := h.svc.Bot.Digest(context.Background()); err != nil || !sent {
		t.Fatalf("Friday: sent %v, %v", sent, err)
	}
	h.settle()
	week := h.waitFor(staffChannel, c1+2)
	if len(week[c1+1].Photo) == 0 || !strings.Contains(week[c1+1].Text, "This week's check-ins answered") {
		t.Errorf("no weekly chart: %q", week[c1+1].Text)
	}
}
