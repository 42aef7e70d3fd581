package app

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// Open data: every visible idea, free to reuse under the Open Government Licence. The files
// hold what the site already shows in public and no personal data beyond the public handle an
// author chose: never a name or an e-mail address.

const (
	licenceName = "Open Government Licence v3.0"
	licenceURL  = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
	attribution = "Contains public sector information licensed under the Open Government Licence v3.0."
)

// OpenData is one download of the open data: every consultation's ideas, or one's.
type OpenData struct {
	DB           *gorm.DB
	Consultation int64
	BaseURL      string
	Now          time.Time
	Progress     func(written int64)
}

// openDataColumns are the CSV's headings: stable, English, machine-readable names.
var openDataColumns = []string{"id", "url", "consultation", "title", "body", "status", "themes", "votes",
	"comments", "author_handle", "source_name", "source_url", "response", "response_cy", "responded_at",
	"created_at", "merged_into", "licence"}

func (o *OpenData) query() models.ExportQuery {
	return models.ExportQuery{ConsultationID: o.Consultation, IncludeMerged: true}
}

func (o *OpenData) export() *IdeaExport {
	return &IdeaExport{DB: o.DB, Query: o.query(), BaseURL: o.BaseURL, Now: o.Now, Progress: o.Progress}
}

// WriteCSV writes one row per idea. Themes are their slugs, separated by semicolons; times
// are RFC 3339 in UTC. Cells a spreadsheet would run as formulas start with an apostrophe.
func (o *OpenData) WriteCSV(ctx context.Context, w io.Writer) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(openDataColumns); err != nil {
		return err
	}
	e := o.export()
	var written int64
	err := e.each(ctx, e.Query, &written, func(idea *models.ExportIdea) error {
		slugs := make([]string, len(idea.Themes))
		for n, t := range idea.Themes {
			slugs[n] = t.Slug
		}
		merged := ""
		if idea.MergedIntoID != nil {
			merged = strconv.FormatInt(*idea.MergedIntoID, 10)
		}
		responded := ""
		if idea.RespondedAt != nil && idea.Response != "" {
			responded = rfc3339(*idea.RespondedAt)
		}
		return cw.Write(csvRow(strconv.FormatInt(idea.ID, 10), e.ideaURL(idea.ID), idea.ConsultationSlug, idea.Title,
			idea.Body, idea.Status, strings.Join(slugs, ";"), strconv.Itoa(idea.VoteCount),
			strconv.Itoa(idea.CommentCount), idea.AuthorHandle, idea.SourceName, idea.SourceURL, idea.Response,
			idea.ResponseCy, responded, rfc3339(idea.CreatedAt), merged, licenceName))
	})
	if err != nil {
		return err
	}
	cw.Flush()
	e.done(written)
	return cw.Error()
}

// openIdea is an idea in the open data JSON.
type openIdea struct {
	ID           int64             `json:"id"`
	URL          string            `json:"url"`
	Consultation string            `json:"consultation"`
	Title        string            `json:"title"`
	Body         string            `json:"body"`
	Status       string            `json:"status"`
	Themes       []exportJSONTheme `json:"themes"`
	Votes        int               `json:"votes"`
	Comments     int               `json:"comments"`
	AuthorHandle *string           `json:"author_handle"`
	Source       *sourceJSON       `json:"source"`
	Response     *string           `json:"response"`
	ResponseCy   *string           `json:"response_cy"`
	RespondedAt  *string           `json:"responded_at"`
	CreatedAt    string            `json:"created_at"`
	MergedInto   *int64            `json:"merged_into"`
}

// WriteJSON writes {"licence":{…},"attribution","publisher","generated_at","ideas":[…]}.
func (o *OpenData) WriteJSON(ctx context.Context, w io.Writer) error {
	head, err := json.Marshal(map[string]any{
		"licence":      map[string]string{"name": licenceName, "url": licenceURL},
		"attribution":  attribution,
		"publisher":    o.BaseURL,
		"generated_at": rfc3339(o.Now),
	})
	if err != nil {
		return err
	}
	if _, err := w.Write(append(head[:len(head)-1], []byte(`,"ideas":[`)...)); err != nil {
		return err
	}
	e := o.export()
	var written int64
	err = e.each(ctx, e.Query, &written, func(idea *models.ExportIdea) error {
		row := openIdea{ID: idea.ID, URL: e.ideaURL(idea.ID), Consultation: idea.ConsultationSlug, Title: idea.Title,
			Body: idea.Body, Status: idea.Status, Themes: jsonThemes(idea.Themes), Votes: idea.VoteCount,
			Comments: idea.CommentCount, AuthorHandle: optional(idea.AuthorHandle), Response: optional(idea.Response),
			ResponseCy: optional(idea.ResponseCy), CreatedAt: rfc3339(idea.CreatedAt), MergedInto: idea.MergedIntoID}
		if idea.AuthorHandle == "" && idea.SourceName != "" {
			row.Source = &sourceJSON{Name: idea.SourceName, URL: idea.SourceURL}
		}
		if idea.RespondedAt != nil && idea.Response != "" {
			row.RespondedAt = optional(rfc3339(*idea.RespondedAt))
		}
		return writeJSONItem(w, written == 0, row)
	})
	if err != nil {
		return err
	}
	e.done(written)
	_, err = io.WriteString(w, "]}\n")
	return err
}

// openDataPage is /open-data: what the data holds, its licence and the downloads.
func (s *Server) openDataPage(c *fiber.Ctx) error {
	cs, err := models.ListConsultations(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "opendata/index", fiber.Map{"Consultations": cs,
		"LicenceURL": licenceURL})
}

// openDataFile is /open-data/ideas.csv and /open-data/ideas.json, optionally for one
// consultation (?consultation=slug). They are served like the feeds: no session, cacheable.
func (s *Server) openDataFile(format string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		reads := s.laggingReads(c.UserContext()) // a moment behind is fine for a download
		od := &OpenData{DB: reads, BaseURL: s.cfg.BaseURL, Now: s.now(c)}
		name := "syniad-ideas"
		if slug := c.Query("consultation"); slug != "" {
			cs, err := models.ConsultationBySlug(c.UserContext(), reads, slug)
			if err != nil {
				return fiber.NewError(fiber.StatusNotFound, "no such consultation")
			}
			od.Consultation, name = cs.ID, name+"-"+cs.Slug
		}
		write, contentType := od.WriteCSV, "text/csv; charset=utf-8"
		if format == "json" {
			write, contentType = od.WriteJSON, fiber.MIMEApplicationJSONCharsetUTF8
		}
		c.Set("Link", `<`+licenceURL+`>; rel="license"`)
		return s.streamDownload(c, contentType, name+"."+format, "public, max-age=300", s.downloads, write)
	}
}
