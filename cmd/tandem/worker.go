package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/config"
	"github.com/tandemcare/tandem/store"
)

func cmdWorker(ctx context.Context, args []string, stdout io.Writer, env func(string) (string, bool)) error {
	if len(args) == 0 {
		return errors.New("worker: say add, list, remove, hours, language or backup (see tandem help)")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("worker "+sub, flag.ContinueOnError)
	idText := fs.String("telegram-id", "", "the worker's Telegram user id")
	name := fs.String("name", "", "the worker's name, as people will see it")
	backupText := fs.String("backup-id", "", "the Telegram user id of the worker who covers for this one (0: none)")
	lang := fs.String("lang", "", `the language the bot writes to the worker in, like "es"; "service" for the service's`)
	hours := fs.String("hours", "", `the worker's own working hours, like "Mon-Thu 09:00-17:00"; "service" for the service's`)
	// Anything but the worker flags (--config, --database) is for the configuration.
	cfg, st, err := openAdmin(ctx, "worker "+sub, fs, args, env)
	if err != nil {
		return err
	}
	defer st.Close()

	parseID := func() (int64, error) {
		if *idText == "" {
			return 0, fmt.Errorf("worker %s: --telegram-id is required (the worker's numeric Telegram user id)", sub)
		}
		id, err := strconv.ParseInt(*idText, 10, 64)
		if err != nil || id <= 0 {
			return 0, fmt.Errorf("worker %s: --telegram-id must be a positive number, got %q", sub, *idText)
		}
		return id, nil
	}
	switch sub {
	case "add":
		id, err := parseID()
		if err != nil {
			return err
		}
		w, err := st.AddWorker(ctx, id, *name)
		if errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("worker add: Telegram id %d is already registered as a worker", id)
		}
		if err != nil {
			return fmt.Errorf("worker add: %w", err)
		}
		if *lang != "" && *lang != "service" {
			if err := checkWorkerLanguage(cfg, *lang); err != nil {
				return fmt.Errorf("worker add: %w", err)
			}
			if err := st.SetWorkerLanguage(ctx, id, *lang); err != nil {
				return fmt.Errorf("worker add: %w", err)
			}
		}
		fmt.Fprintf(stdout, "added worker %q (Telegram id %d). Ask them to open a chat with the bot and send /start.\n", w.Name, w.TelegramID)
		return nil
	case "list":
		workers, err := st.Workers(ctx)
		if err != nil {
			return err
		}
		if len(workers) == 0 {
			fmt.Fprintln(stdout, "no workers yet: add one with tandem worker add --telegram-id ID --name NAME")
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TELEGRAM ID\tNAME\tPEOPLE\tCHAT OPEN\tHOURS\tLANGUAGE\tADDED")
		for _, w := range workers {
			n, err := st.WorkerCaseloadSize(ctx, w.ID)
			if err != nil {
				return err
			}
			open := "no"
			if w.ChatOpen {
				open = "yes"
			}
			hours := w.Hours
			if hours == "" {
				hours = "service's"
			}
			language := w.Language
			if language == "" {
				language = "service's (" + cfg.Language + ")"
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", w.TelegramID, w.Name, n, open, hours, language, w.CreatedAt.Format("2006-01-02"))
		}
		return tw.Flush()
	case "remove":
		id, err := parseID()
		if err != nil {
			return err
		}
		if err := st.RemoveWorker(ctx, id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("worker remove: no worker has Telegram id %d", id)
			}
			return fmt.Errorf("worker remove: %w", err)
		}
		fmt.Fprintf(stdout, "removed worker with Telegram id %d; their open invites no longer work\n", id)
		return nil
	case "hours":
		id, err := parseID()
		if err != nil {
			return err
		}
		value := *hours
		if value == "service" {
			value = ""
		} else if _, err := tandem.ParseWorkingHours(value, cfg.TimeZone); err != nil {
			return fmt.Errorf("worker hours: --hours: %w (or \"service\" for the service's hours)", err)
		}
		if err := st.SetWorkerHours(ctx, id, value); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("worker hours: no worker has Telegram id %d", id)
			}
			return err
		}
		if value == "" {
			fmt.Fprintf(stdout, "worker %d now follows the service's working hours (%s)\n", id, cfg.WorkingHours)
		} else {
			fmt.Fprintf(stdout, "worker %d's people will be told they usually read Tandem %s\n", id, value)
		}
		return nil
	case "language":
		id, err := parseID()
		if err != nil {
			return err
		}
		value := *lang
		if value == "service" {
			value = ""
		} else if err := checkWorkerLanguage(cfg, value); err != nil {
			return fmt.Errorf("worker language: %w", err)
		}
		if err := st.SetWorkerLanguage(ctx, id, value); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("worker language: no worker has Telegram id %d", id)
			}
			return err
		}
		if value == "" {
			fmt.Fprintf(stdout, "worker %d is now written to in the service's language (%s)\n", id, cfg.Language)
		} else {
			fmt.Fprintf(stdout, "worker %d is now written to in %s: flags, caseload, summaries and digests\n", id, value)
		}
		return nil
	case "backup":
		id, err := parseID()
		if err != nil {
			return err
		}
		backup, err := strconv.ParseInt(*backupText, 10, 64)
		if err != nil || backup < 0 {
			return fmt.Errorf("worker backup: --backup-id must be the backup's Telegram user id, or 0 for none; got %q", *backupText)
		}
		if err := st.SetBackup(ctx, id, backup); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("worker backup: both workers must be registered (see tandem worker list)")
			}
			return fmt.Errorf("worker backup: %w", err)
		}
		if backup == 0 {
			fmt.Fprintf(stdout, "worker %d has no backup now: unacknowledged urgent flags go only to the staff channel\n", id)
		} else {
			fmt.Fprintf(stdout, "worker %d is now covered by %d: urgent flags they have not acknowledged in time go to %d\n", id, backup, backup)
		}
		return nil
	}
	return fmt.Errorf("worker: unknown subcommand %q: say add, list, remove, hours, language or backup", sub)
}

// checkWorkerLanguage accepts a language the service's content pack has.
func checkWorkerLanguage(cfg config.Config, lang string) error {
	pack, err := loadPack(cfg)
	if err != nil {
		return err
	}
	if !slices.Contains(pack.Languages, lang) {
		return fmt.Errorf("--lang: the content pack has %s, not %q (or say \"service\" for the service's language)", strings.Join(pack.Languages, ", "), lang)
	}
	return nil
}
