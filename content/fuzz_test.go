package content

import (
	"html"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// defaultFiles is the embedded pack as a map a fuzz run can change one file of.
func defaultFiles(tb testing.TB) fstest.MapFS {
	tb.Helper()
	sub, err := fs.Sub(defaultFS, "default")
	if err != nil {
		tb.Fatal(err)
	}
	files := fstest.MapFS{}
	err = fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sub, path)
		files[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// FuzzLoad loads a pack in which one file is replaced by anything: an error or a pack, never
// a panic (a service's own pack is read at start-up, and a typo must say where it is).
func FuzzLoad(f *testing.F) {
	base := defaultFiles(f)
	var names []string
	for name := range base {
		names = append(names, name)
	}
	sort.Strings(names)
	// Each seed reloads the whole pack, and compiling the screen's lists is most of a load, so
	// the seeds take every file outside the screen's folders but only the first file of each
	// of them (the lists share one reader); a fuzzing run still picks any file.
	seeded := map[string]bool{}
	for i, name := range names {
		if dir := path.Dir(name); strings.HasPrefix(name, "screen/") {
			if seeded[dir] {
				continue
			}
			seeded[dir] = true
		}
		f.Add(uint8(i), base[name].Data[:min(len(base[name].Data), 300)])
	}
	f.Add(uint8(0), []byte("id: x\nconsent_version: 1\nlanguages: [en, ../../etc]\n"))
	f.Add(uint8(0), []byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		files := fstest.MapFS{}
		for k, v := range base {
			files[k] = v
		}
		files[names[int(which)%len(names)]] = &fstest.MapFile{Data: data}
		p, err := Load(files)
		if err == nil && p == nil {
			t.Fatal("Load returned neither a pack nor an error")
		}
	})
}

// FuzzCheckHTML checks any text as Telegram HTML: no panic, and escaped text always passes.
func FuzzCheckHTML(f *testing.F) {
	for _, s := range []string{"<b>bold</b>", "<b>", "</b>", "<a href=\"x\">l</a>", "a < b", "<tg-spoiler>x</tg-spoiler>",
		"<b><i>x</b></i>", "<", ">", "<>", "</>", "&amp;", "{worker}", "<blockquote expandable>x</blockquote>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = CheckHTML(s)
		if err := CheckHTML(html.EscapeString(s)); err != nil {
			t.Errorf("escaped %q fails: %v", s, err)
		}
	})
}
