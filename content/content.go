// Package content holds what Tandem says: content packs of interface wording, consent text and
// (in later work) lessons and question sets. The default pack is embedded in the binary; a
// service can point Tandem at its own folder. It knows nothing of Telegram beyond the fact that
// text is written in Telegram's small HTML dialect.
package content

import (
	"crypto/sha256"
	"embed"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/tandemcare/tandem/triage"
	"go.yaml.in/yaml/v3"
)

//go:embed default
var defaultFS embed.FS

// DefaultLanguage is the language every pack must be complete in; other languages fall back to it
// text by text and lesson by lesson, and Check warns of each fallback.
const DefaultLanguage = "en"

// Pack is a loaded content pack.
type Pack struct {
	ID             string
	ConsentVersion string
	Languages      []string
	ui             map[string]map[string]string // language -> key -> text
	checkins       *checkins                    // question sets, from checkins.yaml
	flagRules      FlagRules
	lessons        []*Lesson // English, in course order, with their translations
	screener       *triage.Screener
}

type packMeta struct {
	ID             string   `yaml:"id"`
	ConsentVersion string   `yaml:"consent_version"`
	Languages      []string `yaml:"languages"`
}

// Default returns the pack embedded in the binary, loaded once per process: a pack never changes
// once loaded, and compiling the screen's lists and training its model takes a noticeable
// fraction of a second (far more under the race detector), which every test harness paid again.
// It is checked by tests, so failing to load it is a build defect, not a runtime condition.
func Default() *Pack { return loadedDefault() }

var loadedDefault = sync.OnceValue(loadDefault)

func loadDefault() *Pack {
	sub, err := fs.Sub(defaultFS, "default")
	if err != nil {
		panic(err)
	}
	p, err := Load(sub)
	if err != nil {
		panic(fmt.Sprintf("content: the embedded default pack is invalid: %v", err))
	}
	return p
}

// Load reads a pack from a folder (os.DirFS for a service's own pack).
func Load(fsys fs.FS) (*Pack, error) {
	raw, err := fs.ReadFile(fsys, "pack.yaml")
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	var meta packMeta
	if err := yaml.Unmarshal(raw, &meta); err != nil {
		return nil, fmt.Errorf("content: pack.yaml: %w", err)
	}
	if meta.ID == "" || meta.ConsentVersion == "" {
		return nil, fmt.Errorf("content: pack.yaml: id and consent_version are required")
	}
	if len(meta.Languages) == 0 || meta.Languages[0] != DefaultLanguage {
		return nil, fmt.Errorf("content: pack.yaml: languages must start with %q", DefaultLanguage)
	}
	p := &Pack{ID: meta.ID, ConsentVersion: meta.ConsentVersion, Languages: meta.Languages, ui: map[string]map[string]string{}}
	uiDocs := map[string]*yaml.Node{} // kept for the line numbers of problems between languages
	for _, lang := range meta.Languages {
		name := "ui." + lang + ".yaml"
		raw, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("content: %s: pack.yaml lists %q in languages, so the pack needs this file: start from a copy of ui.%s.yaml", name, lang, DefaultLanguage)
		}
		if err != nil {
			return nil, fmt.Errorf("content: %w", err)
		}
		var doc yaml.Node
		texts := map[string]string{}
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			return nil, fmt.Errorf("content: %s: %w", name, err)
		}
		if len(doc.Content) > 0 {
			if err := doc.Decode(&texts); err != nil {
				return nil, fmt.Errorf("content: %s: %w", name, err)
			}
		}
		p.ui[lang], uiDocs[lang] = texts, &doc
	}
	if p.checkins, err = loadCheckins(fsys, p.Languages); err != nil {
		return nil, err
	}
	if p.lessons, err = loadLessons(fsys, p.Languages); err != nil {
		return nil, err
	}
	if err := p.check(uiDocs); err != nil {
		return nil, err
	}
	if err := p.loadFlagRules(fsys); err != nil {
		return nil, err
	}
	if p.screener, err = loadScreener(fsys); err != nil {
		return nil, err
	}
	return p, nil
}

// screenDir is the folder of risk-screen lists in a pack (layout on triage.Screener).
const screenDir = "screen"

