package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tandemcare/tandem/config"
	"github.com/tandemcare/tandem/store"
)

// cmdAudit lists when workers viewed or changed people's data, newest first.
func cmdAudit(ctx context.Context, args []string, stdout io.Writer, env func(string) (string, bool)) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	worker := fs.String("worker", "", "only this worker's Telegram user id")
	person := fs.String("person", "", "only this person (their pseudonym, like P-7KQ3M)")
	since := fs.String("since", "", "only entries since this date (2026-11-01)")
	limit := fs.Int("limit", 200, "at most this many entries")
	cfg, st, err := openAdmin(ctx, "audit", fs, args, env)
	if err != nil {
		return err
	}
	defer st.Close()
	f := store.AuditFilter{Limit: *limit}
	if *worker != "" {
		if f.WorkerTelegramID, err = strconv.ParseInt(*worker, 10, 64); err != nil {
			return fmt.Errorf("audit: --worker must be a Telegram user id, got %q", *worker)
		}
	}
	if *since != "" {
		if f.Since, err = time.ParseInLocation("2006-01-02", *since, cfg.TimeZone); err != nil {
			return fmt.Errorf("audit: --since must be a date like 2026-11-01, got %q", *since)
		}
	}
	entries, err := st.AuditLog(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tWORKER\tPERSON\tACTION\tDETAIL")
	n := 0
	for _, e := range entries {
		if *person != "" && e.Person != *person {
			continue
		}
		n++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.At.In(cfg.TimeZone).Format("2006-01-02 15:04"), e.Worker, e.Person, e.Action, e.Detail)
	}
	if n == 0 {
		fmt.Fprintln(stdout, "no audit entries match")
		return nil
	}
	return tw.Flush()
}

// openAdmin is the start of every administration command: its own flags (those defined on fs)
// are parsed, the rest configure Tandem, and the database is opened. The caller closes it.
func openAdmin(ctx context.Context, what string, fs *flag.FlagSet, args []string, env func(string) (string, bool)) (config.Config, *store.Store, error) {
	fs.SetOutput(io.Discard)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	own, rest := splitFlags(args, names...)
	if err := fs.Parse(own); err != nil {
		return config.Config{}, nil, fmt.Errorf("%s: %w", what, err)
	}
	cfg, err := loadAdminConfig(rest, env)
	if err != nil {
		return cfg, nil, err
	}
	st, err := store.Open(ctx, cfg.DatabasePath)
	return cfg, st, err
}

// splitFlags separates a subcommand's own flags (by name) from the configuration's.
func splitFlags(args []string, names ...string) (own, rest []string) {
	isOwn := map[string]bool{}
	for _, n := range names {
		isOwn[n] = true
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		key, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if len(a) > 1 && a[0] == '-' && isOwn[key] {
			own = append(own, a)
			if !hasValue && i+1 < len(args) {
				own = append(own, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	return own, rest
}
