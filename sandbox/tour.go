package sandbox

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/tandemcare/tandem/telegramtest"
)

// A tour step is one button on the page. Show names the pane to look at afterwards: "person",
// "worker" or "staff"; Person, when set, is which demo person the phone shows.
type tourStep struct {
	Title  string
	Text   string
	Button string
	Show   string
	Person int // index into Options.People, or -1
	Do     func(s *Sandbox, ctx context.Context) error
}

// theTour walks through the joint workflow: enrolment, a check-in with a hard answer, the flag,
// its acknowledgement, an escalation and the digest. Every step acts through the emulator as a
// person would, so the bot under test is the real one.
func theTour() []tourStep {
	return []tourStep{
		{Title: "Enrol Alex", Show: "person", Person: 0, Button: "Robin invites Alex",
			Text: "Robin, the worker, sends /invite Alex 9am; Alex opens the link, agrees and accepts a daily check-in at 9am.",
			Do:   (*Sandbox).enrolAlex},
		{Title: "A check-in with a hard answer", Show: "person", Person: 0, Button: "Go to 9am: Alex answers",
			Text: "The clock moves to the next check-in. Alex answers: low mood, voices that upset a lot.",
			Do:   (*Sandbox).hardCheckin},
		{Title: "The flag arrives", Show: "worker", Person: -1, Button: "Look at Robin's chat",
			Text: "Robin gets an urgent flag with the answers that raised it and buttons to act on it.",
			Do:   func(*Sandbox, context.Context) error { return nil }},
		{Title: "Robin acknowledges", Show: "person", Person: 0, Button: "Robin presses Acknowledge",
			Text: "Robin acknowledges the flag, and Alex is told Robin has seen it.",
			Do:   (*Sandbox).acknowledge},
		{Title: "An unacknowledged flag escalates", Show: "staff", Person: 1, Button: "Sam writes; jump 31 minutes",
			Text: "Sam writes something worrying and gets the crisis contacts at once. Nobody acknowledges the flag, so 30 minutes into working hours it goes to the staff channel.",
			Do:   (*Sandbox).escalation},
		{Title: "The staff digest", Show: "staff", Person: -1, Button: "Jump to the digest",
			Text: "At 16:30 on working days the staff channel gets a digest: pseudonyms and counts, nothing anyone said.",
			Do:   (*Sandbox).digest},
	}
}

// waitFor is how long a tour step waits for the bot's answer.
const waitFor = 15 * time.Second

// Tour runs step n, which must be the next one, and reports the step after it.
func (s *Sandbox) Tour(ctx context.Context, n int) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notify()
	steps := theTour()
	cur := s.TourStep()
	if n != cur || n >= len(steps) {
		return cur, fmt.Errorf("that tour step is not next (next is %d)", cur+1)
	}
	if err := steps[n].Do(s, ctx); err != nil {
		return cur, fmt.Errorf("tour step %d (%s): %w", n+1, steps[n].Title, err)
	}
	if err := s.settle(ctx); err != nil {
		return cur, err
	}
	s.tour.Store(int32(n + 1))
	return n + 1, nil
}

// seed makes the demo: the worker has opened their chat and Sam is enrolled with an afternoon
// check-in, so Sam's flag can escalate in the tour. Alex is left for the tour to enrol.
func (s *Sandbox) seed(ctx context.Context) error {
	if err := s.openWorkerChat(ctx); err != nil {
		return err
	}
	return s.enrol(ctx, s.opts.People[1], "2pm")
}

// openChats opens every demo person's chat again after loading a saved database, whose
// emulator history is gone: the bot can write only to people who started it.
func (s *Sandbox) openChats(ctx context.Context) error {
	if err := s.openWorkerChat(ctx); err != nil {
		return err
	}
	for _, p := range s.opts.People {
		if _, err := s.world.Emu.SendMessage(p, "/start"); err != nil {
			return err
		}
	}
	return s.settle(ctx)
}

func (s *Sandbox) openWorkerChat(ctx context.Context) error {
	emu := s.world.Emu
	n := len(emu.BotMessages(s.opts.Worker.ID))
	if _, err := emu.SendMessage(s.opts.Worker, "/start"); err != nil {
		return err
	}
	_, err := s.botSays(ctx, s.opts.Worker.ID, n, func(telegramtest.Message) bool { return true })
	return err
}

var inviteLink = regexp.MustCompile(`https://t\.me/[A-Za-z0-9_]+\?start=([A-Za-z0-9_-]+)`)

// enrol has the worker invite u with a proposed check-in time, and u join and accept it.
func (s *Sandbox) enrol(ctx context.Context, u telegramtest.User, at string) error {
	emu, w := s.world.Emu, s.opts.Worker
	n := len(emu.BotMessages(w.ID))
	if _, err := emu.SendMessage(w, "/invite "+u.FirstName+" "+at); err != nil {
		return err
	}
	inv, err := s.botSays(ctx, w.ID, n, func(m telegramtest.Message) bool { return inviteLink.MatchString(m.Text) })
	if err != nil {
		return fmt.Errorf("no invite link: %w", err)
	}
	code := inviteLink.FindStringSubmatch(inv.Text)[1]
	n = len(emu.BotMessages(u.ID))
	if _, err := emu.SendMessage(u, "/start "+code); err != nil {
		return err
	}
	consent, err := s.botSays(ctx, u.ID, n, hasButtons)
	if err != nil {
		return fmt.Errorf("no consent question: %w", err)
	}
	n = len(emu.BotMessages(u.ID))
	if err := s.press(u, consent, 0); err != nil {
		return err
	}
	offer, err := s.botSays(ctx, u.ID, n, hasButtons)
	if err != nil {
		return fmt.Errorf("no check-in times offered: %w", err)
	}
	if err := s.press(u, offer, 0); err != nil {
		return err
	}
	return s.settle(ctx)
}

