// Package chart draws the small PNG charts workers see: a person's check-in trends for a
// pre-appointment summary. People would rather look than read; a week of answers is a line.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Point is one answer on one day.
type Point struct {
	At    time.Time
	Value float64
}

// Series is one question's answers over time.
type Series struct {
	Name   string
	Points []Point
}

// palette tells the lines apart without relying on colour alone: each has its own dash too.
var palette = []struct {
	color color.Color
	dash  []vg.Length
}{
	{color.RGBA{R: 0x1f, G: 0x6f, B: 0xb4, A: 0xff}, nil},
	{color.RGBA{R: 0xd9, G: 0x5f, B: 0x02, A: 0xff}, []vg.Length{vg.Points(6), vg.Points(3)}},
	{color.RGBA{R: 0x1b, G: 0x9e, B: 0x77, A: 0xff}, []vg.Length{vg.Points(2), vg.Points(2)}},
	{color.RGBA{R: 0x75, G: 0x70, B: 0xb3, A: 0xff}, []vg.Length{vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)}},
	{color.RGBA{R: 0xe7, G: 0x29, B: 0x8a, A: 0xff}, []vg.Length{vg.Points(10), vg.Points(4)}},
	{color.RGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xff}, []vg.Length{vg.Points(1), vg.Points(3)}},
}

// Trend draws series on a min-to-max scale against days, as a PNG about 800x400 pixels, with
// days labelled in English ("7 Dec"). TrendIn labels them in another language.
func Trend(title string, min, max float64, series []Series) ([]byte, error) {
	return TrendIn(title, min, max, series, func(t time.Time) string { return t.Format("2 Jan") })
}

// TrendIn draws series as Trend does, naming each day with dayLabel (the reader's language).
//
// It is drawn to be read, not just to look like a chart: the x-axis has one tick per day and
// no day twice; answers given on the same day are spread across that day rather than drawn on
// top of each other, and each series is nudged a little sideways so equal answers to different
// questions stay visible; the legend sits in its own space above the highest answer, inside
// the image, so it never covers a dot.
func TrendIn(title string, min, max float64, series []Series, dayLabel func(time.Time) string) ([]byte, error) {
	var drawn []Series
	var first, last time.Time
	for _, s := range series {
		if len(s.Points) == 0 {
			continue
		}
		drawn = append(drawn, s)
		for _, pt := range s.Points {
			d := day(pt.At)
			if first.IsZero() || d.Before(first) {
				first = d
			}
			if d.After(last) {
				last = d
			}
		}
	}
	if len(drawn) == 0 {
		return nil, fmt.Errorf("chart: nothing to draw")
	}
	loc := first.Location()
	days := int(last.Sub(first).Hours()/24+0.5) + 1
	index := func(t time.Time) float64 { return float64(int(day(t).Sub(first).Hours()/24 + 0.5)) }

	p := plot.New()
	p.Title.Text = title
	// Room above the scale for the legend: one line per series.
	headroom := 0.45*float64(len(drawn)) + 0.3
	p.Y.Min, p.Y.Max = min-0.3, max+headroom
	p.Y.Tick.Marker = plot.ConstantTicks(ticks(min, max))
	p.X.Min, p.X.Max = -0.6, float64(days-1)+0.6
	p.X.Tick.Marker = plot.ConstantTicks(dayTicks(first, days, loc, dayLabel))
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(4)
	p.Add(plotter.NewGrid())
	for i, s := range drawn {
		// Several answers on one day: spread within the day, in the order given.
		perDay := map[float64]int{}
		for _, pt := range s.Points {
			perDay[index(pt.At)]++
		}
		seen := map[float64]int{}
		nudge := (float64(i) - float64(len(drawn)-1)/2) * 0.06
		xys := make(plotter.XYs, len(s.Points))
		for j, pt := range s.Points {
			x := index(pt.At)
			if n := perDay[x]; n > 1 {
				x += -0.3 + 0.6*float64(seen[x])/float64(n-1)
			}
			seen[index(pt.At)]++
			xys[j].X, xys[j].Y = x+nudge, pt.Value
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("chart: %s: %w", s.Name, err)
		}
		style := palette[i%len(palette)]
		line.Color, line.Dashes, line.Width = style.color, style.dash, vg.Points(2)
		points.Color, points.Shape, points.Radius = style.color, glyphs[i%len(glyphs)], vg.Points(3.5)
		p.Add(line, points)
		p.Legend.Add(s.Name, line, points)
	}
	wt, err := p.WriterTo(8*vg.Inch, 4*vg.Inch, "png")
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}

// glyphs tell series apart in print and for colour-blind readers, with the dashes.
var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{}, draw.BoxGlyph{}, draw.CrossGlyph{}}

// day is the start of t's day, in t's zone: the unit the x-axis counts in.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// dayTicks labels every day when there are few, else every few days, never the same day twice.
func dayTicks(first time.Time, days int, loc *time.Location, label func(time.Time) string) []plot.Tick {
	step := 1
	for days/step > 10 {
		step++
	}
	var out []plot.Tick
	for i := 0; i < days; i++ {
		t := plot.Tick{Value: float64(i)}
		if i%step == 0 {
			t.Label = label(time.Date(first.Year(), first.Month(), first.Day()+i, 12, 0, 0, 0, loc))
		}
		out = append(out, t)
	}
	return out
}

func ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for v := min; v <= max; v++ {
		out = append(out, plot.Tick{Value: v, Label: fmt.Sprint(v)})
	}
	return out
}

// Bar is one labelled value in a bar chart.
type Bar struct {
	Label string
	Value float64
}

// Bars draws labelled bars from 0 to max (percentages, say) as a PNG.
func Bars(title, yLabel string, max float64, bars []Bar) ([]byte, error) {
	if len(bars) == 0 {
		return nil, fmt.Errorf("chart: nothing to draw")
	}
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = yLabel
	p.Y.Min, p.Y.Max = 0, max
	values := make(plotter.Values, len(bars))
	var labels []string
	for i, b := range bars {
		values[i] = b.Value
		labels = append(labels, b.Label)
	}
	bc, err := plotter.NewBarChart(values, vg.Points(28))
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	bc.Color = palette[0].color
	p.Add(bc)
	p.NominalX(labels...)
	wt, err := p.WriterTo(8*vg.Inch, 4*vg.Inch, "png")
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}
