package chart

import (
	"bytes"
	"image/png"
	"testing"
	"time"
)

func TestTrendIsAPNGOfTheRightSize(t *testing.T) {
	day := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var mood, stress []Point
	for i := range 7 {
		mood = append(mood, Point{At: day.AddDate(0, 0, i), Value: float64(1 + i%5)})
		stress = append(stress, Point{At: day.AddDate(0, 0, i), Value: float64(5 - i%5)})
	}
	raw, err := Trend("Sam: last 4 weeks", 1, 5, []Series{{Name: "Mood", Points: mood}, {Name: "Stress", Points: stress}, {Name: "Sleep"}})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 300 {
		t.Errorf("chart is %dx%d; too small to read on a phone", b.Dx(), b.Dy())
	}
	if _, err := Trend("empty", 1, 5, []Series{{Name: "Mood"}}); err == nil {
		t.Error("an empty chart was drawn")
	}
}

func TestBars(t *testing.T) {
	raw, err := Bars("Check-ins answered this week", "% answered", 100, []Bar{{"Jordan R.", 75}, {"Priya S.", 40}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if _, err := Bars("none", "", 100, nil); err == nil {
		t.Error("an empty bar chart was drawn")
	}
}
