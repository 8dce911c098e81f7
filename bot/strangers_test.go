package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem/bot"
)

// A stranger trying invite codes gets a few polite replies a minute, then silence; the guessing
// is counted; worrying words still get crisis contacts; enrolled people and workers are never
// held back; and a minute later the stranger is answered again.
func TestStrangerFloodIsAnsweredThenSilenced(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.enrolWithTimes(sam, "Sam 9am")
	now := mondayTen.Add(time.Hour)
	h.setNow(now)

	for i := range 2 * bot.StrangerAnswers {
		h.send(stranger, fmt.Sprintf("/start guess%04d", i))
	}
	h.settle()
	if got := h.emu.BotMessages(stranger.ID); len(got) != bot.StrangerAnswers {
		t.Errorf("%d bad codes got %d replies, want %d", 2*bot.StrangerAnswers, len(got), bot.StrangerAnswers)
	}
	var out strings.Builder
	h.reg.WriteTo(&out)
	for _, want := range []string{
		fmt.Sprintf("tandem_invite_code_failures_total %d", bot.StrangerAnswers),
		fmt.Sprintf("tandem_invite_code_guesses_silenced_total %d", bot.StrangerAnswers),
		fmt.Sprintf(`tandem_stranger_updates_silenced_total{kind="invite_code"} %d`, bot.StrangerAnswers),
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("metrics: want %q", want)
		}
	}

	// Silenced, but words that worry still get crisis contacts, once a minute.
	before := len(h.emu.BotMessages(stranger.ID))
	h.send(stranger, "I want to kill myself")
	h.send(stranger, "I want to kill myself")
	h.send(stranger, "/crisis")
	h.settle()
	got := h.emu.BotMessages(stranger.ID)[before:]
	if len(got) != 1 || !strings.Contains(got[0].Text, "Crisis team") {
		t.Errorf("a silenced stranger in crisis got %d replies: %s", len(got), dump(got))
	}

	// The same minute, Sam and Jordan are answered every time.
	for _, u := range []struct{ who, text string }{{"sam", "/help"}, {"jordan", "/caseload"}} {
		user := sam
		if u.who == "jordan" {
			user = workerUser
		}
		n := len(h.emu.BotMessages(user.ID))
		for range 8 {
			h.send(user, u.text)
		}
		h.settle()
		if got := len(h.emu.BotMessages(user.ID)) - n; got < 8 {
			t.Errorf("%s sent %s 8 times in a minute and got %d replies", u.who, u.text, got)
		}
	}

	// A minute on, the stranger is answered again (and a real code would work).
	h.setNow(now.Add(bot.StrangerWindow))
	if m := h.sendAndWait(stranger, "/start"); !strings.Contains(m.Text, "invite") {
		t.Errorf("a minute on, /start got %q", m.Text)
	}
}

// Past the limit, one WARN line a minute says invite codes are being guessed, and no code is
// even looked up: the right code sent in the silence is not accepted either.
func TestStrangerGuessingIsLoggedOnceAndNotChecked(t *testing.T) {
	var logs strings.Builder
	fb := newDirectBot(t, slog.New(slog.NewTextHandler(&logs, nil)))
	fb.mustFeed(t, message(workerUser, workerUser.ID, "private", "/invite Lee"))
	code := inviteLink.FindStringSubmatch(fb.lastText(t, workerUser.ID))[1]
	for i := range bot.StrangerAnswers + 5 {
		fb.mustFeed(t, message(stranger, stranger.ID, "private", fmt.Sprintf("/start nope%02d", i)))
	}
	fb.mustFeed(t, message(stranger, stranger.ID, "private", "/start "+code))
	rows, err := fb.st.OutboxForChat(context.Background(), stranger.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != bot.StrangerAnswers {
		t.Errorf("%d replies queued for the stranger, want %d", len(rows), bot.StrangerAnswers)
	}
	if _, err := fb.st.PersonByTelegramID(context.Background(), stranger.ID); err == nil {
		t.Error("a code sent while silenced was accepted")
	}
	if n := strings.Count(logs.String(), "level=WARN msg=\"bot: invite-code guessing suspected"); n != 1 {
		t.Errorf("%d WARN lines about guessing, want 1:\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), code) {
		t.Error("the log holds an invite code")
	}
}
