package chart

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
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

// The three charts issue 15 asked to be looked at: 28 days with gaps, a single day with several
// answers, and every question at once. Each is drawn; set TANDEM_KEEP to a folder to keep the
// PNGs and look at them.
func TestTrendChartsToLookAt(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var mood, sleep []Point
	for d := 0; d < 28; d++ {
		if d%5 == 3 || (d >= 10 && d < 14) { // days missed, and a gap of four
			continue
		}
		mood = append(mood, Point{At: start.AddDate(0, 0, d), Value: float64(1 + d%5)})
		sleep = append(sleep, Point{At: start.AddDate(0, 0, d).Add(10 * time.Hour), Value: float64(1 + (d+2)%5)})
	}
	spanish := func(t time.Time) string {
		return fmt.Sprintf("%d %s", t.Day(), [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"}[t.Month()-1])
	}
	oneDay := []Series{
		{Name: "¿Cómo ha estado tu ánimo hoy?", Points: []Point{{start, 2}, {start.Add(5 * time.Hour), 3}, {start.Add(11 * time.Hour), 3}}},
		{Name: "¿Cuánto estrés has tenido hoy?", Points: []Point{{start, 3}, {start.Add(5 * time.Hour), 3}, {start.Add(11 * time.Hour), 4}}},
	}
	var every []Series
	for i, name := range []string{"How has your mood been today?", "How well did you sleep last night?", "How much stress or worry have you had today?", "How much did this upset you?", "Have you noticed this today: sleeping less?"} {
		var pts []Point
		for d := 0; d < 7; d++ {
			pts = append(pts, Point{At: start.AddDate(0, 0, d), Value: float64(1 + (d+i)%5)})
		}
		every = append(every, Series{Name: name, Points: pts})
	}
	charts := []struct {
		name   string
		series []Series
		label  func(time.Time) string
	}{
		{"28-days-gaps", []Series{{Name: "¿Cómo ha estado tu ánimo hoy?", Points: mood}, {Name: "¿Qué tal dormiste anoche?", Points: sleep}}, spanish},
		{"single-day", oneDay, spanish},
		{"every-question", every, func(t time.Time) string { return t.Format("2 Jan") }},
	}
	for _, c := range charts {
		raw, err := TrendIn("Test", 1, 5, c.series, c.label)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
			t.Fatalf("%s: not a PNG: %v", c.name, err)
		}
		if dir := os.Getenv("TANDEM_KEEP"); dir != "" {
			os.WriteFile(filepath.Join(dir, "chart-"+c.name+".png"), raw, 0o644)
		}
	}
}

// No day is named twice on the x-axis, however long the chart.
func TestDayTicksNameEachDayOnce(t *testing.T) {
	first := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for _, days := range []int{1, 2, 7, 28, 90} {
		seen := map[string]bool{}
		labelled := 0
		for _, tk := range dayTicks(first, days, time.UTC, func(t time.Time) string { return t.Format("2 Jan") }) {
			if tk.Label == "" {
				continue
			}
			labelled++
			if seen[tk.Label] {
				t.Errorf("%d days: %q twice", days, tk.Label)
			}
			seen[tk.Label] = true
		}
		if labelled == 0 || labelled > 11 {
			t.Errorf("%d days: %d labels", days, labelled)
		}
	}
}
