package app

import (
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// maxImportBytes is the largest CSV file staff may import at once.
const maxImportBytes = 512 << 10

// recordIdeaForm is where staff record an idea gathered elsewhere.
func (s *Server) recordIdeaForm(c *fiber.Ctx) error {
	return s.renderRecord(c, fiber.StatusOK, nil, fiber.Map{"consultation": c.Query("consultation")})
}

func (s *Server) renderRecord(c *fiber.Ctx, status int, errs models.Errors, form fiber.Map) error {
	consultations, err := models.ListConsultations(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	return s.render(c, status, "ideas/record", fiber.Map{"Consultations": consultations, "Form": form, "Errors": s.translateErrors(c, errs)})
}

// recordIdea stores one idea gathered elsewhere.
func (s *Server) recordIdea(c *fiber.Ctx) error {
	in := models.ExternalIdea{Consultation: c.FormValue("consultation"), Title: c.FormValue("title"), Body: c.FormValue("body"),
		SourceName: c.FormValue("source_name"), SourceURL: c.FormValue("source_url")}
	idea, errs, err := models.RecordExternalIdea(c.UserContext(), s.db, currentUser(c), in)
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.renderRecord(c, fiber.StatusUnprocessableEntity, errs, fiber.Map{"consultation": in.Consultation,
			"title": in.Title, "body": in.Body, "source_name": in.SourceName, "source_url": in.SourceURL})
	}
	s.flash(c, "flash.idea_recorded")
	return c.Redirect("/ideas/"+strconv.FormatInt(idea.ID, 10), fiber.StatusSeeOther)
}

// importSampleRows is how many of the rows ready to import the preview shows.
const importSampleRows = 20

// importForm is the CSV upload page.
func (s *Server) importForm(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "ideas/import", fiber.Map{"Errors": map[string]string{}})
}

// importIdeas previews an uploaded CSV file (step 1) or, when staff confirm the preview,
// imports it (step 2). The confirmed file travels back in the form, and is checked again: a
// file with any bad row imports nothing and says which rows and why.
func (s *Server) importIdeas(c *fiber.Ctx) error {
	ctx := c.UserContext()
	csvText, err := uploadedCSV(c)
	if err != nil {
		return err
	}
	if csvText == "" {
		return s.render(c, fiber.StatusUnprocessableEntity, "ideas/import", fiber.Map{
			"Errors": map[string]string{"file": s.tr.T(currentLang(c), "error.import.no_file")}})
	}
	if c.FormValue("confirm") != "yes" {
		preview, err := models.ParseImport(ctx, s.db, strings.NewReader(csvText))
		if err != nil {
			return err
		}
		return s.renderImportPreview(c, preview, csvText)
	}
	preview, imported, err := models.ImportIdeas(ctx, s.db, currentUser(c), strings.NewReader(csvText))
	if err != nil {
		return err
	}
	if imported == 0 {
		return s.renderImportPreview(c, preview, csvText)
	}
	s.flashText(c, s.tr.N(currentLang(c), "flash.imported", imported))
	return c.Redirect("/triage", fiber.StatusSeeOther)
}

func (s *Server) renderImportPreview(c *fiber.Ctx, p models.ImportPreview, csvText string) error {
	status := fiber.StatusOK
	if !p.OK() {
		status = fiber.StatusUnprocessableEntity
	}
	type row struct {
		Line   int
		Idea   models.ExternalIdea
		Errors map[string]string
	}
	// A file may hold a thousand rows: the page lists every row with a problem, first, and
	// only counts the rest, showing the first few as a sample.
	var problems, ready []row
	for _, r := range p.Rows {
		if len(r.Errors) > 0 {
			problems = append(problems, row{Line: r.Line, Idea: r.Idea, Errors: s.translateErrors(c, r.Errors)})
		} else if len(ready) < importSampleRows {
			ready = append(ready, row{Line: r.Line, Idea: r.Idea})
		}
	}
	readyCount := len(p.Rows) - len(problems)
	fileError := ""
	if p.FileError != "" {
		fileError = s.tr.T(currentLang(c), p.FileError)
	}
	return s.render(c, status, "ideas/import_preview", fiber.Map{
		"Problems": problems, "Ready": ready, "ReadyCount": readyCount, "ReadyHidden": readyCount > len(ready),
		"RowCount": len(p.Rows), "OK": p.OK(), "BadRows": p.BadRows(), "FileError": fileError, "CSV": csvText,
	})
}

// uploadedCSV reads the CSV either from the uploaded file or from the confirmed preview.
func uploadedCSV(c *fiber.Ctx) (string, error) {
	if text := c.FormValue("csv"); text != "" {
		return text, nil
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return "", nil // no file chosen
	}
	if fh.Size > maxImportBytes {
		return "", &httpError{status: fiber.StatusRequestEntityTooLarge, key: "error.file_too_large",
			args: []any{"Limit", humanBytes(maxImportBytes)}}
	}
	f, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	if err != nil {
		return "", err
	}
	return string(b), nil
}
