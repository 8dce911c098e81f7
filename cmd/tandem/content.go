package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tandemcare/tandem/content"
)

// cmdContent checks a content pack folder without starting Tandem: every problem, with its file
// and line, so a clinician editing lessons or wording can fix them in one go, and how complete
// each language is.
func cmdContent(args []string, stdout io.Writer) error {
	strict := len(args) == 3 && args[1] == "--strict"
	if strict {
		args = []string{args[0], args[2]}
	}
	switch {
	case len(args) == 2 && args[0] == "check":
		return contentCheck(args[1], strict, stdout)
	case len(args) == 2 && args[0] == "readability":
		return contentReadability(args[1], stdout)
	}
	return errors.New("content: usage: tandem content check [--strict] DIR, or tandem content readability DIR")
}

func isDir(dir string) error {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("content: %s is not a folder", dir)
	}
	return nil
}

// contentCheck prints each language's coverage (when the pack loads), then every problem. It
// fails on errors, which would stop Tandem from starting, and with --strict on warnings too.
func contentCheck(dir string, strict bool, stdout io.Writer) error {
	if err := isDir(dir); err != nil {
		return err
	}
	// The problems below say why a pack does not load; coverage needs one that does.
	if p, err := content.Load(os.DirFS(dir)); err == nil {
		for _, c := range p.Coverage() {
			fmt.Fprintln(stdout, c)
		}
	}
	problems := content.Check(os.DirFS(dir))
	var errs, warns int
	for _, pr := range problems {
		fmt.Fprintln(stdout, pr)
		if pr.Severity == content.Error {
			errs++
		} else {
			warns++
		}
	}
	switch {
	case errs > 0:
		return fmt.Errorf("content check: %d %s and %d %s in %s: Tandem will not start with this pack until the errors are fixed",
			errs, plural(errs, "error", "errors"), warns, plural(warns, "warning", "warnings"), dir)
	case warns > 0 && strict:
		return fmt.Errorf("content check: %d %s in %s (--strict)", warns, plural(warns, "warning", "warnings"), dir)
	case warns > 0:
		fmt.Fprintf(stdout, "%s: Tandem can start with this pack, but people would notice the %d %s above\n", dir, warns, plural(warns, "warning", "warnings"))
	default:
		fmt.Fprintf(stdout, "%s: the content pack is fine\n", dir)
	}
	return nil
}

// contentReadability prints how easily each lesson reads, in each language, by the measure for
// that language: the figures behind the default pack's SOURCES.md.
func contentReadability(dir string, stdout io.Writer) error {
	if err := isDir(dir); err != nil {
		return err
	}
	p, err := content.Load(os.DirFS(dir))
	if err != nil {
		return fmt.Errorf("%w (tandem content check %s says more)", err, dir)
	}
	fmt.Fprintf(stdout, "%-3s %-16s %-4s %-22s %7s  %s\n", "#", "lesson", "lang", "measure", "score", "level")
	for _, l := range p.Lessons() {
		for _, lang := range p.Languages {
			t, _ := p.LessonIn(l.ID, lang)
			if t.Language != lang {
				fmt.Fprintf(stdout, "%-3d %-16s %-4s %s\n", l.Order, l.ID, lang, "no translation")
				continue
			}
			r, ok := t.Readability()
			if !ok {
				fmt.Fprintf(stdout, "%-3d %-16s %-4s %s\n", l.Order, l.ID, lang, "no measure for this language")
				continue
			}
			mark := ""
			if !r.Easy {
				mark = "  (harder than the target: " + r.Target() + ")"
			}
			fmt.Fprintf(stdout, "%-3d %-16s %-4s %-22s %7.1f  %s%s\n", l.Order, l.ID, lang, r.Measure, r.Score, r.Level, mark)
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
