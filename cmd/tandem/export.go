package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tandemcare/tandem/export"
	"github.com/tandemcare/tandem/store"
)

// cmdExport writes check-ins, flags and goals, for one person or everyone, over a date range,
// as CSV or as a FHIR R4 Bundle a records system can import.
func cmdExport(ctx context.Context, args []string, stdout io.Writer, env func(string) (string, bool)) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	person := fs.String("person", "", "only this person (their pseudonym, like P-7KQ3M); default everyone")
	from := fs.String("from", "", "from this date (2026-11-01), inclusive")
	to := fs.String("to", "", "to this date (2026-12-01), exclusive")
	format := fs.String("format", "csv", "csv or fhir")
	what := fs.String("what", "checkins", "with csv: checkins, flags or goals (fhir has check-ins and goals together)")
	out := fs.String("out", "", "write to this file instead of standard output")
	cfg, st, err := openAdmin(ctx, "export", fs, args, env)
	if err != nil {
		return err
	}
	defer st.Close()
	pack, err := loadPack(cfg)
	if err != nil {
		return err
	}
	var f store.ExportFilter
	if *person != "" {
		p, err := st.PersonByPseudonym(ctx, *person)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("export: nobody has the pseudonym %q", *person)
		}
		if err != nil {
			return err
		}
		f.PersonID = p.ID
	}
	for _, d := range []struct {
		text string
		dest *time.Time
		name string
	}{{*from, &f.From, "--from"}, {*to, &f.To, "--to"}} {
		if d.text == "" {
			continue
		}
		if *d.dest, err = time.ParseInLocation("2006-01-02", d.text, cfg.TimeZone); err != nil {
			return fmt.Errorf("export: %s must be a date like 2026-11-01, got %q", d.name, d.text)
		}
	}
	w := stdout
	if *out != "" {
		file, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer file.Close()
		w = file
	}
	switch *format + "/" + *what {
	case "csv/checkins":
		cs, err := st.ExportCheckins(ctx, f)
		if err != nil {
			return err
		}
		return export.WriteCheckinsCSV(w, cs, pack)
	case "csv/flags":
		fl, err := st.ExportFlags(ctx, f)
		if err != nil {
			return err
		}
		return export.WriteFlagsCSV(w, fl)
	case "csv/goals":
		gs, err := st.ExportGoals(ctx, f)
		if err != nil {
			return err
		}
		return export.WriteGoalsCSV(w, gs)
	}
	if *format != "fhir" {
		return fmt.Errorf("export: --format is csv or fhir, and --what is checkins, flags or goals; got %s and %s", *format, *what)
	}
	cs, err := st.ExportCheckins(ctx, f)
	if err != nil {
		return err
	}
	gs, err := st.ExportGoals(ctx, f)
	if err != nil {
		return err
	}
	return export.WriteFHIR(w, cs, gs, pack, st.Now())
}
