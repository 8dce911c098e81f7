package export

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Report is a document for a person to read: a title, a few lines about it, then sections of
// headed lines, and any charts. Every word in it is already in the reader's language; this
// package lays it out and knows nothing of what it says.
type Report struct {
	Title    string
	Subtitle string
	// Language is the BCP 47 code of the words ("es"), for screen readers.
	Language string
	Sections []Section
	// Footer is shown at the bottom of every page, before the page number ("Page 2 of 5").
	Footer    string
	PageWord  string // "Page", "Página"
	OfWord    string // "of", "de"
	Generated time.Time
}

// Section is a heading, lines under it, and optionally a chart (a PNG) after them.
type Section struct {
	Heading string
	Lines   []string
	Chart   []byte
	// ChartCaption says in words what the chart shows, for whoever cannot see it.
	ChartCaption string
}

// PDF lays r out on A4 pages with the standard Helvetica font. That font covers Western
// European text (Spanish included) through Windows-1252, so nothing is embedded and the file
// stays small; a character outside it (an emoji a person typed) prints as "?", and the JSON
// alongside keeps every character.
func PDF(r Report) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(r.Generated)
	pdf.SetModificationDate(r.Generated)
	pdf.SetTitle(r.Title, true)
	pdf.SetCreator("Tandem", true)
	if r.Language != "" {
		pdf.SetLang(r.Language)
	}
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-13)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s · %s %d %s {nb}", r.Footer, r.PageWord, pdf.PageNo(), r.OfWord)), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	left, _, right, _ := pdf.GetMargins()
	usable := width - left - right

	pdf.SetFont("Helvetica", "B", 18)
	pdf.SetTextColor(0, 0, 0)
	pdf.MultiCell(0, 9, tr(r.Title), "", "L", false)
	if r.Subtitle != "" {
		pdf.SetFont("Helvetica", "", 11)
		pdf.SetTextColor(60, 60, 60)
		pdf.MultiCell(0, 5.5, tr(r.Subtitle), "", "L", false)
	}
	for i, s := range r.Sections {
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "B", 13)
		pdf.SetTextColor(20, 60, 110)
		pdf.MultiCell(0, 7, tr(s.Heading), "", "L", false)
		pdf.SetFont("Helvetica", "", 11)
		pdf.SetTextColor(0, 0, 0)
		for _, line := range s.Lines {
			pdf.MultiCell(0, 5.5, tr(forPDF(line)), "", "L", false)
		}
		if len(s.Chart) > 0 {
			name := fmt.Sprintf("chart%d", i)
			opts := fpdf.ImageOptions{ImageType: "PNG", ReadDpi: false}
			info := pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(s.Chart))
			if info == nil || pdf.Err() {
				return nil, fmt.Errorf("export: pdf chart: %w", pdf.Error())
			}
			h := usable * info.Height() / info.Width()
			pdf.Ln(2)
			pdf.ImageOptions(name, left, pdf.GetY(), usable, h, true, opts, 0, "")
			if s.ChartCaption != "" {
				pdf.SetFont("Helvetica", "I", 9)
				pdf.MultiCell(0, 4.5, tr(s.ChartCaption), "", "L", false)
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("export: pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// forPDF drops the few characters Helvetica lacks that the bot itself writes, so a PDF line
// does not show "?" where the chat showed a tick or an arrow.
func forPDF(s string) string {
	return strings.NewReplacer("✓", "", "✕", "", "▶", "", "⚠️", "", "🔔", "").Replace(s)
}
