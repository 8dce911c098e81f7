// Command tandembench measures Tandem against the targets in BENCHMARKS.md: the 09:00 fan-out
// through an emulator that enforces Telegram's limits, check-in answers handled a second, and
// a service of 100,000 people (memory, start-up, the cost of finding what is due).
//
//	go run ./cmd/tandembench fanout  [-n 10000] [-rate 25] [-paid 0] [-drop 0] [-cpuprofile FILE]
//	go run ./cmd/tandembench answers [-n 10000] [-mode held|live] [-cpuprofile FILE]
//	go run ./cmd/tandembench scale   [-n 100000] [-due 500]
//	go run ./cmd/tandembench urgent  [-n 10000] [-samples 100] [-rate 25] [-idle] [-before 2]
//	go run ./cmd/tandembench screen  [-set content/default/screen/examples] [-pack DIR] [-misses 30] [-markdown] [-lists-only]
//	go run ./cmd/tandembench screen-latency [-n 20000]
//	go run ./cmd/tandembench month   [-n 200] [-days 30] [-seed 1] [-cpuprofile FILE] [-heapprofile FILE]
//
// Every run drives the real bot against telegramtest; nothing here is timed by a unit test.
// screen is the odd one out: it runs the risk screen over the project's labelled evaluation set
// and prints recall and false alarms; it fails only when the set or the pack cannot be read.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tandemcare/tandem/config"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/triage"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tandembench:", err)
		os.Exit(1)
	}
}

