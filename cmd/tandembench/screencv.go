package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/tandemcare/tandem/triage"
)

// screenCV is the screen measured on each examples file by a model that never learned from it:
// for every file the -hold pattern names, the pack's screen is built again with that file left
// out of examples/, and that file's lines are screened by it. The lists still know every line
// (they were tuned with all the examples in view), so it is not a held-out figure for the
// lists; it is one for the model, which carries a third of the recall, and it costs no held-out
// set. A file written in one sitting by one writer is a writer the model has not read, which is
// what the people who use Tandem are.
func screenCV(screenDir, hold string, out io.Writer, misses int, markdown bool) error {
	root := os.DirFS(screenDir)
	names, err := fs.Glob(root, path.Join(examplesDir, "*.tsv"))
	if err != nil {
		return err
	}
	var held []string
	for _, n := range names {
		for _, pat := range strings.Split(hold, ",") {
			if ok, err := path.Match(pat, path.Base(n)); err != nil {
				return fmt.Errorf("screen-cv: -hold %q: %w", pat, err)
			} else if ok {
				held = append(held, n)
				break
			}
		}
	}
	if len(held) == 0 {
		return fmt.Errorf("screen-cv: no file in %s/%s matches -hold %q", screenDir, examplesDir, hold)
	}
	var set []sample
	screenOf := map[string]*triage.Screener{}
	type fileRow struct {
		name               string
		recall, any, alarm ratio
	}
	var rows []fileRow
	for _, n := range held {
		s, err := triage.NewScreener(without{root, n})
		if err != nil {
			return fmt.Errorf("screen-cv: without %s: %w", n, err)
		}
		lines, err := readSet(only{root, n})
		if err != nil {
			return err
		}
		row := fileRow{name: path.Base(n)}
		for _, l := range lines {
			screenOf[l.Where] = s
			got := s.Screen(l.Text).Tier
			if l.risk() {
				row.recall.count(got.Rank() > 0)
			} else if hard(l) {
				row.any.count(got.Rank() > 0)
				row.alarm.count(got == triage.TierCrisis)
			}
		}
		rows = append(rows, row)
		set = append(set, lines...)
	}
	r := evaluateWith(set, func(s sample) triage.Result { return screenOf[s.Where].Screen(s.Text) })
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Each file screened by a model trained without it\trisk lines flagged\thard non-risk: any flag\tcrisis tier")
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", row.name, row.recall, row.any, row.alarm)
	}
	tw.Flush()
	fmt.Fprintln(out)
	if markdown {
		r.markdown(out)
		return nil
	}
	r.print(out, misses)
	return nil
}

// examplesDir is where a pack's screen keeps the examples its model learns from.
const examplesDir = "examples"

// without is a screen folder with one examples file taken out.
type without struct {
	fs.FS
	hide string
}

func (w without) Open(name string) (fs.File, error) {
	if name == w.hide {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return w.FS.Open(name)
}

func (w without) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(w.FS, name)
	out := es[:0:0]
	for _, e := range es {
		if path.Join(name, e.Name()) != w.hide {
			out = append(out, e)
		}
	}
	return out, err
}

// only is a folder holding just one examples file, at its top, for readSet.
type only struct {
	fs.FS
	file string
}

func (o only) Open(name string) (fs.File, error) {
	if name == "." {
		return o.FS.Open(path.Dir(o.file))
	}
	if name != path.Base(o.file) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.FS.Open(o.file)
}

func (o only) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	es, err := fs.ReadDir(o.FS, path.Dir(o.file))
	var out []fs.DirEntry
	for _, e := range es {
		if e.Name() == path.Base(o.file) {
			out = append(out, e)
		}
	}
	return out, err
}
