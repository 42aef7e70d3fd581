package app

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"
	"gorm.io/gorm"

	"github.com/syniad/syniad/models"
)

// exportFormats are the staff export's formats and their content types.
var exportFormats = map[string]string{
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"csv":  "text/csv; charset=utf-8",
	"json": fiber.MIMEApplicationJSONCharsetUTF8,
}

// exportInput reads the export form (a GET form: choosing what to download changes nothing).
func exportInput(c *fiber.Ctx) models.ExportInput {
	// Copies: Fiber's strings point into the request, which is reused once the handler returns,
	// while the download is still being written.
	q := func(key string) string { return utils.CopyString(c.Query(key)) }
	return models.ExportInput{Consultation: q("consultation"), Status: q("status"), Shortlisted: q("shortlisted") == "1",
		From: models.DateParts{Day: q("from-day"), Month: q("from-month"), Year: q("from-year")},
		To:   models.DateParts{Day: q("to-day"), Month: q("to-month"), Year: q("to-year")}}
}

// exportForm is /exports: choose the ideas and the format.
func (s *Server) exportForm(c *fiber.Ctx) error {
	return s.renderExportForm(c, fiber.StatusOK, models.ExportInput{}, "xlsx", nil)
}

func (s *Server) renderExportForm(c *fiber.Ctx, status int, in models.ExportInput, format string, errs models.Errors) error {
	cs, err := models.ListConsultations(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	return s.render(c, status, "exports/index", fiber.Map{"Consultations": cs, "Form": in, "Format": format,
		"Statuses": models.IdeaStatuses, "Errors": s.translateErrors(c, errs)})
}

// exportIdeas is /exports/ideas: the chosen ideas as a download, or the form again with what
// is wrong.
func (s *Server) exportIdeas(c *fiber.Ctx) error {
	in, format := exportInput(c), utils.CopyString(c.Query("format"))
	reads := s.laggingReads(c.UserContext()) // a moment behind is fine for an export
	q, errs, err := in.Resolve(c.UserContext(), reads)
	if err != nil {
		return err
	}
	contentType, ok := exportFormats[format]
	if !ok {
		errs.Add("format", "error.export.format")
	}
	if errs.Any() {
		return s.renderExportForm(c, fiber.StatusUnprocessableEntity, in, format, errs)
	}
	lang := currentLang(c)
	e := &IdeaExport{DB: reads, Query: q, Tr: s.tr, Lang: lang, BaseURL: s.cfg.BaseURL, Now: s.now(c)}
	e.Filters, err = DescribeExport(c.UserContext(), reads, s.tr, lang, in)
	if err != nil {
		return err
	}
	write := map[string]func(context.Context, io.Writer) error{"xlsx": e.WriteXLSX, "csv": e.WriteCSV, "json": e.WriteJSON}[format]
	name := "syniad-themes-" + e.Now.In(models.London).Format("2006-01-02") + "." + format
	return s.streamDownload(c, contentType, name, "private, no-store", s.exports, write)
}

// Limits on downloads, each of which reads every idea it holds: how many one instance
// streams at once (open data and staff exports each have their own places, so the public
// cannot crowd out the panel); how many one person (or, signed out, one address) may start
// is Config.DownloadLimit.
const (
	MaxDownloads = 4
	// downloadStall is how long a download may go without sending anything before it is
	// given up; it replaces the server's write timeout, which would cut off a long one.
	downloadStall = 60 * time.Second
)

// streamDownload sends a file as write produces it, with the Cache-Control header cache. A
// download beyond the limits is refused before it starts: 503 with Retry-After when the
// instance is already streaming its most, 429 with Retry-After for someone starting too many.
// Once the first bytes are sent the status cannot change, so a failure part way closes the
// connection: the client sees a broken download, never a short file that looks complete.
func (s *Server) streamDownload(c *fiber.Ctx, contentType, filename, cache string, places chan struct{},
	write func(context.Context, io.Writer) error) error {
	lang := currentLang(c)
	// The token is taken only once there is a place: a download turned away because the
	// instance is busy has not used up any of the person's allowance.
	select {
	case places <- struct{}{}:
	default:
		c.Set(fiber.HeaderRetryAfter, "30")
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Status(fiber.StatusServiceUnavailable).SendString(s.tr.T(lang, "error.downloads.busy") + "\n")
	}
	if err := s.takeDownloadToken(c); err != nil {
		<-places
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, cache)
	// The stream is written after the handler returns: nothing it uses may point into c.
	log := s.log.With("file", utils.CopyString(filename), "request_id", utils.CopyString(c.GetRespHeader(fiber.HeaderXRequestID)))
	conn := c.Context().Conn() // the context itself is recycled once this handler returns
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer func() { <-places }()
		failed := func(msg string, args ...any) {
			log.Error(msg, args...)
			conn.Close() // no final chunk: the client knows the file is incomplete
		}
		defer func() {
			if r := recover(); r != nil {
				failed("download panicked", "panic", r)
			}
		}()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		start := time.Now()
		out := &stallWriter{w: w, conn: conn}
		if err := write(ctx, out); err != nil {
			failed("download failed part way", "err", err)
			return
		}
		if err := w.Flush(); err != nil {
			log.Warn("download not finished: the client went away", "err", err)
			return
		}
		log.Info("download sent", "took", time.Since(start).Round(time.Millisecond))
	})
	return nil
}

// stallWriter moves the connection's write deadline on as a download makes progress, so a
// download fails when it stalls, not when it is merely long.
type stallWriter struct {
	w        io.Writer
	conn     net.Conn
	extended time.Time
}

func (s *stallWriter) Write(p []byte) (int, error) {
	if now := time.Now(); now.Sub(s.extended) > time.Second {
		s.conn.SetWriteDeadline(now.Add(downloadStall))
		s.extended = now
	}
	return s.w.Write(p)
}

// DescribeExport lists, one line each, what was chosen for an export (after Resolve has
// checked it).
func DescribeExport(ctx context.Context, db *gorm.DB, tr *Translator, lang string, in models.ExportInput) ([]string, error) {
	consultation := tr.T(lang, "export.all_consultations")
	if in.Consultation != "" {
		c, err := models.ConsultationBySlug(ctx, db, in.Consultation)
		if err != nil {
			return nil, err
		}
		consultation = inLang(lang, c.Title, c.TitleCy)
	}
	out := []string{tr.T(lang, "export.consultation") + ": " + consultation}
	day := func(d models.DateParts) string {
		return strings.TrimSpace(d.Day) + "/" + strings.TrimSpace(d.Month) + "/" + strings.TrimSpace(d.Year)
	}
	if !in.From.IsZero() {
		out = append(out, tr.T(lang, "export.filter_from")+": "+day(in.From))
	}
	if !in.To.IsZero() {
		out = append(out, tr.T(lang, "export.filter_to")+": "+day(in.To))
	}
	if in.Status != "" {
		out = append(out, tr.T(lang, "export.status")+": "+tr.T(lang, "status."+in.Status))
	}
	if in.Shortlisted {
		out = append(out, tr.T(lang, "export.shortlisted"))
	}
	return out, nil
}
