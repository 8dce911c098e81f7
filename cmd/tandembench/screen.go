package main

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/tandemcare/tandem/triage"
)

// screener is what the evaluation needs of the risk screen: one message in, one result out.
type screener interface {
	Screen(text string) triage.Result
}

// tiers lists the expected tiers highest first, the order the report prints them in.
var tiers = []triage.Tier{triage.TierCrisis, triage.TierConcern, triage.TierRelapse, triage.TierNone}

// setLangs are the languages a line of the set may be labelled with.
var setLangs = []string{"en", "es", "mixed"}

// sample is one labelled message of the evaluation set.
type sample struct {
	Tier     triage.Tier // the tier a careful reader gives it
	Category string      // the risk, or for a none line the risk it looks like
	Lang     string      // en, es or mixed
	Kind     string      // how it is written (risk lines) or what makes it hard (none lines)
	Text     string
	Where    string // file:line, for the list of misses
}

func (s sample) risk() bool { return s.Tier != triage.TierNone }

// readSet reads every .tsv file at the top of fsys. A set that is empty or has one malformed
// line is an error: figures over a half-read set would look like figures and mean nothing.
func readSet(fsys fs.FS) ([]sample, error) {
	names, err := fs.Glob(fsys, "*.tsv")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("screen: no .tsv files in the evaluation set")
	}
	var set []sample
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, fmt.Errorf("screen: %w", err)
		}
		got, err := parseSet(name, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		set = append(set, got...)
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("screen: the evaluation set has no messages")
	}
	return set, nil
}

// parseSet reads one file: tier, category, lang, kind and message separated by tabs; lines
// starting with # and blank lines are skipped. Every problem is reported, not just the first,
// so whoever edits the set fixes it in one go.
func parseSet(name string, r io.Reader) ([]sample, error) {
	var set []sample
	var problems []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, n)
		cols := strings.Split(line, "\t")
		if len(cols) != 5 {
			problems = append(problems, fmt.Sprintf("%s: %d columns, want 5 (tier, category, lang, kind, message)", where, len(cols)))
			continue
		}
		s := sample{Tier: triage.Tier(cols[0]), Category: cols[1], Lang: cols[2], Kind: cols[3], Text: cols[4], Where: where}
		switch {
		case !slices.Contains(tiers, s.Tier):
			problems = append(problems, fmt.Sprintf("%s: tier %q is not crisis, concern, relapse or none", where, cols[0]))
		case !slices.Contains(setLangs, s.Lang):
			problems = append(problems, fmt.Sprintf("%s: lang %q is not en, es or mixed", where, s.Lang))
		case s.Category == "" || s.Kind == "" || strings.TrimSpace(s.Text) == "":
			problems = append(problems, fmt.Sprintf("%s: empty category, kind or message", where))
		default:
			set = append(set, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("screen: %s: %w", name, err)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("screen: %s", strings.Join(problems, "; "))
	}
	return set, nil
}

// ratio is a count out of a total, printed with its percentage.
type ratio struct{ n, of int }

func (r ratio) String() string {
	if r.of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(r.n)/float64(r.of), r.n, r.of)
}

func (r *ratio) count(hit bool) {
	r.of++
	if hit {
		r.n++
	}
}

// tierScore is how the screen did on the lines expected at one tier.
type tierScore struct {
	Exact   ratio // got exactly the expected tier
	AtLeast ratio // got the expected tier or higher
	Any     ratio // got any tier above none (for none lines: a false alarm)
}

// langScore is the figures for one language (or "all").
type langScore struct {
	Recall     ratio // risk lines given any tier above none
	Tiers      map[triage.Tier]*tierScore
	AnyFlag    ratio // hard non-risk lines given any tier above none
	CrisisFlag ratio // hard non-risk lines given the crisis tier
}

// noneScore is how the screen did on the non-risk lines of one kind.
type noneScore struct{ AnyFlag, CrisisFlag ratio }

