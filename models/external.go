package models

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"gorm.io/gorm"
)

// ExternalIdea is an idea gathered somewhere else (a post in a social-media thread, a letter, a
// workshop) and recorded by staff, attributed to its source rather than to a user.
type ExternalIdea struct {
	Consultation string // slug
	Title        string
	Body         string
	SourceName   string // a name or handle, such as "@mattinwales on Twitter"
	SourceURL    string // a link to the original, optional
}

// MaxImportRows is the most ideas one CSV file may hold.
const MaxImportRows = 1000

// validate checks one external idea against the consultations it may name (slug → id).
func (in *ExternalIdea) validate(consultations map[string]int64) Errors {
	errs := Errors{}
	in.Consultation = strings.TrimSpace(in.Consultation)
	if in.Consultation == "" {
		errs.Add("consultation", "error.consultation.required")
	} else if _, ok := consultations[in.Consultation]; !ok {
		errs.Add("consultation", "error.consultation.unknown")
	}
	in.Title = checkText(errs, "title", in.Title, true, MaxTitle)
	in.Body = checkText(errs, "body", in.Body, true, MaxIdeaBody)
	in.SourceName = checkText(errs, "source_name", in.SourceName, true, 200)
	in.SourceURL = checkText(errs, "source_url", in.SourceURL, false, 500)
	checkLink(errs, "source_url", in.SourceURL)
	return errs
}

// publishedConsultations maps the slug of every non-draft consultation to its id.
func publishedConsultations(ctx context.Context, db *gorm.DB) (map[string]int64, error) {
	var rows []Consultation
	if err := db.WithContext(ctx).Where("status <> 'draft'").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, c := range rows {
		out[c.Slug] = c.ID
	}
	return out, nil
}

// RecordExternalIdea stores one idea gathered elsewhere, with its event naming the staff member
// who recorded it. Staff may record ideas for closed consultations too: they were made while
// it was open, somewhere else.
func RecordExternalIdea(ctx context.Context, db *gorm.DB, actor *User, in ExternalIdea) (*Idea, Errors, error) {
	consultations, err := publishedConsultations(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	if errs := in.validate(consultations); errs.Any() {
		return nil, errs, nil
	}
	var idea *Idea
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		idea, err = insertExternal(tx, actor, consultations, in)
		return err
	})
	return idea, nil, err
}

func insertExternal(tx *gorm.DB, actor *User, consultations map[string]int64, in ExternalIdea) (*Idea, error) {
	idea := &Idea{ConsultationID: consultations[in.Consultation], SourceName: in.SourceName, SourceURL: in.SourceURL,
		Title: in.Title, Body: in.Body, BodyHTML: RenderMarkdown(in.Body), Lang: DetectLanguage(in.Title+"\n"+in.Body, "en"),
		Status: StatusNew, RecordedByID: &actor.ID}
	if err := tx.Create(idea).Error; err != nil {
		return nil, err
	}
	return idea, recordEvent(tx, Event{ActorID: &actor.ID, Verb: VerbIdeaRecorded, SubjectType: "idea",
		SubjectID: idea.ID, IdeaID: &idea.ID, ToValue: in.SourceName})
}

// ImportRow is one data row of a CSV import: its line number, what it says and what is wrong.
type ImportRow struct {
	Line   int
	Idea   ExternalIdea
	Errors Errors
}

// ImportPreview is a parsed CSV file: its rows, and problems with the file as a whole.
type ImportPreview struct {
	Rows      []ImportRow
	FileError string // a message id, when the file itself cannot be read
}

// OK reports whether every row is valid and the file could be read.
func (p ImportPreview) OK() bool {
	if p.FileError != "" || len(p.Rows) == 0 {
		return false
	}
	for _, r := range p.Rows {
		if r.Errors.Any() {
			return false
		}
	}
	return true
}

// BadRows counts the rows with problems.
func (p ImportPreview) BadRows() int {
	n := 0
	for _, r := range p.Rows {
		if r.Errors.Any() {
			n++
		}
	}
	return n
}

// importColumns are the CSV header's names; the order in a file may differ.
var importColumns = []string{"consultation", "title", "body", "source_name", "source_url"}

// ParseImport reads a CSV file of ideas gathered elsewhere and checks every row, without
// storing anything. The first line names the columns: consultation, title, body, source_name
// and (optionally) source_url.
func ParseImport(ctx context.Context, db *gorm.DB, r io.Reader) (ImportPreview, error) {
	var p ImportPreview
	consultations, err := publishedConsultations(ctx, db)
	if err != nil {
		return p, err
	}
	// Excel starts a UTF-8 file with a byte-order mark; drop it before the CSV reader sees it,
	// or a quoted first header ("\ufeff\"consultation\"") is a bare quote.
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		p.FileError = "error.import.empty"
		return p, nil
	}
	col := map[string]int{}
	for n, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		col[name] = n
	}
	for _, name := range importColumns[:4] {
		if _, ok := col[name]; !ok {
			p.FileError = "error.import.columns"
			return p, nil
		}
	}
	field := func(rec []string, name string) string {
		if n, ok := col[name]; ok && n < len(rec) {
			return rec[n]
		}
		return ""
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				// The line the row starts on, as for good rows: an unclosed quote is found lines later.
				p.Rows = append(p.Rows, ImportRow{Line: perr.StartLine, Errors: Errors{"row": "error.import.malformed"}})
				continue
			}
			return p, err
		}
		// Only after a good read: a row malformed in its first field has no field positions.
		line, _ := cr.FieldPos(0)
		if len(p.Rows) >= MaxImportRows {
			p.FileError = "error.import.too_many"
			return p, nil
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // a blank line
		}
		row := ImportRow{Line: line, Idea: ExternalIdea{
			Consultation: field(rec, "consultation"), Title: field(rec, "title"), Body: field(rec, "body"),
			SourceName: field(rec, "source_name"), SourceURL: field(rec, "source_url"),
		}}
		row.Errors = row.Idea.validate(consultations)
		p.Rows = append(p.Rows, row)
	}
	if len(p.Rows) == 0 {
		p.FileError = "error.import.empty"
	}
	return p, nil
}

// ImportIdeas parses and stores a CSV file in one transaction: if any row is bad, nothing is
// stored and the preview says which rows and why.
func ImportIdeas(ctx context.Context, db *gorm.DB, actor *User, r io.Reader) (ImportPreview, int, error) {
	p, err := ParseImport(ctx, db, r)
	if err != nil || !p.OK() {
		return p, 0, err
	}
	consultations, err := publishedConsultations(ctx, db)
	if err != nil {
		return p, 0, err
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, row := range p.Rows {
			if _, err := insertExternal(tx, actor, consultations, row.Idea); err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
		}
		return nil
	})
	if err != nil {
		return p, 0, err
	}
	return p, len(p.Rows), nil
}
