package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"gorm.io/gorm"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
)

const consultationsUsage = `usage: syniad consultations create --slug SLUG --title TITLE [--title-cy TITLE] [--board SLUG]
                                  [--opens YYYY-MM-DD] [--closes YYYY-MM-DD] [--description TEXT] [--publish]
       syniad consultations list`

// consultations creates and lists consultations, so that a fresh install can be set up from a
// script. It goes through the same model functions as the staff pages, so the public record
// shows what it did (with no one named as the actor).
func consultations(ctx context.Context, db *gorm.DB, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(consultationsUsage)
	}
	switch args[0] {
	case "create":
		fs := flag.NewFlagSet("consultations create", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		slug := fs.String("slug", "", "the consultation's address: /consultations/SLUG")
		title := fs.String("title", "", "its title in English")
		titleCy := fs.String("title-cy", "", "its title in Welsh")
		description := fs.String("description", "", "its description (Markdown)")
		board := fs.String("board", "", "the slug of the board it reports to")
		opens := fs.String("opens", "", "the day it opens (00:00 UK time), YYYY-MM-DD")
		closes := fs.String("closes", "", "the day it closes (23:59 UK time), YYYY-MM-DD")
		publish := fs.Bool("publish", false, "publish it at once (otherwise it is a draft that only staff see)")
		if err := fs.Parse(args[1:]); err != nil {
			return fmt.Errorf("%v\n%s", err, consultationsUsage)
		}
		if *slug == "" || *title == "" {
			return errors.New(consultationsUsage)
		}
		c, errs, err := models.CreateConsultation(ctx, db, nil, models.ConsultationInput{Slug: *slug, Title: *title,
			TitleCy: *titleCy, Description: *description, Board: *board, OpensOn: models.DatePartsOf(*opens),
			ClosesOn: models.DatePartsOf(*closes)})
		if err != nil {
			return err
		}
		if errs.Any() {
			return invalidInput(errs)
		}
		if *publish {
			errs, err := models.PublishConsultation(ctx, db, nil, c.ID, models.Reason{})
			if err != nil {
				return err
			}
			if errs.Any() {
				return invalidInput(errs)
			}
			if c, err = models.ConsultationBySlug(ctx, db, c.Slug); err != nil {
				return err
			}
		}
		fmt.Fprintf(out, "%s is %s: /consultations/%s\n", c.Slug, c.Stage(models.Now(ctx)), c.Slug)
		return nil
	case "list":
		cs, err := models.ListAllConsultations(ctx, db)
		if err != nil {
			return err
		}
		now := models.Now(ctx)
		w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "SLUG\tSTATUS\tOPENS\tCLOSES\tTITLE")
		day := func(t interface{ Format(string) string }) string { return t.Format("2006-01-02") }
		for _, c := range cs {
			opensOn, closesOn := "-", "-"
			if c.OpensAt != nil {
				opensOn = day(c.OpensAt.In(models.London))
			}
			if c.ClosesAt != nil {
				closesOn = day(c.ClosesAt.In(models.London))
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", c.Slug, c.Stage(now), opensOn, closesOn, c.Title)
		}
		return w.Flush()
	}
	return errors.New(consultationsUsage)
}

// invalidInput says in English what was wrong, field by field.
func invalidInput(errs models.Errors) error {
	tr, err := app.NewTranslator()
	if err != nil {
		return err
	}
	flags := map[string]string{"title": "--title", "title_cy": "--title-cy", "slug": "--slug", "board": "--board",
		"opens_on": "--opens", "closes_on": "--closes", "description": "--description"}
	var lines []string
	for field, key := range errs {
		name := flags[field]
		if name == "" {
			name = field
		}
		lines = append(lines, name+": "+tr.T("en", key))
	}
	sort.Strings(lines)
	return errors.New(strings.Join(lines, "\n"))
}
