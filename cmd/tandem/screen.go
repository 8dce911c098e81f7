package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/triage"
)

// screenLine is what `tandem screen` prints for one message.
type screenLine struct {
	Tier       triage.Tier       `json:"tier"`
	Categories []triage.Category `json:"categories"`
	Lang       string            `json:"lang"`
	Matched    []string          `json:"matched"`
	Model      *triage.Probs     `json:"model,omitempty"`
	Context    []string          `json:"context"`
}

// cmdScreen screens messages as the bot would: the arguments, or else one message a line on
// stdin, each answered with one JSON line. It is how a clinical lead tests an edit to the
// lists (--pack DIR) before a service uses them, and what the evaluation reads.
func cmdScreen(args []string, stdin io.Reader, stdout io.Writer) error {
	fl := flag.NewFlagSet("screen", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	packDir := fl.String("pack", "", "a content pack folder (default: the built-in pack)")
	plan := fl.Bool("plan", false, "screen the lines as lines of a person's crisis plan")
	sign := fl.Bool("sign", false, "screen the lines as early warning signs in a person's own words")
	if err := fl.Parse(args); err != nil {
		return fmt.Errorf("screen: %w (usage: tandem screen [--pack DIR] [--plan|--sign] [MESSAGE...])", err)
	}
	pack := content.Default()
	if *packDir != "" {
		if st, err := os.Stat(*packDir); err != nil || !st.IsDir() {
			return fmt.Errorf("screen: %s is not a folder", *packDir)
		}
		p, err := content.Load(os.DirFS(*packDir))
		if err != nil {
			return fmt.Errorf("screen: %s: %w (tandem content check %s lists every problem)", *packDir, err, *packDir)
		}
		pack = p
	}
	s := pack.Screener()
	surface := triage.SurfaceMessage
	switch {
	case *plan:
		surface = triage.SurfacePlan
	case *sign:
		surface = triage.SurfaceSign
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	screen := func(text string) error {
		r := s.ScreenAs(text, surface)
		return enc.Encode(screenLine{Tier: r.Tier, Categories: r.Categories, Lang: r.Lang, Matched: r.Matched, Context: r.Context, Model: r.Model})
	}
	if fl.NArg() > 0 {
		for _, text := range fl.Args() {
			if err := screen(text); err != nil {
				return fmt.Errorf("screen: %w", err)
			}
		}
		return nil
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		// Every line gets an answer, even an empty one, so output lines match input lines.
		if err := screen(strings.TrimRight(sc.Text(), "\r")); err != nil {
			return fmt.Errorf("screen: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("screen: a line is longer than 1 MB")
		}
		return fmt.Errorf("screen: reading messages: %w", err)
	}
	return nil
}
