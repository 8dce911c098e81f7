package bot_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSummaryWithAChart(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	h.sendAndWait(sam, "/agenda my new tablets")
	day := monday.Add(90 * time.Minute)
	for d := range 3 {
		h.tick(day.Add(time.Duration(d) * 24 * time.Hour))
		q := h.pressAndNextQuestion(sam, h.last(sam), []string{"4 · Good", "2 · Low", "3 · OK"}[d])
		q = h.pressAndNextQuestion(sam, q, "3 · OK")
		q = h.pressAndNextQuestion(sam, q, "2 · A little")
		q = h.pressAndNextQuestion(sam, q, "Not today")
		h.press(sam, q, "Skip")
		h.settle()
	}
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.send(workerUser, "/summary Sam")
	msgs := h.waitFor(workerUser.ID, w0+2)
	photo, text := msgs[w0], msgs[w0+1]
	img, err := png.Decode(bytes.NewReader(photo.Photo))
	if err != nil {
		t.Fatalf("the summary chart is not a PNG: %v", err)
	}
	if dir := os.Getenv("TANDEM_KEEP"); dir != "" {
		os.WriteFile(filepath.Join(dir, "summary-chart.png"), photo.Photo, 0o644)
	}
	if img.Bounds().Dx() < 600 {
		t.Errorf("chart %d px wide", img.Bounds().Dx())
	}
	mustContain(t, "caption", photo.Text, "Sam's check-in answers over the last 28 days")
	mustContain(t, "summary", text.Text, "Sam: the last 28 days", "Check-ins answered: 3 of 3", "For the next appointment", "my new tablets")
	h.openWorkerChat(otherWorkr)
	// An unknown name suggests the command that was typed, not another one.
	unknown := h.sendAndWait(workerUser, "/summary Nobody").Text
	mustContain(t, "unknown name", unknown, "Type /summary with their name first, like /summary Sam")
	if strings.Contains(unknown, "/schedule") {
		t.Errorf("an unknown name for /summary suggests /schedule: %q", unknown)
	}
	mustContain(t, "other worker", h.sendAndWait(otherWorkr, "/summary Sam").Text, "couldn't find")
}
