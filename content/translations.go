package content

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A check-in translation file, checkins.<lang>.yaml, is a flat map a translator can work on
// without touching checkins.yaml: "<set>.title", "<set>.<question>.text",
// "<set>.<question>.labels" (a list), "<set>.<question>.choices.<choice>", and "yes"/"no".
// It is merged into checkins.yaml as if every text there had a <lang>: entry, so the same
// checks (nothing missing, nothing too long) apply to every language.

// mergeTranslations adds the translation files of the pack's other languages to the parsed
// checkins.yaml. A missing file is not an error here: the missing texts are reported by the
// check that every text exists in every language. Keys that match nothing are returned as
// problems, for the caller to report once checkins.yaml itself is sound (a broken
// checkins.yaml makes every key look unmatched, and its own errors matter more).
func mergeTranslations(fsys fs.FS, doc *yaml.Node, languages []string) (unmatched []string, err error) {
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	for _, lang := range languages[1:] {
		name := "checkins." + lang + ".yaml"
		raw, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("content: %w", err)
		}
		var flat map[string]yaml.Node
		if err := yaml.Unmarshal(raw, &flat); err != nil {
			return nil, fmt.Errorf("content: %s: %w", name, err)
		}
		used := map[string]bool{}
		put := func(m *yaml.Node, key string) {
			if m == nil || m.Kind != yaml.MappingNode {
				return
			}
			if v, ok := flat[key]; ok {
				used[key] = true
				m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: lang}, &v)
			}
		}
		put(mapValue(root, "yes"), "yes")
		put(mapValue(root, "no"), "no")
		sets := mapValue(root, "sets")
		if sets != nil {
			for _, set := range sets.Content {
				sid := scalarValue(set, "id")
				for _, f := range []string{"title", "intro", "outro"} {
					put(mapValue(set, f), sid+"."+f)
				}
				qs := mapValue(set, "questions")
				if qs == nil {
					continue
				}
				for _, q := range qs.Content {
					qid := sid + "." + scalarValue(q, "id")
					put(mapValue(q, "text"), qid+".text")
					put(mapValue(q, "labels"), qid+".labels")
					if choices := mapValue(q, "choices"); choices != nil {
						for _, ch := range choices.Content {
							put(mapValue(ch, "label"), qid+".choices."+scalarValue(ch, "id"))
						}
					}
				}
			}
		}
		for key := range flat {
			if !used[key] {
				unmatched = append(unmatched, fmt.Sprintf("%s: %q matches nothing in checkins.yaml", name, key))
			}
		}
	}
	sort.Strings(unmatched)
	return unmatched, nil
}

func unmatchedError(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	return errors.New("content: " + strings.Join(problems, "; "))
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalarValue(m *yaml.Node, key string) string {
	if v := mapValue(m, key); v != nil {
		return v.Value
	}
	return ""
}
