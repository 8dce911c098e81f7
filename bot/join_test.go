package bot_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

func TestWorkerInviteAndPersonJoins(t *testing.T) {
	h := newHarness(t)
	help := h.sendAndWait(workerUser, "/start")
	mustContain(t, "worker's first message", help.Text, "/invite")

	code, inv := h.invite(workerUser, "Sam")
	mustContain(t, "invite", inv.Text, "for Sam", "works once")
	if len(code) < 22 || len(code) > 64 {
		t.Errorf("invite code %q: want 22-64 characters (>=128 bits, within Telegram's 64)", code)
	}
	img, err := png.Decode(bytes.NewReader(inv.Photo))
	if err != nil {
		t.Fatalf("invite QR code is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 256 {
		t.Errorf("QR code is %dpx wide; too small to scan from a phone", b.Dx())
	}

	h.send(sam, "/start "+code)
	msgs := h.waitFor(sam.ID, 2)
	mustContain(t, "welcome", msgs[0].Text, "Hello Sam", "Jordan has invited you")
	summary := msgs[1]
	mustContain(t, "consent summary", summary.Text,
		"go to Jordan",                // what is shared with whom
		"Monday to Friday",            // when the worker is likely to see it
		"nobody is reading",           // never implies around-the-clock watching
		"made-up name and numbers",    // what the staff channel sees
		"not an emergency service",    // what the bot is not
		"Crisis team", "0800 000 111", // deployment's crisis contacts
		"not end-to-end encrypted",     // Telegram's bot chats
		"pause, stop or see your data") // rights
	var labels []string
	for _, row := range summary.Buttons {
		for _, b := range row {
			labels = append(labels, b.Text)
		}
	}
	if got := strings.Join(labels, "|"); got != "I agree|Tell me more|Not now" {
		t.Errorf("consent buttons = %s", got)
	}

	// Tell me more: short messages, then the question again.
	h.press(sam, summary, "Tell me more")
	more := h.waitFor(sam.ID, 7)[2:]
	mustContain(t, "tell me more", more[0].Text, "What Jordan sees")
	mustContain(t, "tell me more", more[2].Text, "can't call anyone", "Samaritans")
	mustContain(t, "tell me more", more[3].Text, "Riverside CMHT")

	qid := h.press(sam, more[4], "I agree")
	agreed := h.waitFor(sam.ID, 8)[7]
	mustContain(t, "agreed", agreed.Text, "You've joined", "/help", "/crisis")
	joined := h.waitFor(workerUser.ID, 3)[2]
	mustContain(t, "worker told", joined.Text, "Sam", "has joined", "2026.11") // consent version

	h.settle()
	if text, ok := h.emu.CallbackAnswer(qid); !ok || !strings.Contains(text, "agreed") {
		t.Errorf("button press answered %v with %q", ok, text)
	}
	for _, m := range h.emu.BotMessages(sam.ID) {
		if m.ID == more[4].ID && len(m.Buttons) != 0 {
			t.Errorf("the pressed consent message still has buttons: %v", m.Buttons)
		}
	}

	// Stored: the person, their worker, the consent version and time.
	p, err := h.st.PersonByTelegramID(context.Background(), sam.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Sam" || p.State != tandem.StateActive || !strings.HasPrefix(p.Pseudonym, "P-") {
		t.Errorf("person = %+v", p)
	}
	var c tandem.Consent
	h.st.Update(context.Background(), func(tx *store.Tx) error {
		c, err = tx.LatestConsent(context.Background(), p.ID)
		return err
	})
	if c.Version != "2026.11.4" || c.Decision != tandem.ConsentAgreed || time.Since(c.At) > time.Minute {
		t.Errorf("consent = %+v", c)
	}

	// Once used, the invite works for nobody else, and Sam is welcomed back rather than re-enrolled.
	mustContain(t, "reused invite", h.sendAndWait(alex, "/start "+code).Text, "already been used", "Crisis team")
	mustContain(t, "start again", h.sendAndWait(sam, "/start "+code).Text, "Welcome back, Sam")

	// The code itself is nowhere in the database: only its hash.
	h.svc.Stop()
	db, err := os.ReadFile(h.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(db, []byte(code)) {
		t.Error("the invite code is stored in the database in the clear")
	}
}

func TestInviteProblemsGetKindAnswers(t *testing.T) {
	h := newHarness(t)
	h.openWorkerChat(workerUser)
	used, _ := h.invite(workerUser, "")
	h.send(alex, "/start "+used) // Alex claims it
	h.waitFor(alex.ID, 2)
	expired, _ := h.invite(workerUser, "")

	// Move the bot's clock past the expiry of the second invite.
	h.st.SetClock(func() time.Time { return time.Now().Add(15 * 24 * time.Hour) })

	cases := []struct {
		name, text string
		want       []string
	}{
		{"no code", "/start", []string{"you need an invite", "Crisis team"}},
		{"unknown code", "/start AAAAAAAAAAAAAAAAAAAAAAAA", []string{"couldn't find that invite", "Crisis team"}},
		{"malformed code", "/start <script>alert(1)</script>", []string{"couldn't find that invite"}},
		{"too long", "/start " + strings.Repeat("a", 65), []string{"couldn't find that invite"}},
		{"someone else's", "/start " + used, []string{"already been used"}},
		{"expired", "/start " + expired, []string{"run out", "ask Jordan"}},
		{"free text", "hello?", []string{"you need an invite", "not an emergency service"}},
		{"person command", "/privacy", []string{"you need an invite"}},
		{"worker command", "/invite", []string{"Only registered workers"}},
		{"help", "/help", []string{"you need an invite", "Samaritans"}},
		{"crisis", "/crisis", []string{"If you need help now", "Crisis team", "Samaritans"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mustContain(t, tc.name, h.sendAndWait(stranger, tc.text).Text, tc.want...)
		})
	}
	h.settle()
	if _, err := h.st.PersonByTelegramID(context.Background(), stranger.ID); err == nil {
		t.Error("a stranger was enrolled")
	}
}

func TestNotNowSharesNothingAndTheLinkStillWorks(t *testing.T) {
	h := newHarness(t)
	h.openWorkerChat(workerUser)
	code, _ := h.invite(workerUser, "")
	workerMsgs := len(h.emu.BotMessages(workerUser.ID))

	h.send(sam, "/start "+code)
	summary := h.waitFor(sam.ID, 2)[1]
	h.press(sam, summary, "Not now")
	notNow := h.waitFor(sam.ID, 3)[2]
	mustContain(t, "not now", notNow.Text, "haven't joined", "nothing has been shared", "open the same link again", "Crisis team")
	h.settle()
	if got := len(h.emu.BotMessages(workerUser.ID)); got != workerMsgs {
		t.Errorf("the worker was told about a \"not now\": %s", dump(h.emu.BotMessages(workerUser.ID)[workerMsgs:]))
	}
	if _, err := h.st.PersonByTelegramID(context.Background(), sam.ID); err == nil {
		t.Error("\"not now\" enrolled the person")
	}
	// Changing their mind later: the same link brings the question back.
	h.send(sam, "/start "+code)
	again := h.waitFor(sam.ID, 5)
	h.press(sam, again[4], "I agree")
	h.waitFor(workerUser.ID, workerMsgs+1)
}

func TestHelpPrivacyAndCommandMenus(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "")

	help := h.sendAndWait(sam, "/help")
	mustContain(t, "person help", help.Text, "/pause", "/stop", "/mydata", "/crisis", "Monday to Friday", "not an emergency service", "Crisis team")
	privacy := h.sendAndWait(sam, "/privacy")
	mustContain(t, "privacy", privacy.Text, "What you agreed to", "version 2026.11.4")
	h.waitFor(sam.ID, len(h.emu.BotMessages(sam.ID))+1)
	mustContain(t, "privacy summary", h.emu.BotMessages(sam.ID)[len(h.emu.BotMessages(sam.ID))-1].Text, "Who sees what")
	mustContain(t, "worker help", h.sendAndWait(workerUser, "/help").Text, "/invite")
	mustContain(t, "name from Telegram", h.emu.BotMessages(workerUser.ID)[2].Text, "Samantha has joined")

	h.settle()
	people := commandNames(h.emu.Commands("all_private_chats", 0, ""))
	for _, want := range []string{"help", "crisis", "privacy", "pause", "stop", "mydata"} {
		if !strings.Contains(people, want) {
			t.Errorf("people's menu %s lacks /%s", people, want)
		}
	}
	if strings.Contains(people, "invite") {
		t.Error("people's menu offers /invite")
	}
	workers := commandNames(h.emu.Commands("chat", workerUser.ID, ""))
	if !strings.Contains(workers, "invite") {
		t.Errorf("worker's menu %s lacks /invite", workers)
	}
}

func commandNames(cmds []telegramtest.Command) string {
	var names []string
	for _, c := range cmds {
		names = append(names, c.Command)
	}
	return strings.Join(names, ",")
}

func TestPauseResumeStopAndMyData(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	base := len(h.emu.BotMessages(workerUser.ID))

	ask := h.sendAndWait(sam, "/pause")
	mustContain(t, "pause", ask.Text, "How long")
	n := len(h.emu.BotMessages(sam.ID)) // counted first: the answer can come before press returns
	h.press(sam, ask, "3 days")
	mustContain(t, "paused", h.waitFor(sam.ID, n+1)[n].Text, "paused messages until", "/checkin", "/crisis")
	mustContain(t, "pause, bad days", h.sendAndWait(sam, "/pause 400").Text, "from 1 to 90")
	mustContain(t, "resume", h.sendAndWait(sam, "/resume").Text, "on again")
	mustContain(t, "resume again", h.sendAndWait(sam, "/resume").Text, "already on")
	_, data := h.myData(sam)
	mustContain(t, "mydata", string(data.Document), `"name": "Sam"`, `"decision": "agreed"`, "Jordan Reyes")

	ask = h.sendAndWait(sam, "/stop")
	h.press(sam, ask, "Yes, stop")
	n = len(h.emu.BotMessages(sam.ID))
	mustContain(t, "stopped", h.waitFor(sam.ID, n+1)[n].Text, "stopped using Tandem", "Crisis team")
	worker := h.waitFor(workerUser.ID, base+3)
	mustContain(t, "worker told", worker[base].Text+worker[base+1].Text+worker[base+2].Text, "paused Tandem messages until", "back on", "stopped using Tandem")
	mustContain(t, "after stopping", h.sendAndWait(sam, "hello").Text, "ask Jordan for a new invite")

	// Coming back with a new invite re-enrols them, with a fresh consent.
	code, _ := h.invite(workerUser, "Sam")
	n = len(h.emu.BotMessages(sam.ID))
	h.send(sam, "/start "+code)
	msgs := h.waitFor(sam.ID, n+2)
	h.press(sam, msgs[n+1], "I agree")
	mustContain(t, "re-joined", h.waitFor(workerUser.ID, base+5)[base+4].Text, "Sam", "has joined")
	p, _ := h.st.PersonByTelegramID(context.Background(), sam.ID)
	if p.State != tandem.StateActive {
		t.Errorf("after re-joining, state = %s", p.State)
	}
}
