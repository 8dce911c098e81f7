package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// junk is 5,000 characters of the kind of thing a paste or a stuck key sends, cut to what
// Telegram lets a user send in one message.
func junk(n int) string {
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		sb.WriteString("xq<b>&;#9 ")
	}
	return sb.String()[:n]
}

var everyCommand = []string{
	"/start", "/help", "/crisis", "/privacy", "/checkin", "/contact", "/schedule", "/quiet", "/timezone",
	"/pause", "/resume", "/learn", "/plan", "/signs", "/goals", "/agenda", "/appointment", "/language",
	"/mydata", "/invite", "/caseload", "/summary", "/checkins", "/rules", "/lesson", "/stop", "/delete",
	"/unknown",
}

// Every command with an oversized argument, as every role, gets an answer: an echo of the
// argument is bounded, so no reply is ever too long for Telegram to take.
func TestEveryCommandWithOversizedArguments(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.enrolWithTimes(sam, "Sam 9am")
	h.openWorkerChat(otherWorkr)
	long := junk(4000)
	for _, cmd := range everyCommand {
		for _, u := range []telegramtest.User{sam, workerUser, otherWorkr, stranger} {
			for _, args := range []string{long, "Sam " + long} {
				before := len(h.emu.BotMessages(u.ID))
				h.asNewMinute(u)
				h.send(u, cmd+" "+args)
				if _, err := h.emu.WaitBotMessages(h.ctx(), u.ID, before+1); err != nil {
					t.Errorf("%s <%d chars> as %s: no reply", cmd, len(args), u.FirstName)
				}
				h.settle()
				checkReplies(t, cmd, u, h.emu.BotMessages(u.ID)[before:])
			}
		}
	}
}

// Odd things people send, as every role: each gets a sensible answer or is ignored, nothing
// crashes, every button press is answered, and nothing odd is saved as if it were words.
func TestOddInputAsEveryRole(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.enrolWithTimes(sam, "Sam 9am")
	h.openWorkerChat(otherWorkr)
	roles := []telegramtest.User{sam, workerUser, otherWorkr, stranger}

	type reaction int
	const (
		answered reaction = iota // at least one reply in the sender's chat
		ignored                  // no reply at all
	)
	texts := []struct {
		name, text string
		want       reaction
	}{
		{"emoji only", "🙂🙂🙂", answered},
		{"flag and skin-tone emoji", "🏳️‍🌈👍🏽", answered},
		{"right to left", "مرحبا، كيف حالك؟", answered},
		{"right-to-left override", "\u202Egnp.exe 9am", answered},
		{"control characters", "\x01\x02\x1b[31mred\x7f", answered},
		{"NUL", "a\x00b", answered},
		{"zero width", "\u200B\u200C\u200D\uFEFF", answered},
		{"combining marks", "Z" + strings.Repeat("\u0301", 500), answered},
		{"command with NUL", "/timezone Europe/London\x00", answered},
		{"command with RTL", "/schedule \u202E9am", answered},
		{"command with control", "/quiet \x1b10pm-7am", answered},
		{"unpaired surrogate escape", "\xed\xa0\x80", answered},
		{"HTML", "<b>bold</b> & <script>", answered},
		{"a command to another bot", "/start@SomeOtherBot", answered},
		{"a long word", strings.Repeat("w", 4096), answered},
	}
	for _, tt := range texts {
		for _, u := range roles {
			before := len(h.emu.BotMessages(u.ID))
			h.asNewMinute(u)
			h.send(u, tt.text)
			if tt.want == answered {
				h.waitFor(u.ID, before+1)
			}
			h.settle()
			checkReplies(t, tt.name, u, h.emu.BotMessages(u.ID)[before:])
		}
	}

	// Things that are not text: a short answer or nothing, never an empty line saved as words,
	// even while the bot waits for Sam to type a line of the plan.
	h.pressAndNext(sam, h.sendAndWait(sam, "/plan"), "+ Something that helps")
	for _, kind := range []string{"sticker", "photo", "voice", "document"} {
		for _, u := range roles {
			before := len(h.emu.BotMessages(u.ID))
			h.asNewMinute(u)
			if _, err := h.emu.SendMedia(u, kind, ""); err != nil {
				t.Fatal(err)
			}
			h.settle()
			checkReplies(t, kind, u, h.emu.BotMessages(u.ID)[before:])
		}
	}
	if _, err := h.emu.SendMedia(sam, "photo", "my 9am pills <b>"); err != nil {
		t.Fatal(err)
	}
	h.settle()
	h.st.Update(context.Background(), func(tx *store.Tx) error {
		items, err := tx.Plan(context.Background(), h.person(sam).ID)
		if len(items) != 0 {
			t.Errorf("stickers and photos became plan lines: %+v", items)
		}
		return err
	})

	// An edited message and messages in a group the bot was added to are ignored.
	for _, u := range roles {
		m, err := h.emu.SendMessage(u, "/help")
		if err != nil {
			t.Fatal(err)
		}
		h.settle()
		before := len(h.emu.BotMessages(u.ID))
		if _, err := h.emu.EditMessage(u, m.ID, "/crisis"); err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{"/start", "/crisis", "/summary Sam", "I feel awful", "/start abcdef"} {
			if _, err := h.emu.SendGroupMessage(u, -100777, "Coffee group", text); err != nil {
				t.Fatal(err)
			}
		}
		h.settle()
		if got := h.emu.BotMessages(u.ID)[before:]; len(got) != 0 {
			t.Errorf("an edit or a group message got %s a reply: %s", u.FirstName, dump(got))
		}
	}
	if got := h.emu.BotMessages(-100777); len(got) != 0 {
		t.Errorf("the bot spoke in a group: %s", dump(got))
	}

	// Forged button data of every shape: every press is answered, nothing changes.
	forged := []string{"", "x", ":", "::::", "ci:", "ci:1", "ci:x:y:z", "ci:99999999999999999999:0:5", "ci:1:-1:5",
		"ci:1:999999:5", "ci:-1:0:", "fl:", "fl:x:ack", "fl:-1:ack", "fl:1:", "fl:1:explode", "sch:", "sch:zz",
		"sch:d:2561", "pause:", "pause:-3", "pause:99999999999", "lang:", "lang:xx", "lang:../en", "ls:", "ls:open:",
		"ls:open:../../etc/passwd", "ls:next:sleep:-1", "ls:next:sleep:999", "plan:", "plan:rm:-1", "agenda:",
		"sign:", "sign:add:-1", "sign:add:99999", "goal:", "goal:new:x", "goal:rm:0", "cl:", "cl:x", "cl:-1",
		"del:", "consent:", "consent:maybe", "stop:", "contact:extra", "\x00", "🙂", strings.Repeat("a", 64),
		"ci:1:0:" + strings.Repeat("9", 50)}
	for _, u := range roles {
		for _, d := range forged {
			h.asNewMinute(u)
			id := h.emu.PressForged(u, u.ID, 1, d)
			err := h.emu.WaitUntil(h.ctx(), func() bool { _, ok := h.emu.CallbackAnswer(id); return ok })
			h.settle()
			if err != nil {
				t.Errorf("%s pressing %q: the press was never answered", u.FirstName, d)
			}
		}
	}
	var out strings.Builder
	h.reg.WriteTo(&out)
	if strings.Contains(out.String(), "tandem_handler_panics_total ") && !strings.Contains(out.String(), "tandem_handler_panics_total 0") {
		t.Errorf("handlers panicked:\n%s", out.String())
	}
	if p := h.person(sam); p.State != "active" || p.Language != "en" {
		t.Errorf("odd input changed Sam: %+v", p)
	}
}

