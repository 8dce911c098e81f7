package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tandemcare/tandem/content"
)

// cmdContent checks a content pack folder without starting Tandem: every problem, with its file
// and line, so a clinician editing lessons or wording can fix them in one go.
func cmdContent(args []string, stdout io.Writer) error {
	if len(args) != 2 || args[0] != "check" {
		return errors.New("content: usage: tandem content check DIR")
	}
	dir := args[1]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("content check: %s is not a folder", dir)
	}
	problems := content.Check(os.DirFS(dir))
	if len(problems) == 0 {
		fmt.Fprintf(stdout, "%s: the content pack is fine\n", dir)
		return nil
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	return fmt.Errorf("content check: %d %s in %s", len(problems), plural(len(problems), "problem", "problems"), dir)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
