package telegramtest

import (
	"encoding/json"
	"testing"

	"github.com/go-telegram/bot/models"
)

// Media from users, edits and group messages reach the bot as go-telegram/bot decodes them.
func TestUserMediaEditsAndGroups(t *testing.T) {
	s := newTestServer(t)
	m, err := s.SendMessage(alice, "hello")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"sticker", "photo", "voice", "document"} {
		if _, err := s.SendMedia(alice, kind, "a caption"); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
	}
	if _, err := s.SendMedia(alice, "hologram", ""); err == nil {
		t.Error("an unknown media kind was accepted")
	}
	if _, err := s.EditMessage(alice, m.ID, "hello again"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditMessage(alice, 999, "x"); err == nil {
		t.Error("editing a missing message was accepted")
	}
	if _, err := s.SendGroupMessage(alice, -4001, "Friends", "/start"); err != nil {
		t.Fatal(err)
	}
	r := call(t, s, "getUpdates", asJSON, map[string]any{"allowed_updates": []string{"message", "edited_message"}})
	mustOK(t, r)
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatal(err)
	}
	if len(ups) != 7 {
		t.Fatalf("got %d updates, want 7", len(ups))
	}
	got := ups[1:]
	if got[0].Message.Sticker == nil || got[0].Message.Caption != "" {
		t.Errorf("sticker: %+v", got[0].Message)
	}
	if len(got[1].Message.Photo) != 1 || got[1].Message.Caption != "a caption" || got[1].Message.Text != "" {
		t.Errorf("photo: %+v", got[1].Message)
	}
	if got[2].Message.Voice == nil || got[2].Message.Voice.Duration != 3 {
		t.Errorf("voice: %+v", got[2].Message)
	}
	if got[3].Message.Document == nil {
		t.Errorf("document: %+v", got[3].Message)
	}
	if e := got[4].EditedMessage; e == nil || e.Text != "hello again" || e.EditDate == 0 || e.ID != m.ID {
		t.Errorf("edit: %+v", got[4])
	}
	if g := got[5].Message; g == nil || g.Chat.Type != models.ChatTypeGroup || g.Chat.ID != -4001 || len(g.Entities) != 1 {
		t.Errorf("group message: %+v", got[5])
	}
}
