package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

const exportUsage = `usage: syniad export themes [--consultation SLUG] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                            [--status STATUS] [--shortlisted] [--format xlsx|csv|json]
                            [--lang en|cy] [--output FILE]
       syniad export pack --meeting ID [--format html|pdf|md] [--lang en|cy] [--output FILE]
       syniad export open-data [--consultation SLUG] [--format csv|json] [--output FILE]

Without --output (or with --output -) the export goes to standard output. Progress goes to
standard error.`

// export writes one export to a file or standard output.
func export(ctx context.Context, cfg app.Config, db *gorm.DB, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(exportUsage)
	}
	what := args[0]
	fs := flag.NewFlagSet("export "+what, flag.ContinueOnError)
	fs.SetOutput(stderr)
	consultation := fs.String("consultation", "", "only this consultation's ideas (its slug)")
	from := fs.String("from", "", "only ideas shared on or after this day (YYYY-MM-DD)")
	to := fs.String("to", "", "only ideas shared on or before this day (YYYY-MM-DD)")
	status := fs.String("status", "", "only ideas with this status")
	shortlisted := fs.Bool("shortlisted", false, "only ideas on a shortlist")
	meeting := fs.Int64("meeting", 0, "the meeting's number, as in /meetings/ID")
	format := fs.String("format", "", "the file format")
	lang := fs.String("lang", "en", "en or cy: the language of headings and official text")
	output := fs.String("output", "-", "the file to write, or - for standard output")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *lang != "en" && *lang != "cy" {
		return errors.New("--lang must be en or cy")
	}
	tr, err := app.NewTranslator()
	if err != nil {
		return err
	}
	now := time.Now()
	progress := func(total int64) func(int64) {
		if total < models.ExportBatch {
			return nil
		}
		return func(written int64) {
			fmt.Fprintf(stderr, "exported %d of %d ideas (%d%%)\n", written, total, written*100/total)
		}
	}

	var write func(io.Writer) error
	switch what {
	case "themes":
		*format = orDefault(*format, "xlsx")
		in := models.ExportInput{Consultation: *consultation, Status: *status, Shortlisted: *shortlisted,
			From: dayParts(*from), To: dayParts(*to)}
		q, errs, err := in.Resolve(ctx, db)
		if err != nil {
			return err
		}
		if errs.Any() {
			return fieldErrors(tr, errs)
		}
		total, err := models.ExportCount(ctx, db, q)
		if err != nil {
			return err
		}
		filters, err := app.DescribeExport(ctx, db, tr, *lang, in)
		if err != nil {
			return err
		}
		e := &app.IdeaExport{DB: db, Query: q, Tr: tr, Lang: *lang, BaseURL: cfg.BaseURL, Now: now,
			Filters: filters, Progress: progress(total)}
		formats := map[string]func(context.Context, io.Writer) error{"xlsx": e.WriteXLSX, "csv": e.WriteCSV, "json": e.WriteJSON}
		f, ok := formats[*format]
		if !ok {
			return errors.New("--format must be xlsx, csv or json")
		}
		if *format == "xlsx" {
			// Each idea is written once per theme sheet it is on, so count those rows.
			totals, err := models.ExportThemes(ctx, db, q)
			if err != nil {
				return err
			}
			var rows int64
			for _, t := range totals {
				rows += t.Ideas
			}
			e.Progress = progress(rows)
		}
		write = func(w io.Writer) error { return f(ctx, w) }
	case "pack":
		*format = orDefault(*format, "pdf")
		if *meeting <= 0 {
			return errors.New("say which meeting: --meeting ID")
		}
		p, err := models.LoadMeetingPack(ctx, db, *meeting, now)
		if errors.Is(err, models.ErrNotFound) {
			return fmt.Errorf("there is no meeting %d", *meeting)
		} else if err != nil {
			return err
		}
		switch *format {
		case "pdf":
			printer := app.NewPDFPrinter(cfg.ChromiumPath)
			if !printer.Available() {
				return fmt.Errorf("%w (or use --format html or md)", app.ErrNoChromium)
			}
			write = func(w io.Writer) error { return app.WritePackPDF(ctx, w, printer, p, *lang, cfg.BaseURL) }
		case "md":
			write = func(w io.Writer) error { return app.WritePackMarkdown(w, p, tr, *lang, cfg.BaseURL) }
		case "html":
			write = func(w io.Writer) error { return app.WritePackHTML(w, p, *lang, cfg.BaseURL) }
		default:
			return errors.New("--format must be html, pdf or md")
		}
	case "open-data":
		*format = orDefault(*format, "csv")
		od := &app.OpenData{DB: db, BaseURL: cfg.BaseURL, Now: now}
		if *consultation != "" {
			c, err := models.ConsultationBySlug(ctx, db, *consultation)
			if err != nil {
				return fmt.Errorf("there is no consultation %q", *consultation)
			}
			od.Consultation = c.ID
		}
		total, err := models.ExportCount(ctx, db, models.ExportQuery{ConsultationID: od.Consultation, IncludeMerged: true})
		if err != nil {
			return err
		}
		od.Progress = progress(total)
		switch *format {
		case "csv":
			write = func(w io.Writer) error { return od.WriteCSV(ctx, w) }
		case "json":
			write = func(w io.Writer) error { return od.WriteJSON(ctx, w) }
		default:
			return errors.New("--format must be csv or json")
		}
	default:
		return errors.New(exportUsage)
	}

	if *output == "-" {
		if (*format == "xlsx" || *format == "pdf") && isTerminal(stdout) {
			return fmt.Errorf("a %s file would garble the terminal: add --output FILE, or redirect standard output", *format)
		}
		out := bufio.NewWriter(stdout)
		if err := write(out); err != nil {
			return err
		}
		return out.Flush()
	}
	return writeFileAtomically(*output, write, stderr)
}

// writeFileAtomically writes to a temporary file beside path and renames it into place, so a
// failed export never leaves a half-written file under the name asked for.
func writeFileAtomically(path string, write func(io.Writer) error, stderr io.Writer) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	out := bufio.NewWriter(tmp)
	if err := write(out); err != nil {
		tmp.Close()
		return err
	}
	if err := out.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes a file only its owner may read; an export is an ordinary file.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s\n", path)
	return nil
}

// dayParts splits YYYY-MM-DD into a date field's boxes; anything else is left for the
// check to refuse.
func dayParts(s string) models.DateParts {
	if s == "" {
		return models.DateParts{}
	}
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return models.DateParts{Day: s, Month: "x", Year: "x"}
	}
	return models.DateParts{Year: parts[0], Month: parts[1], Day: parts[2]}
}

// fieldErrors turns field errors into one error in English, with the flag each is about.
func fieldErrors(tr *app.Translator, errs models.Errors) error {
	var lines []string
	for field, id := range errs {
		lines = append(lines, "--"+field+": "+tr.T("en", id))
	}
	return errors.New(strings.Join(lines, "\n"))
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
