package bot

import (
	"context"
	"testing"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

func TestChangedConsentIsPutToPeopleOnce(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()
	// Sam agreed to an older text.
	p := h.person(sam)
	err := h.st.Update(context.Background(), func(tx *store.Tx) error {
		return tx.RecordConsent(context.Background(), tandem.Consent{PersonID: p.ID, Version: "2026.10.1", Decision: tandem.ConsentAgreed}, 0)
	})
	if err != nil {
		t.Fatal(err)
	}
	n := len(h.emu.BotMessages(sam.ID))
	h.send(sam, "/help")
	msgs := h.waitFor(sam.ID, n+3)[n:]
	mustContain(t, "changed", msgs[0].Text, "explained more fully since you agreed")
	mustContain(t, "summary again", msgs[1].Text, "Who sees what")
	mustContain(t, "then the help", msgs[2].Text, "What I can do")

	// Asked once: the next message is not interrupted.
	n = len(h.emu.BotMessages(sam.ID))
	mustContain(t, "not again", h.sendAndWait(sam, "/crisis").Text, "If you need help now")
	h.settle()
	if got := len(h.emu.BotMessages(sam.ID)); got != n+1 {
		t.Errorf("asked again: %s", dump(h.emu.BotMessages(sam.ID)[n:]))
	}
	h.press(sam, msgs[1], "I agree")
	h.settle()
	var c tandem.Consent
	h.st.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		c, err = tx.LatestConsent(context.Background(), p.ID)
		return err
	})
	if c.Decision != tandem.ConsentAgreed || c.Version != "2026.11.4" {
		t.Errorf("after agreeing again: %+v", c)
	}
}