// screenReport is everything the report prints, counted once over the set.
type screenReport struct {
	Lines       int
	Risk, None  int
	LangLines   map[string]int
	KindLines   map[string]int // none lines per kind
	Langs       map[string]*langScore
	Categories  map[string]*tierScore           // risk lines per category
	CatTiers    map[string]map[triage.Tier]bool // the tiers each category's lines expect
	Kinds       map[string]*noneScore           // none lines per kind
	Writing     map[string]*ratio               // risk lines flagged, per way of writing (typo, slang, long…)
	Confusion   map[triage.Tier]map[triage.Tier]int
	Misses      []scored // risk lines given none
	FalseCrisis []scored // non-risk lines given crisis
}

// scored is one line with the tier the screen gave it.
type scored struct {
	sample
	Got triage.Tier
}

// hard reports whether a none line is one of the hard kinds; ordinary chatter is counted on its
// own so the hard figures are not flattered by easy lines.
func hard(s sample) bool { return s.Kind != "ordinary" }

// evaluate screens every line and counts.
func evaluate(sc screener, set []sample) *screenReport {
	return evaluateWith(set, func(s sample) triage.Result { return sc.Screen(s.Text) })
}

// evaluateWith is evaluate with each line screened by screen, which may choose a screener per
// line (screen-cv screens each file with a model that never learned from it).
func evaluateWith(set []sample, screen func(sample) triage.Result) *screenReport {
	r := &screenReport{
		LangLines:  map[string]int{},
		KindLines:  map[string]int{},
		Langs:      map[string]*langScore{},
		Categories: map[string]*tierScore{},
		CatTiers:   map[string]map[triage.Tier]bool{},
		Kinds:      map[string]*noneScore{},
		Writing:    map[string]*ratio{},
		Confusion:  map[triage.Tier]map[triage.Tier]int{},
	}
	lang := func(l string) *langScore {
		if r.Langs[l] == nil {
			r.Langs[l] = &langScore{Tiers: map[triage.Tier]*tierScore{}}
			for _, t := range tiers {
				r.Langs[l].Tiers[t] = &tierScore{}
			}
		}
		return r.Langs[l]
	}
	for _, t := range tiers {
		r.Confusion[t] = map[triage.Tier]int{}
	}
	for _, s := range set {
		got := screen(s).Tier
		if got.Rank() == 0 {
			got = triage.TierNone // an empty or unknown tier is no flag
		}
		r.Lines++
		r.LangLines[s.Lang]++
		r.Confusion[s.Tier][got]++
		flagged := got.Rank() > 0
		for _, ls := range []*langScore{lang(s.Lang), lang("all")} {
			ts := ls.Tiers[s.Tier]
			ts.Exact.count(got == s.Tier)
			ts.AtLeast.count(got.Rank() >= s.Tier.Rank())
			ts.Any.count(flagged)
			if s.risk() {
				ls.Recall.count(flagged)
			} else if hard(s) {
				ls.AnyFlag.count(flagged)
				ls.CrisisFlag.count(got == triage.TierCrisis)
			}
		}
		if s.risk() {
			r.Risk++
			c := r.Categories[s.Category]
			if c == nil {
				c = &tierScore{}
				r.Categories[s.Category] = c
				r.CatTiers[s.Category] = map[triage.Tier]bool{}
			}
			r.CatTiers[s.Category][s.Tier] = true
			if r.Writing[s.Kind] == nil {
				r.Writing[s.Kind] = &ratio{}
			}
			r.Writing[s.Kind].count(flagged)
			c.Exact.count(got == s.Tier)
			c.AtLeast.count(got.Rank() >= s.Tier.Rank())
			c.Any.count(flagged)
			if !flagged {
				r.Misses = append(r.Misses, scored{s, got})
			}
			continue
		}
		r.None++
		r.KindLines[s.Kind]++
		k := r.Kinds[s.Kind]
		if k == nil {
			k = &noneScore{}
			r.Kinds[s.Kind] = k
		}
		k.AnyFlag.count(flagged)
		k.CrisisFlag.count(got == triage.TierCrisis)
		if got == triage.TierCrisis {
			r.FalseCrisis = append(r.FalseCrisis, scored{s, got})
		}
	}
	return r
}

