package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/telegramtest"
)

// pressInChat is a button press on a message in a chat of the given type ("group",
// "supergroup"), as Telegram delivers it.
func pressInChat(from telegramtest.User, chatID int64, chatType, data string) map[string]any {
	upd := press(from, chatID, data)
	q := upd["callback_query"].(map[string]any)
	q["message"].(map[string]any)["chat"] = map[string]any{"id": chatID, "type": chatType}
	q["from"].(map[string]any)["language_code"] = from.LanguageCode
	return upd
}

// A button pressed in a group (a message forwarded there, or an old one) changes nothing, but
// the press is answered: Telegram keeps a pressed button spinning until it is, and whoever
// pressed it is told kindly why nothing happened, in their language.
func TestGroupButtonPressIsAnsweredAndChangesNothing(t *testing.T) {
	t.Parallel()
	fb := newFuzzBot(t)
	ctx := context.Background()
	const group = -4001
	spanish := telegramtest.User{ID: 3005, FirstName: "Marta", LanguageCode: "es"}
	cases := []struct {
		who  telegramtest.User
		data string
		want string
	}{
		{sam, bot.ConsentAgree, "Tandem only works in a private chat"},
		{workerUser, "fl:1:ack", "Tandem only works in a private chat"},
		{spanish, "ls:open:sleep", "Tandem solo funciona en un chat privado"},
		{stranger, "nonsense", "Tandem only works in a private chat"},
	}
	before, err := fb.st.PersonByTelegramID(ctx, sam.ID)
	if err != nil {
		t.Fatal(err)
	}
	toSam, err := fb.st.OutboxForChat(ctx, sam.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		fb.mustFeed(t, pressInChat(c.who, group, "supergroup", c.data))
		rows, err := fb.st.OutboxForChat(ctx, group)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != i+1 {
			t.Fatalf("%s pressed %q in a group: %d replies queued in all, want one each", c.who.FirstName, c.data, len(rows))
		}
		got := rows[i].Msg
		if got.Kind != tandem.KindAnswerCallback || got.CallbackID == "" || !strings.Contains(got.Text, c.want) {
			t.Errorf("%s pressed %q in a group: queued %s %q, want an answer saying %q", c.who.FirstName, c.data, got.Kind, got.Text, c.want)
		}
	}
	after, err := fb.st.PersonByTelegramID(ctx, sam.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.State != before.State || after.Awaiting != before.Awaiting {
		t.Errorf("a press in a group changed Sam: %+v, was %+v", after, before)
	}
	if rows, _ := fb.st.OutboxForChat(ctx, sam.ID); len(rows) != len(toSam) {
		t.Errorf("a press in a group sent Sam %d messages in their own chat", len(rows)-len(toSam))
	}
}