// loadScreener compiles the pack's risk-screen lists. A pack without a screen folder uses the
// default pack's lists, so a service that rewords Tandem never screens with no lists at all.
func loadScreener(fsys fs.FS) (*triage.Screener, error) {
	if st, err := fs.Stat(fsys, screenDir); err != nil || !st.IsDir() {
		fsys = defaultFS
		if sub, err := fs.Sub(defaultFS, "default"); err == nil {
			fsys = sub
		}
	}
	sub, err := fs.Sub(fsys, screenDir)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	key, err := screenKey(sub)
	if err != nil {
		return nil, fmt.Errorf("content: %s: %w", screenDir, err)
	}
	if s := compiled.get(key); s != nil {
		return s, nil
	}
	s, err := triage.NewScreener(sub)
	if err != nil {
		var le *triage.ListError
		if errors.As(err, &le) {
			problems := make([]string, len(le.Problems))
			for i, p := range le.Problems {
				problems[i] = screenDir + "/" + p
			}
			return nil, fmt.Errorf("content: %s", strings.Join(problems, "; "))
		}
		return nil, fmt.Errorf("content: %s: %w", screenDir, err)
	}
	compiled.put(key, s)
	return s, nil
}

// compiled keeps the last few screeners made, by the hash of their folder: compiling the lists
// is most of loading a pack, a Screener never changes once made, and a process that loads the
// same lists again (a test that changes a lesson, a reload of an unchanged pack) need not wait.
// A few only, so a run that loads many different lists does not keep them all.
var compiled = screenCache{m: map[[32]byte]*triage.Screener{}}

const keepCompiled = 4

type screenCache struct {
	sync.Mutex
	m     map[[32]byte]*triage.Screener
	order [][32]byte
}

func (c *screenCache) get(k [32]byte) *triage.Screener {
	c.Lock()
	defer c.Unlock()
	return c.m[k]
}

func (c *screenCache) put(k [32]byte, s *triage.Screener) {
	c.Lock()
	defer c.Unlock()
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.order) == keepCompiled {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[k] = s
	c.order = append(c.order, k)
}

// screenKey hashes every file of the screen's folder, name and content.
func screenKey(fsys fs.FS) ([32]byte, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		return nil
	})
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k, err
}

// Screener is the pack's compiled risk screen, made once when the pack was loaded.
func (p *Pack) Screener() *triage.Screener { return p.screener }

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

func (p *Pack) check(uiDocs map[string]*yaml.Node) error {
	var problems []string
	for _, pr := range uiProblems(uiDocs, p.Languages) {
		if pr.Severity == Error {
			problems = append(problems, pr.Where+": "+pr.Message)
		}
	}
	base := p.ui[DefaultLanguage]
	for _, k := range requiredKeys {
		if strings.TrimSpace(base[k]) == "" {
			problems = append(problems, fmt.Sprintf("ui.%s.yaml: missing %q", DefaultLanguage, k))
		}
	}
	for lang, texts := range p.ui {
		for k, v := range texts {
			if err := CheckHTML(v); err != nil {
				problems = append(problems, fmt.Sprintf("ui.%s.yaml: %s: %v", lang, k, err))
			}
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		return fmt.Errorf("content: %s", strings.Join(problems, "; "))
	}
	return nil
}

// HTML is text that is already safe Telegram HTML and must not be escaped again.
type HTML string

// Text renders a message in lang (falling back to English) with its {placeholders} filled in.
// String values are escaped; HTML values are inserted as they are. An unknown key is a
// programming error that the tests catch, so it panics rather than send a person something odd.
func (p *Pack) Text(lang, key string, args ...any) string {
	t, ok := p.ui[lang][key]
	if !ok {
		t, ok = p.ui[DefaultLanguage][key]
	}
	if !ok {
		panic(fmt.Sprintf("content: no text %q", key))
	}
	if len(args)%2 != 0 {
		panic(fmt.Sprintf("content: %q: placeholders and values must come in pairs", key))
	}
	vals := map[string]string{}
	for i := 0; i < len(args); i += 2 {
		name := "{" + fmt.Sprint(args[i]) + "}"
		switch v := args[i+1].(type) {
		case HTML:
			vals[name] = string(v)
		default:
			vals[name] = html.EscapeString(fmt.Sprint(v))
		}
	}
	return placeholder.ReplaceAllStringFunc(t, func(ph string) string {
		if v, ok := vals[ph]; ok {
			return v
		}
		panic(fmt.Sprintf("content: %q: no value for %s", key, ph))
	})
}

// Has reports whether the pack has a text for key (every key is in the default language).
func (p *Pack) Has(key string) bool {
	_, ok := p.ui[DefaultLanguage][key]
	return ok
}

// Language picks the pack language closest to a Telegram language_code ("es-419" -> "es").
func (p *Pack) Language(code string) string {
	code = strings.ToLower(code)
	for _, l := range p.Languages {
		if code == l || strings.HasPrefix(code, l+"-") {
			return l
		}
	}
	return DefaultLanguage
}