// print writes the report: set make-up, recall per language and tier, per category, false
// alarms per kind, the confusion matrix, then up to misses lines of each list.
func (r *screenReport) print(w io.Writer, misses int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	defer tw.Flush()
	pct := func(n, of int) string { return ratio{n, of}.String() }

	fmt.Fprintf(tw, "Evaluation set: %d messages, %d risk, %d non-risk (%d hard)\n", r.Lines, r.Risk, r.None, r.None-r.KindLines["ordinary"])
	fmt.Fprintf(tw, "languages:")
	for _, l := range setLangs {
		fmt.Fprintf(tw, " %s %s", l, pct(r.LangLines[l], r.Lines))
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw)

	langs := append(slices.Clone(setLangs), "all")
	fmt.Fprintln(tw, "Recall and false alarms by language\t"+strings.Join(langs, "\t"))
	lrow := func(label string, f func(*langScore) ratio) {
		cells := []string{label}
		for _, l := range langs {
			if ls := r.Langs[l]; ls != nil {
				cells = append(cells, f(ls).String())
			} else {
				cells = append(cells, "-")
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	lrow("risk lines flagged (any tier)", func(ls *langScore) ratio { return ls.Recall })
	for _, t := range tiers[:3] {
		lrow("  "+string(t)+": exactly "+string(t), func(ls *langScore) ratio { return ls.Tiers[t].Exact })
		lrow("  "+string(t)+": "+string(t)+" or higher", func(ls *langScore) ratio { return ls.Tiers[t].AtLeast })
		lrow("  "+string(t)+": any tier", func(ls *langScore) ratio { return ls.Tiers[t].Any })
	}
	lrow("hard non-risk: any flag", func(ls *langScore) ratio { return ls.AnyFlag })
	lrow("hard non-risk: crisis tier", func(ls *langScore) ratio { return ls.CrisisFlag })
	fmt.Fprintln(tw)

	fmt.Fprintln(tw, "Risk lines by category\texpected tier\tany tier\tat least expected\texactly expected")
	cats := sortedKeys(r.Categories)
	for _, c := range cats {
		cs := r.Categories[c]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c, r.expectedTier(c), cs.Any, cs.AtLeast, cs.Exact)
	}
	fmt.Fprintln(tw)

	fmt.Fprintln(tw, "Risk lines by how they are written\tany tier")
	for _, k := range sortedKeys(r.Writing) {
		fmt.Fprintf(tw, "%s\t%s\n", k, *r.Writing[k])
	}
	fmt.Fprintln(tw)

	fmt.Fprintln(tw, "Non-risk lines by kind\tlines\tany flag\tcrisis tier")
	for _, k := range sortedKeys(r.Kinds) {
		ks := r.Kinds[k]
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", k, r.KindLines[k], ks.AnyFlag, ks.CrisisFlag)
	}
	fmt.Fprintln(tw)

	fmt.Fprint(tw, "Confusion (rows expected, columns got)")
	for _, t := range tiers {
		fmt.Fprintf(tw, "\t%s", t)
	}
	fmt.Fprintln(tw)
	for _, e := range tiers {
		fmt.Fprintf(tw, "%s", e)
		for _, g := range tiers {
			fmt.Fprintf(tw, "\t%d", r.Confusion[e][g])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

	list := func(title string, lines []scored) {
		fmt.Fprintf(w, "\n%s: %d", title, len(lines))
		if len(lines) > misses {
			fmt.Fprintf(w, " (first %d; -misses N for more)", misses)
		}
		fmt.Fprintln(w)
		for i, s := range lines {
			if i == misses {
				break
			}
			fmt.Fprintf(w, "  %s\t%s/%s/%s/%s\t%s\n", s.Where, s.Tier, s.Category, s.Lang, s.Kind, excerpt(s.Text, 160))
		}
	}
	list("Missed risk lines (screened none)", r.Misses)
	list("Non-risk lines screened crisis", r.FalseCrisis)
}

// markdown writes the figures in the shape BENCHMARKS.md keeps them, so updating that section
// after a change to the lists is a paste, not a retyping.
func (r *screenReport) markdown(w io.Writer) {
	cell := func(x ratio) string {
		if x.of == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(x.n)/float64(x.of))
	}
	all := func(x ratio) string { return fmt.Sprintf("%s (%d/%d)", cell(x), x.n, x.of) }
	langs := append(slices.Clone(setLangs), "all")
	row := func(label string, f func(*langScore) ratio, target string) {
		cells := []string{label}
		for _, l := range langs {
			ls := r.Langs[l]
			switch {
			case ls == nil:
				cells = append(cells, "-")
			case l == "all":
				cells = append(cells, "**"+all(f(ls))+"**")
			default:
				cells = append(cells, cell(f(ls)))
			}
		}
		fmt.Fprintf(w, "| %s | %s |\n", strings.Join(cells, " | "), target)
	}
	fmt.Fprintf(w, "%d messages: %d risk, %d non-risk (%d hard); en %d, es %d, mixed %d.\n\n",
		r.Lines, r.Risk, r.None, r.None-r.KindLines["ordinary"], r.LangLines["en"], r.LangLines["es"], r.LangLines["mixed"])
	fmt.Fprintln(w, "| measure | en | es | mixed | all | target |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- |")
	row("risk lines flagged, any tier (recall)", func(ls *langScore) ratio { return ls.Recall }, "≥ 95%, ≥ 95% in es")
	for _, t := range tiers[:3] {
		row(string(t)+" lines: exactly "+string(t), func(ls *langScore) ratio { return ls.Tiers[t].Exact }, "")
		row(string(t)+" lines: any tier", func(ls *langScore) ratio { return ls.Tiers[t].Any }, "")
	}
	row("hard non-risk: any flag", func(ls *langScore) ratio { return ls.AnyFlag }, "≤ 10%")
	row("hard non-risk: crisis tier", func(ls *langScore) ratio { return ls.CrisisFlag }, "≤ 5%")

	fmt.Fprint(w, "\nConfusion (rows expected; columns got crisis / concern / relapse / none):")
	for i, e := range tiers {
		sep := ";"
		if i == len(tiers)-1 {
			sep = "."
		}
		fmt.Fprintf(w, " %s %d / %d / %d / %d%s", e, r.Confusion[e][tiers[0]], r.Confusion[e][tiers[1]], r.Confusion[e][tiers[2]], r.Confusion[e][tiers[3]], sep)
	}
	fmt.Fprintln(w)

	cats := sortedKeys(r.Categories)
	sort.SliceStable(cats, func(i, j int) bool {
		a, b := r.Categories[cats[i]].Any, r.Categories[cats[j]].Any
		return a.n*b.of > b.n*a.of
	})
	var parts []string
	for _, c := range cats {
		parts = append(parts, c+" "+cell(r.Categories[c].Any))
	}
	fmt.Fprintf(w, "\nRecall (any tier) per category: %s.\n", strings.Join(parts, ", "))
	parts = parts[:0]
	for _, k := range sortedKeys(r.Writing) {
		parts = append(parts, k+" "+cell(*r.Writing[k]))
	}
	fmt.Fprintf(w, "\nRecall per way of writing: %s.\n", strings.Join(parts, ", "))
	parts = parts[:0]
	for _, k := range sortedKeys(r.Kinds) {
		parts = append(parts, fmt.Sprintf("%s %s / %s", k, cell(r.Kinds[k].AnyFlag), cell(r.Kinds[k].CrisisFlag)))
	}
	fmt.Fprintf(w, "\nFalse alarms on non-risk lines by kind (any flag / crisis tier): %s.\n", strings.Join(parts, ", "))
}

// expectedTier names the tier(s) the set gives a category's lines, e.g. "crisis" or
// "crisis/concern".
func (r *screenReport) expectedTier(cat string) string {
	var seen []string
	for _, t := range tiers[:3] {
		if r.CatTiers[cat][t] {
			seen = append(seen, string(t))
		}
	}
	return strings.Join(seen, "/")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// excerpt shortens a long message for the list, on a rune boundary.
func excerpt(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// screenSet is the command: read the set from dir, screen it with sc, print the report. Only an
// unreadable set is an error; the figures are reported whatever they are.
func screenSet(fsys fs.FS, sc screener, out io.Writer, misses int, markdown bool) error {
	set, err := readSet(fsys)
	if err != nil {
		return err
	}
	r := evaluate(sc, set)
	if markdown {
		r.markdown(out)
		return nil
	}
	r.print(out, misses)
	return nil
}