const usage = "usage: tandembench fanout|answers|scale|urgent|screen|screen-cv|screen-forms|screen-latency|month [-n N] [-rate R] (see -h of each)"

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	dir := fs.String("dir", "", "where to put the databases (default: a new temporary directory, removed after)")
	switch args[0] {
	case "fanout":
		n := fs.Int("n", 10000, "people, all due at 09:00")
		rate := fs.Float64("rate", 25, "the dispatcher's send_rate (messages a second); what the configuration refuses is refused here")
		prof := fs.String("cpuprofile", "", "write a CPU profile of the drain here")
		paid := fs.Float64("paid", 0, "paid_broadcast_rate: send the prompts as paid broadcasts at this rate")
		drop := fs.Float64("drop", 0, "share of sendMessage answers to lose after the emulator accepted the message (0-1)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if err := checkRate(*rate); err != nil {
			return err
		}
		if *paid < 0 || *paid > 1000 {
			return fmt.Errorf("-paid %g: must be 0 (off) or up to 1000", *paid)
		}
		return withDir(*dir, func(d string) error {
			r, err := fanout(ctx, fanoutConfig{People: *n, Rate: *rate, PaidRate: *paid, DropReplies: *drop, Dir: d, Progress: out, CPUProfile: *prof})
			if err != nil {
				return err
			}
			printTable(out, r.rows())
			return r.check()
		})
	case "answers":
		n := fs.Int("n", 10000, "people, each pressing one answer button")
		mode := fs.String("mode", "held", "held: sending left out (every Bot API send is held until the end); live: the full service sending at 25/s")
		prof := fs.String("cpuprofile", "", "write a CPU profile of the measured part here")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *mode != "held" && *mode != "live" {
			return fmt.Errorf("answers: -mode is held or live, not %q", *mode)
		}
		return withDir(*dir, func(d string) error {
			r, err := answers(ctx, answersConfig{People: *n, Live: *mode == "live", Dir: d, CPUProfile: *prof, Progress: out})
			if err != nil {
				return err
			}
			printTable(out, r.rows())
			return r.check()
		})
	case "scale":
		n := fs.Int("n", 100000, "people enrolled, each with a schedule")
		due := fs.Int("due", 500, "of whom due at start-up (their prompts go out in the first scheduler pass)")
		bin := fs.String("bin", "", "a built tandem binary (default: go build ./cmd/tandem into the work directory)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return withDir(*dir, func(d string) error {
			r, err := scale(ctx, scaleConfig{People: *n, Due: *due, Dir: d, Bin: *bin, Progress: out})
			if err != nil {
				return err
			}
			printTable(out, r.rows())
			return errors.Join(r.check(), r.checkTargets())
		})
	case "urgent":
		n := fs.Int("n", 10000, "people due at 09:00: the bulk backlog")
		samples := fs.Int("samples", 100, "people who write worrying words while it drains")
		every := fs.Duration("every", 300*time.Millisecond, "time between worrying messages")
		rate := fs.Float64("rate", 25, "the dispatcher's send_rate")
		idle := fs.Bool("idle", false, "nobody due: measure with an empty queue")
		before := fs.Int("before", 0, "messages (each drawing a reply) a person sends just before the worrying one")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if err := checkRate(*rate); err != nil {
			return err
		}
		return withDir(*dir, func(d string) error {
			r, err := urgent(ctx, urgentConfig{People: *n, Idle: *idle, Before: *before, Samples: *samples, Every: *every, Rate: *rate, Dir: d, Progress: out})
			if err != nil {
				return err
			}
			printTable(out, r.rows())
			return r.check()
		})
	case "screen":
		set := fs.String("set", "content/default/screen/examples", "folder of labelled .tsv files (default: the examples the model learns from and the lists are tuned on)")
		pack := fs.String("pack", "", "a content pack folder whose screen lists to use (default: the built-in pack)")
		misses := fs.Int("misses", 30, "list at most this many missed risk lines and crisis false alarms")
		md := fs.Bool("markdown", false, "print the figures as BENCHMARKS.md keeps them instead of the full report")
		listsOnly := fs.Bool("lists-only", false, "screen with the lists alone, without the model")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		s, err := packScreener(*pack)
		if err != nil {
			return err
		}
		if *listsOnly {
			s = s.WithoutModel()
		}
		return screenSet(os.DirFS(*set), s, out, *misses, *md)
	case "screen-cv":
		pack := fs.String("pack", "content/default", "a content pack folder (its screen/ folder is read from disk)")
		hold := fs.String("hold", "retired-*.tsv", "comma-separated patterns of examples files to hold out, one at a time")
		misses := fs.Int("misses", 30, "list at most this many missed risk lines and crisis false alarms")
		md := fs.Bool("markdown", false, "print the figures as BENCHMARKS.md keeps them instead of the full report")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return screenCV(filepath.Join(*pack, "screen"), *hold, out, *misses, *md)
	case "screen-forms":
		pack := fs.String("pack", "", "a content pack folder whose screen lists to use (default: the built-in pack)")
		frames := fs.String("frames", ",i feel like,honestly,la verdad", "comma-separated words put before each form (an empty one: the form alone)")
		misses := fs.Int("misses", 10, "list at most this many forms screened below their tier, for each frame")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		s, err := packScreener(*pack)
		if err != nil {
			return err
		}
		return screenForms(s, strings.Split(*frames, ","), out, *misses)
	case "screen-latency":
		n := fs.Int("n", 20000, "4,096-character messages screened")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		r, err := screenLatency(screenLatencyConfig{Runs: *n, Size: 4096})
		if err != nil {
			return err
		}
		printTable(out, r.rows())
		return r.check()
	case "month":
		n := fs.Int("n", 200, "people, each with a daily check-in (the outbox is unpaced against the emulator: ~5-10 ms a person a day on two cores; -n 10000 is the issue's month)")
		days := fs.Int("days", 30, "simulated days")
		seed := fs.Uint64("seed", 1, "seed for what the simulated people and workers do")
		prof := fs.String("cpuprofile", "", "write a CPU profile of the run here")
		heap := fs.String("heapprofile", "", "write the live heap after the last day here")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *prof != "" {
			stop, err := startCPUProfile(*prof)
			if err != nil {
				return err
			}
			defer stop()
		}
		return withDir(*dir, func(d string) error {
			r, err := month(ctx, monthConfig{People: *n, Days: *days, Seed: *seed, Dir: d, Progress: out, HeapProfile: *heap})
			if err != nil {
				return err
			}
			r.printDays(out)
			fmt.Fprintln(out)
			printTable(out, r.rows())
			return r.check()
		})
	default:
		return errors.New(usage)
	}
}

// packScreener is the risk screen of the content pack in dir, or of the built-in pack when dir
// is empty.
func packScreener(dir string) (*triage.Screener, error) {
	if dir == "" {
		return content.Default().Screener(), nil
	}
	p, err := content.Load(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	return p.Screener(), nil
}

// checkRate refuses a send rate the service's configuration would refuse, with its words: a
// bench that quietly ran at another rate would measure something no one can deploy.
func checkRate(rate float64) error {
	if _, err := config.LoadForAdmin("", func(string) (string, bool) { return "", false }, []string{"--send-rate", strconv.FormatFloat(rate, 'g', -1, 64)}); err != nil {
		return fmt.Errorf("-rate %g: %w", rate, err)
	}
	return nil
}

// withDir runs f in dir, or in a temporary directory removed afterwards.
func withDir(dir string, f func(string) error) error {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		return f(dir)
	}
	tmp, err := os.MkdirTemp("", "tandembench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	return f(tmp)
}

// row is one line of a result table: what, the figure, and the target it is held to.
type row struct{ what, value, target string }

func printTable(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measure\tvalue\ttarget")
	fmt.Fprintln(tw, "-------\t-----\t------")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.what, r.value, r.target)
	}
	tw.Flush()
}

// problems collects failed checks into one error.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errors.New(strings.Join(p, "; "))
}
