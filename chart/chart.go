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
}

// Trend draws series on a 1-to-max scale against dates, as a PNG about 800x400 pixels.
func Trend(title string, min, max float64, series []Series) ([]byte, error) {
	p := plot.New()
	p.Title.Text = title
	p.Y.Min, p.Y.Max = min-0.2, max+0.2
	p.Y.Tick.Marker = plot.ConstantTicks(ticks(min, max))
	p.X.Tick.Marker = plot.TimeTicks{Format: "2 Jan"}
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	drawn := 0
	for i, s := range series {
		if len(s.Points) == 0 {
			continue
		}
		xys := make(plotter.XYs, len(s.Points))
		for j, pt := range s.Points {
			xys[j].X, xys[j].Y = float64(pt.At.Unix()), pt.Value
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("chart: %s: %w", s.Name, err)
		}
		style := palette[i%len(palette)]
		line.Color, line.Dashes, line.Width = style.color, style.dash, vg.Points(2)
		points.Color, points.Shape = style.color, draw.CircleGlyph{}
		p.Add(line, points)
		p.Legend.Add(s.Name, line, points)
		drawn++
	}
	if drawn == 0 {
		return nil, fmt.Errorf("chart: nothing to draw")
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
