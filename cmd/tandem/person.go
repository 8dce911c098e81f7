package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// cmdPerson is the administrator's part in a person's data rights and care: deletions people
// asked for, and moving someone to another worker. People are named by pseudonym.
func cmdPerson(ctx context.Context, args []string, stdout io.Writer, env func(string) (string, bool)) error {
	if len(args) == 0 {
		return errors.New("person: say deletions, delete or move (see tandem help)")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("person "+sub, flag.ContinueOnError)
	pseudonym := fs.String("person", "", "the person's pseudonym, like P-7KQ3M")
	toWorker := fs.String("to-worker", "", "the new worker's Telegram user id")
	withoutRequest := fs.Bool("without-request", false, "delete even though the person did not ask (e.g. at the service's records policy)")
	cfg, st, err := openAdmin(ctx, "person "+sub, fs, args, env)
	if err != nil {
		return err
	}
	defer st.Close()
	pack, err := loadPack(cfg)
	if err != nil {
		return err
	}
	find := func() (tandem.Person, error) {
		if *pseudonym == "" {
			return tandem.Person{}, fmt.Errorf("person %s: --person is required (their pseudonym, like P-7KQ3M)", sub)
		}
		p, err := st.PersonByPseudonym(ctx, *pseudonym)
		if errors.Is(err, store.ErrNotFound) {
			return p, fmt.Errorf("person %s: nobody has the pseudonym %q", sub, *pseudonym)
		}
		return p, err
	}
	switch sub {
	case "deletions":
		reqs, err := st.DeletionRequests(ctx)
		if err != nil {
			return err
		}
		if len(reqs) == 0 {
			fmt.Fprintln(stdout, "nobody is waiting for deletion")
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PERSON\tWORKER\tASKED")
		for _, r := range reqs {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Pseudonym, r.Worker, r.RequestedAt.In(cfg.TimeZone).Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	case "delete":
		p, err := find()
		if err != nil {
			return err
		}
		reqs, err := st.DeletionRequests(ctx)
		if err != nil {
			return err
		}
		asked := false
		for _, r := range reqs {
			asked = asked || r.PersonID == p.ID
		}
		if !asked && !*withoutRequest {
			return fmt.Errorf("person delete: %s has not asked for deletion; add --without-request if your service has another reason", p.Pseudonym)
		}
		err = st.Update(ctx, func(tx *store.Tx) error {
			if err := tx.DeletePerson(ctx, p.ID); err != nil {
				return err
			}
			// The one thing left: telling them it is done.
			return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: tandem.PriorityConversation,
				Text: pack.Text(p.Language, "delete.done")})
		})
		if err != nil {
			return fmt.Errorf("person delete: %w", err)
		}
		fmt.Fprintf(stdout, "deleted everything Tandem held about %s; they will be told\n", p.Pseudonym)
		return nil
	case "move":
		p, err := find()
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(*toWorker, 10, 64)
		if err != nil {
			return fmt.Errorf("person move: --to-worker must be the new worker's Telegram user id, got %q", *toWorker)
		}
		w, err := st.WorkerByTelegramID(ctx, id)
		if err != nil {
			return fmt.Errorf("person move: no worker has Telegram id %d", id)
		}
		err = st.Update(ctx, func(tx *store.Tx) error {
			if err := tx.MovePerson(ctx, p.ID, w.ID); err != nil {
				return err
			}
			return tx.Enqueue(ctx,
				tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: tandem.PriorityConversation,
					Text: pack.Text(p.Language, "person.moved", "worker", w.FirstName())},
				tandem.Outgoing{Kind: tandem.KindText, ChatID: w.TelegramID, Priority: tandem.PriorityConversation,
					Text: pack.Text("en", "worker.person_moved_to", "person", p.Name)})
		})
		if err != nil {
			return fmt.Errorf("person move: %w", err)
		}
		fmt.Fprintf(stdout, "%s now works with %s; both will be told\n", p.Pseudonym, w.Name)
		return nil
	}
	return fmt.Errorf("person: unknown subcommand %q: say deletions, delete or move", sub)
}
