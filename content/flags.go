package content

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FlagThreshold fires when one answer reaches Value at the worrying end of its scale.
type FlagThreshold struct {
	Question string `yaml:"question"`
	Value    int    `yaml:"value"`
	Urgent   bool   `yaml:"urgent"`
}

// FlagRun fires when the threshold Value is met on Count check-ins in a row.
type FlagRun struct {
	Question string `yaml:"question"`
	Value    int    `yaml:"value"`
	Count    int    `yaml:"count"`
}

// FlagBaseline fires on a departure from the person's own usual answers.
type FlagBaseline struct {
	MinHistory int     `yaml:"min_history"`
	WindowDays int     `yaml:"window_days"`
	Delta      float64 `yaml:"delta"`
}

// FlagRules are a pack's defaults for when a worker is told to look.
type FlagRules struct {
	Thresholds   []FlagThreshold `yaml:"thresholds"`
	Runs         []FlagRun       `yaml:"runs"`
	Baseline     FlagBaseline    `yaml:"baseline"`
	SilenceAfter int             `yaml:"silence_after"`
	// Labels name a scale, by question id, in every language that has no name of its own for it
	// (ui.<lang>.yaml's question.name.<id>, which the default pack uses): packs written before
	// questions had names per language. A scale with neither is named by its id.
	Labels map[string]string `yaml:"labels"`
}

// FlagRules returns the pack's flag rules.
func (p *Pack) FlagRules() FlagRules { return p.flagRules }

// ScaleQuestion finds a scale question by id in any of the pack's question sets.
func (p *Pack) ScaleQuestion(id string) (Question, bool) {
	for _, qs := range p.QuestionSets() {
		if q, ok := qs.Question(id); ok && q.Kind == AnswerScale {
			return *q, true
		}
	}
	return Question{}, false
}

// loadFlagRules reads flags.yaml and checks it against the question sets.
func (p *Pack) loadFlagRules(fsys fs.FS) error {
	raw, err := fs.ReadFile(fsys, "flags.yaml")
	if err != nil {
		return fmt.Errorf("content: %w", err)
	}
	var r FlagRules
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return fmt.Errorf("content: flags.yaml: %w", err)
	}
	var problems []string
	check := func(what, question string, value int) {
		q, ok := p.ScaleQuestion(question)
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: %q is not a scale question in checkins.yaml", what, question))
		case q.Concern == "":
			problems = append(problems, fmt.Sprintf("%s: %q has no concern (high or low) in checkins.yaml", what, question))
		case value < q.Min || value > q.Max:
			problems = append(problems, fmt.Sprintf("%s: %q value %d is outside its scale %d-%d", what, question, value, q.Min, q.Max))
		}
	}
	for _, t := range r.Thresholds {
		check("thresholds", t.Question, t.Value)
	}
	for _, run := range r.Runs {
		check("runs", run.Question, run.Value)
		if run.Count < 2 {
			problems = append(problems, fmt.Sprintf("runs: %q count must be at least 2", run.Question))
		}
	}
	labelled := make([]string, 0, len(r.Labels))
	for q := range r.Labels {
		labelled = append(labelled, q)
	}
	sort.Strings(labelled)
	for _, q := range labelled {
		if _, ok := p.ScaleQuestion(q); !ok {
			problems = append(problems, fmt.Sprintf("labels: %q is not a scale question in checkins.yaml", q))
		}
	}
	if r.SilenceAfter < 1 {
		problems = append(problems, "silence_after must be at least 1")
	}
	if r.Baseline.MinHistory < 3 || r.Baseline.WindowDays < 7 || r.Baseline.Delta <= 0 {
		problems = append(problems, "baseline needs min_history >= 3, window_days >= 7 and delta > 0")
	}
	if len(problems) > 0 {
		return errors.New("content: flags.yaml: " + strings.Join(problems, "; "))
	}
	p.flagRules = r
	return nil
}
