// Command tandem runs Tandem, the Telegram bot that a person and their mental health worker use
// together, and its administration commands. Run `tandem help` for the list.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `tandem: a Telegram bot that a person and their mental health worker use together.

Usage:
  tandem run [--config FILE] [flags]        serve the bot (long polling, or webhook if configured)
  tandem sandbox [--addr 127.0.0.1:8080] [--database FILE]
                                            the bot against a built-in Telegram emulator, with a chat page
  tandem worker add --telegram-id ID --name NAME   register a worker
  tandem worker list                              workers and their caseloads
  tandem worker remove --telegram-id ID           retire a worker
  tandem worker backup --telegram-id ID --backup-id ID2   who covers ID's unacknowledged urgent flags
  tandem worker hours --telegram-id ID --hours "Mon-Thu 09:00-17:00"   a worker's own working hours
  tandem worker language --telegram-id ID --lang es   what the bot writes to a worker in ("service": the service's)
  tandem backup [--config FILE] DEST        consistent copy of the live database to DEST
  tandem content check [--strict] DIR       check a content pack: each language's coverage, then every
                                            error (Tandem would not start) and warning, with file and line
  tandem content readability DIR            how easily each lesson reads, in each language
  tandem screen [--pack DIR] [--plan] [MESSAGE...]   screen messages (or stdin, one a line) for risk: one JSON line each
  tandem person deletions                   people who asked for their data to be deleted
  tandem person delete --person P-XXXXX     confirm a deletion: everything about them is deleted
  tandem person move --person P-XXXXX --to-worker ID   move someone to another worker
  tandem export [--person P-XXXXX] [--from DATE] [--to DATE] [--format csv|fhir] [--what checkins|flags|goals] [--out FILE]
  tandem audit [--worker ID] [--person P-XXXXX] [--since 2026-11-01]   when workers viewed or changed people's data
  tandem help

Configuration comes from --config FILE (or TANDEM_CONFIG), then TANDEM_* environment variables,
then flags: see docs/configuration.md.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runMain(ctx, os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "tandem:", err)
		}
		os.Exit(2)
	}
}

var errUsage = errors.New("usage")

// runMain is main without the process: tests call it directly.
func runMain(ctx context.Context, args []string, stdout, stderr io.Writer, env func(string) (string, bool)) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "run":
		return cmdRun(ctx, args[1:], stderr, env)
	case "sandbox":
		return cmdSandbox(ctx, args[1:], stdout, stderr, env)
	case "worker":
		return cmdWorker(ctx, args[1:], stdout, env)
	case "backup":
		return cmdBackup(ctx, args[1:], stdout, env)
	case "content":
		return cmdContent(args[1:], stdout)
	case "screen":
		return cmdScreen(args[1:], os.Stdin, stdout)
	case "audit":
		return cmdAudit(ctx, args[1:], stdout, env)
	case "person":
		return cmdPerson(ctx, args[1:], stdout, env)
	case "export":
		return cmdExport(ctx, args[1:], stdout, env)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "tandem: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}
