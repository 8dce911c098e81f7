package bot_test

import (
	"flag"
	"os"
	"testing"
)

// endToEndParallel is how many end-to-end tests run at once unless -parallel says otherwise.
// Each spends most of its time waiting, on the outbox's per-chat pacing and the emulator's
// limits, which are real time; with the default (GOMAXPROCS, two on a small machine) the suite
// waited about 40 s while using a quarter of that in CPU. Four at once halves that without
// crowding a small shared machine so much that real-time waits run out.
const endToEndParallel = "4"

func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		if err := flag.Set("test.parallel", endToEndParallel); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