// asNewMinute moves the bot's clock on a minute before the stranger speaks, so the limit on
// what strangers can make the bot say (TestStrangerFloodIsAnsweredThenSilenced) does not
// silence a walk that is about something else.
func (h *harness) asNewMinute(u telegramtest.User) {
	if u.ID == stranger.ID {
		h.setNow(h.clock.Load().Add(bot.StrangerWindow))
	}
}

func checkReplies(t *testing.T, what string, u telegramtest.User, got []telegramtest.Message) {
	t.Helper()
	for _, m := range got {
		if strings.Contains(m.Text, "something went wrong") {
			t.Errorf("%s as %s: an apology for a failure", what, u.FirstName)
		}
		if len(m.Text) == 0 && m.Photo == nil && m.Document == nil {
			t.Errorf("%s as %s: an empty reply", what, u.FirstName)
		}
	}
}

// A reply to a flag as long as Telegram allows reaches the other side whole, both ways, though
// with the relay's own words around it it would be too long for one message.
func TestLongRepliesThroughAFlagArriveWhole(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.sendAndWait(sam, "/contact please ring me")
	flagMsg := h.waitFor(workerUser.ID, w0+1)[w0]
	h.press(workerUser, flagMsg, "Reply through Tandem")
	h.settle()
	long := func(tag string) string { return tag + strings.Repeat("é<&", 1360) + tag } // 4,088 characters
	s0 := len(h.emu.BotMessages(sam.ID))
	h.send(workerUser, long("W"))
	h.settle()
	var got strings.Builder
	for _, m := range h.emu.BotMessages(sam.ID)[s0:] {
		got.WriteString(m.Text)
	}
	if strings.Count(got.String(), "é") != 1360 || strings.Count(got.String(), "<&") < 1359 || strings.Count(got.String(), "W") != 2 || !strings.Contains(got.String(), "Message from Jordan") {
		t.Errorf("Sam got %d of 1360 pieces of Jordan's reply", strings.Count(got.String(), "é"))
	}
	w1 := len(h.emu.BotMessages(workerUser.ID))
	h.send(sam, long("S"))
	h.settle()
	got.Reset()
	for _, m := range h.emu.BotMessages(workerUser.ID)[w1:] {
		got.WriteString(m.Text)
	}
	if strings.Count(got.String(), "é") != 1360 || strings.Count(got.String(), "<&") < 1359 || !strings.HasSuffix(got.String(), "S") || !strings.Contains(got.String(), "Sam replied") {
		t.Errorf("Jordan got %d of 1360 pieces of Sam's reply", strings.Count(got.String(), "é"))
	}
}