func (s *Sandbox) enrolAlex(ctx context.Context) error {
	return s.enrol(ctx, s.opts.People[0], "9am")
}

// hardAnswers are the worrying end of the default pack's scales; with another pack the first
// button (the low end) is pressed instead.
var hardAnswers = []string{"1 · Very low", "1 · Very poorly", "5 · Very much", "A lot"}

// hardCheckin jumps to the next check-in and answers it as someone having a hard day.
func (s *Sandbox) hardCheckin(ctx context.Context) error {
	alex, emu := s.opts.People[0], s.world.Emu
	n := len(emu.BotMessages(alex.ID))
	next, err := s.world.Bot.NextWake(ctx)
	if err != nil {
		return err
	}
	if next.IsZero() {
		return errors.New("no check-in is scheduled")
	}
	if err := s.jumpLocked(ctx, next); err != nil {
		return err
	}
	// Answer question after question until the one that wants words.
	for range 10 {
		q, err := s.botSays(ctx, alex.ID, n, func(m telegramtest.Message) bool { return hasButtons(m) && !strings.Contains(m.Text, "Your answer") })
		if err != nil {
			return fmt.Errorf("no check-in question: %w", err)
		}
		if len(q.Buttons) == 1 { // only Skip: a question answered in words
			n = len(emu.BotMessages(alex.ID))
			if _, err := emu.SendMessage(alex, "The voices kept me awake all night and I feel awful."); err != nil {
				return err
			}
			_, err := s.botSays(ctx, alex.ID, n, func(telegramtest.Message) bool { return true })
			return err
		}
		n = len(emu.BotMessages(alex.ID))
		if err := s.pressLabel(alex, q, hardAnswers); err != nil {
			return err
		}
		if err := s.settle(ctx); err != nil {
			return err
		}
		if last := emu.BotMessages(alex.ID); len(last) > n && !hasButtons(last[len(last)-1]) && strings.Contains(last[len(last)-1].Text, "Thank you") {
			return nil
		}
	}
	return errors.New("the check-in did not end")
}

// acknowledge has the worker press Acknowledge on the newest flag.
func (s *Sandbox) acknowledge(ctx context.Context) error {
	w, emu := s.opts.Worker, s.world.Emu
	msgs := emu.BotMessages(w.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, row := range msgs[i].Buttons {
			for _, b := range row {
				if strings.Contains(b.Text, "Acknowledge") {
					if _, err := emu.PressButton(w, w.ID, msgs[i].ID, b.CallbackData); err != nil {
						return err
					}
					return s.settle(ctx)
				}
			}
		}
	}
	return errors.New("no flag to acknowledge in Robin's chat")
}

// escalation has Sam write something worrying and lets 31 minutes pass unacknowledged.
func (s *Sandbox) escalation(ctx context.Context) error {
	sam, w, emu := s.opts.People[1], s.opts.Worker, s.world.Emu
	n := len(emu.BotMessages(w.ID))
	if _, err := emu.SendMessage(sam, "honestly I don't want to be here anymore"); err != nil {
		return err
	}
	if _, err := s.botSays(ctx, w.ID, n, func(telegramtest.Message) bool { return true }); err != nil {
		return fmt.Errorf("no flag for Robin: %w", err)
	}
	return s.jumpLocked(ctx, s.clock.Now().Add(31*time.Minute))
}

// digest jumps to the next staff digest.
func (s *Sandbox) digest(ctx context.Context) error {
	t := s.world.Bot.NextDigest(s.clock.Now())
	if t.IsZero() {
		return errors.New("no digest is scheduled (digest_schedule is empty)")
	}
	return s.jumpLocked(ctx, t.Add(time.Second))
}

func hasButtons(m telegramtest.Message) bool { return len(m.Buttons) > 0 }

// botSays waits for a bot message in chat, at index from or later, that matches ok.
func (s *Sandbox) botSays(ctx context.Context, chat int64, from int, ok func(telegramtest.Message) bool) (telegramtest.Message, error) {
	ctx, cancel := context.WithTimeout(ctx, waitFor)
	defer cancel()
	var found telegramtest.Message
	err := s.world.Emu.WaitUntil(ctx, func() bool {
		msgs := s.world.Emu.BotMessages(chat)
		for i := len(msgs) - 1; i >= from; i-- {
			if ok(msgs[i]) {
				found = msgs[i]
				return true
			}
		}
		return false
	})
	return found, err
}

// press presses the i-th button of m (counting along rows).
func (s *Sandbox) press(u telegramtest.User, m telegramtest.Message, i int) error {
	for _, row := range m.Buttons {
		for _, b := range row {
			if i == 0 {
				_, err := s.world.Emu.PressButton(u, m.ChatID, m.ID, b.CallbackData)
				return err
			}
			i--
		}
	}
	return fmt.Errorf("no button %d on %q", i, m.Text)
}

// pressLabel presses the first button whose label is one of labels, or else the first button.
func (s *Sandbox) pressLabel(u telegramtest.User, m telegramtest.Message, labels []string) error {
	for _, row := range m.Buttons {
		for _, b := range row {
			for _, l := range labels {
				if b.Text == l {
					_, err := s.world.Emu.PressButton(u, m.ChatID, m.ID, b.CallbackData)
					return err
				}
			}
		}
	}
	return s.press(u, m, 0)
}
