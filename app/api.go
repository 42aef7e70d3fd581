package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// The JSON API (/api/v1): reads are open to all; writes need a session and the CSRF header.

type themeJSON struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type personJSON struct {
	Handle string `json:"handle"`
	Name   string `json:"name"`
}

type sourceJSON struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

type responseJSON struct {
	Text   string      `json:"text"`
	TextCy string      `json:"text_cy,omitempty"`
	At     *string     `json:"at"`
	By     *personJSON `json:"by"`
}

type ideaJSON struct {
	ID           int64         `json:"id"`
	Title        string        `json:"title"`
	Body         string        `json:"body"`
	Lang         string        `json:"lang"` // the language title and body are written in
	Status       string        `json:"status"`
	Consultation string        `json:"consultation"`
	Themes       []themeJSON   `json:"themes"`
	Votes        int           `json:"votes"`
	Comments     int           `json:"comments"`
	Voted        bool          `json:"voted"`
	Author       *personJSON   `json:"author"`
	Source       *sourceJSON   `json:"source"`
	Response     *responseJSON `json:"response"`
	CreatedAt    string        `json:"created_at"`
	EditedAt     *string       `json:"edited_at"`    // when its author last changed its words
	WithdrawnAt  *string       `json:"withdrawn_at"` // when its author withdrew it
	URL          string        `json:"url"`
}

type commentJSON struct {
	ID        int64         `json:"id"`
	ParentID  *int64        `json:"parent_id"`
	Body      string        `json:"body"`
	Lang      string        `json:"lang,omitempty"`
	Author    *personJSON   `json:"author"`
	Edited    bool          `json:"edited"`
	Removed   bool          `json:"removed"`
	Supports  int           `json:"supports"`
	Supported bool          `json:"supported"` // by the reader
	CreatedAt string        `json:"created_at"`
	Replies   []commentJSON `json:"replies,omitempty"`
}

type eventJSON struct {
	Verb   string      `json:"verb"`
	Actor  *personJSON `json:"actor"`
	From   string      `json:"from,omitempty"`
	To     string      `json:"to,omitempty"`
	Reason string      `json:"reason,omitempty"`
	// Data is what happened as ids and values; Text is the history's line for it, in the
	// request's language.
	Data      models.EventData `json:"data"`
	Text      string           `json:"text"`
	CreatedAt string           `json:"created_at"`
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ideaJSON is an idea as the API shows it, noting that the page shows the reader's vote on
// it (see keptPages).
func (s *Server) ideaJSON(c *fiber.Ctx, i *models.IdeaSummary) ideaJSON {
	noteVote(c, i.ID, i.Voted)
	out := ideaJSON{
		ID: i.ID, Title: i.Title, Body: i.Body, Lang: i.Lang, Status: i.Status, Consultation: i.ConsultationSlug,
		Themes: []themeJSON{}, Votes: i.VoteCount, Comments: i.CommentCount, Voted: i.Voted,
		CreatedAt: rfc3339(i.CreatedAt), URL: s.cfg.BaseURL + "/ideas/" + strconv.FormatInt(i.ID, 10),
	}
	for _, t := range i.Themes {
		out.Themes = append(out.Themes, themeJSON{Slug: t.Slug, Name: t.Name})
	}
	if i.EditedAt != nil {
		at := rfc3339(*i.EditedAt)
		out.EditedAt = &at
	}
	if i.WithdrawnAt != nil {
		at := rfc3339(*i.WithdrawnAt)
		out.WithdrawnAt = &at
	}
	if i.AuthorID != nil {
		out.Author = &personJSON{Handle: i.AuthorHandle, Name: i.AuthorName}
	} else if i.SourceName != "" {
		out.Source = &sourceJSON{Name: i.SourceName, URL: i.SourceURL}
	}
	if i.Response != "" {
		r := &responseJSON{Text: i.Response, TextCy: i.ResponseCy}
		if i.RespondedAt != nil {
			at := rfc3339(*i.RespondedAt)
			r.At = &at
		}
		out.Response = r
	}
	return out
}

func commentsJSON(comments []models.Comment) []commentJSON {
	out := []commentJSON{}
	for _, c := range comments {
		cj := commentJSON{ID: c.ID, ParentID: c.ParentID, Edited: c.EditedAt != nil, CreatedAt: rfc3339(c.CreatedAt)}
		if c.DeletedAt != nil || c.HiddenAt != nil {
			cj.Removed = true
		} else {
			cj.Body, cj.Lang = c.Body, c.Lang
			cj.Author = &personJSON{Handle: c.AuthorHandle, Name: c.AuthorName}
			cj.Supports, cj.Supported = c.SupportCount, c.Supported
		}
		if len(c.Replies) > 0 {
			cj.Replies = commentsJSON(c.Replies)
		}
		out = append(out, cj)
	}
	return out
}

// apiListIdeas is GET /api/v1/ideas.
func (s *Server) apiListIdeas(c *fiber.Ctx) error {
	q := s.ideaQuery(c)
	page, err := models.ListIdeas(c.UserContext(), s.db, q)
	if err != nil {
		return err
	}
	ideas := make([]ideaJSON, len(page.Ideas))
	for n := range page.Ideas {
		ideas[n] = s.ideaJSON(c, &page.Ideas[n])
	}
	// A search that matched more than models.SearchWindow ideas says so: total is then the
	// window, the ideas the pages hold.
	return c.JSON(fiber.Map{"ideas": ideas, "page": page.Page, "per_page": page.PerPage, "total": page.Total, "more": page.More})
}

// apiShowIdea is GET /api/v1/ideas/:id: the idea with its comments and history.
func (s *Server) apiShowIdea(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	idea, err := models.IdeaByID(ctx, s.db, id, userID(c))
	if err != nil {
		return err
	}
	if idea.HiddenAt != nil {
		return models.ErrNotFound
	}
	comments, err := models.CommentsForIdea(ctx, s.db, id)
	if err != nil {
		return err
	}
	if err := models.MarkSupportedComments(ctx, s.db, userID(c), comments); err != nil {
		return err
	}
	events, err := models.IdeaHistory(ctx, s.db, id, currentUser(c))
	if err != nil {
		return err
	}
	history := []eventJSON{}
	lang := currentLang(c)
	for _, e := range events {
		ej := eventJSON{Verb: e.Verb, From: e.FromValue, To: e.ToValue, Reason: e.Reason, Data: e.Data,
			Text: eventText(s.tr, lang, e), CreatedAt: rfc3339(e.CreatedAt)}
		if e.Actor != nil {
			ej.Actor = &personJSON{Handle: e.Actor.Handle, Name: e.Actor.Name}
		}
		history = append(history, ej)
	}
	links, err := models.IdeaAgendaLinks(ctx, s.db, id)
	if err != nil {
		return err
	}
	actions, err := models.ActionsForIdea(ctx, s.db, id)
	if err != nil {
		return err
	}
	// The detail view is IDEA with "comments" as the thread rather than a count.
	type detail struct {
		ideaJSON
		Comments     []commentJSON    `json:"comments"`
		CommentCount int              `json:"comment_count"`
		History      []eventJSON      `json:"history"`
		AgendaItems  []ideaAgendaJSON `json:"agenda_items"`
		Actions      []actionJSON     `json:"actions"`
		MergedInto   *int64           `json:"merged_into"`
	}
	return c.JSON(detail{ideaJSON: s.ideaJSON(c, idea), Comments: commentsJSON(comments), CommentCount: idea.CommentCount,
		History: history, AgendaItems: s.ideaAgendaJSON(links), Actions: s.actionsJSON(actions), MergedInto: idea.MergedIntoID})
}

// apiSimilarIdeas is GET /api/v1/ideas/similar?title=…, for duplicate warnings.
func (s *Server) apiSimilarIdeas(c *fiber.Ctx) error {
	found, err := models.SimilarIdeas(c.UserContext(), s.db, c.Query("title"), c.Query("consultation"))
	if err != nil {
		return err
	}
	ideas := make([]ideaJSON, len(found))
	for n := range found {
		ideas[n] = s.ideaJSON(c, &found[n])
	}
	return c.JSON(fiber.Map{"ideas": ideas})
}

// decodeJSON reads a JSON body strictly; a malformed one is a 400 with a message.
func decodeJSON(c *fiber.Ctx, v any) error {
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
		return &httpError{status: fiber.StatusUnsupportedMediaType, key: "error.json_expected"}
	}
	// encoding/json would quietly turn invalid UTF-8 into U+FFFD; refuse it instead.
	if !utf8.Valid(c.Body()) {
		return &httpError{status: fiber.StatusBadRequest, key: "error.invalid_utf8"}
	}
	// Nor may an escape spell what invalid UTF-8 cannot: a lone surrogate, which encoding/json
	// would also turn into U+FFFD.
	if loneSurrogateEscape(c.Body()) {
		return &httpError{status: fiber.StatusBadRequest, key: "error.invalid_utf8"}
	}
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &httpError{status: fiber.StatusBadRequest, key: "error.bad_json", cause: err}
	}
	// One value and nothing after it but white space: `{"a":1} x` and `{}{}` are not a request
	// anyone meant to send.
	if _, err := dec.Token(); err != io.EOF {
		return &httpError{status: fiber.StatusBadRequest, key: "error.bad_json", cause: errTrailingJSON}
	}
	return nil
}

var errTrailingJSON = errors.New("json: data after the value")

// loneSurrogateEscape reports whether a JSON text holds a \u escape of a UTF-16 surrogate that
// is not half of a pair (a high one followed by a low one). Outside strings a backslash is not
// valid JSON at all, so every backslash starts an escape.
func loneSurrogateEscape(b []byte) bool {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 32)
		return rune(n), err == nil
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		r, ok := hex4(i)
		if !ok {
			i++ // another escape, such as \\ or \"; skip the escaped byte
			continue
		}
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		case r >= 0xD800 && r <= 0xDBFF:
			low, ok := hex4(i + 6)
			if !ok || low < 0xDC00 || low > 0xDFFF {
				return true
			}
			i += 11
		default:
			i += 5
		}
	}
	return false
}

// apiValidation answers 422 with each field's message.
func (s *Server) apiValidation(c *fiber.Ctx, errs models.Errors) error {
	return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"errors": s.translateErrors(c, errs)})
}

// apiCreateIdea is POST /api/v1/ideas.
func (s *Server) apiCreateIdea(c *fiber.Ctx) error {
	var in struct {
		Consultation string `json:"consultation"`
		Title        string `json:"title"`
		Body         string `json:"body"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.UserContext()
	idea, errs, err := models.CreateIdea(ctx, s.db, currentUser(c).ID,
		models.NewIdea{Consultation: in.Consultation, Title: in.Title, Body: in.Body, Lang: currentLang(c)})
	if err != nil {
		return err
	}
	if errs["consultation"] == models.ErrKeyConsultationClosed {
		return &models.ConflictError{Key: models.ErrKeyConsultationClosed}
	}
	if errs.Any() {
		return s.apiValidation(c, errs)
	}
	created, err := models.IdeaByID(ctx, s.db, idea.ID, currentUser(c).ID)
	if err != nil {
		return err
	}
	c.Location("/api/v1/ideas/" + strconv.FormatInt(idea.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(s.ideaJSON(c, created))
}

// apiSetVote is PUT (vote) and DELETE (remove the vote) on /api/v1/ideas/:id/vote.
func (s *Server) apiSetVote(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	res, err := models.SetVote(c.UserContext(), s.db, id, currentUser(c).ID, c.Method() == fiber.MethodPut)
	if err != nil {
		return err
	}
	// Beyond the contract's voted and votes: the words a page shows beside the count, in the
	// reader's language, so a script can update the page without knowing Welsh plurals.
	lang := currentLang(c)
	message := s.tr.T(lang, "flash.unvoted")
	if res.Voted {
		message = s.tr.T(lang, "flash.voted")
	}
	return c.JSON(fiber.Map{"voted": res.Voted, "votes": res.Votes,
		"votes_label": s.tr.N(lang, "ideas.votes_label", res.Votes), "message": message})
}

// apiCreateComment is POST /api/v1/ideas/:id/comments.
func (s *Server) apiCreateComment(c *fiber.Ctx) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body     string `json:"body"`
		ParentID *int64 `json:"parent_id"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	comment, errs, err := models.CreateComment(c.UserContext(), s.db, id, currentUser(c).ID,
		models.CommentInput{Body: in.Body, ParentID: in.ParentID, Lang: currentLang(c)})
	if err != nil {
		return err
	}
	if errs.Any() {
		return s.apiValidation(c, errs)
	}
	u := currentUser(c)
	return c.Status(fiber.StatusCreated).JSON(commentJSON{ID: comment.ID, ParentID: comment.ParentID,
		Body: comment.Body, Author: &personJSON{Handle: u.Handle, Name: u.Name}, CreatedAt: rfc3339(comment.CreatedAt)})
}

// apiConsultations is GET /api/v1/consultations.
func (s *Server) apiConsultations(c *fiber.Ctx) error {
	cs, err := models.ListConsultations(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	out := []fiber.Map{}
	now := s.now(c)
	for i := range cs {
		out = append(out, s.consultationJSON(&cs[i], now))
	}
	return c.JSON(fiber.Map{"consultations": out})
}

// consultationJSON is a consultation as the API shows it; status is its stage now.
func (s *Server) consultationJSON(cs *models.Consultation, now time.Time) fiber.Map {
	m := fiber.Map{"slug": cs.Slug, "title": cs.Title, "title_cy": cs.TitleCy, "description": cs.Description,
		"description_cy": cs.DescriptionCy, "status": cs.Stage(now), "open": cs.IsOpen(now),
		"opens_at": nil, "closes_at": nil, "url": s.cfg.BaseURL + "/consultations/" + cs.Slug}
	if cs.OpensAt != nil {
		m["opens_at"] = rfc3339(*cs.OpensAt)
	}
	if cs.ClosesAt != nil {
		m["closes_at"] = rfc3339(*cs.ClosesAt)
	}
	return m
}

// apiShowConsultation is GET /api/v1/consultations/:slug: the consultation, where it stands,
// its figures, its board, and the addresses of its shortlist and outcome once published.
func (s *Server) apiShowConsultation(c *fiber.Ctx) error {
	ctx := c.UserContext()
	cs, err := models.ConsultationBySlug(ctx, s.db, c.Params("slug"))
	if err != nil {
		return err
	}
	counts, err := models.CountConsultation(ctx, s.db, cs.ID)
	if err != nil {
		return err
	}
	m := s.consultationJSON(cs, s.now(c))
	m["counts"], m["board"], m["shortlist_url"], m["outcome_url"] = counts, nil, nil, nil
	if cs.BoardID != nil {
		b, err := models.BoardByID(ctx, s.db, *cs.BoardID)
		if err != nil {
			return err
		}
		m["board"] = fiber.Map{"slug": b.Slug, "name": b.Name, "name_cy": b.NameCy, "url": s.cfg.BaseURL + "/boards/" + b.Slug}
	}
	if cs.ShortlistPublishedAt != nil {
		m["shortlist_url"] = s.cfg.BaseURL + "/consultations/" + cs.Slug + "/shortlist"
	}
	if cs.OutcomePublishedAt != nil {
		m["outcome_url"] = s.cfg.BaseURL + "/consultations/" + cs.Slug + "/outcome"
	}
	return c.JSON(m)
}

// apiThemes is GET /api/v1/themes.
func (s *Server) apiThemes(c *fiber.Ctx) error {
	ts, err := models.ListThemes(c.UserContext(), s.db)
	if err != nil {
		return err
	}
	out := []fiber.Map{}
	for _, t := range ts {
		out = append(out, fiber.Map{"slug": t.Slug, "name": t.Name, "name_cy": t.NameCy,
			"description": t.Description, "description_cy": t.DescriptionCy, "ideas": t.IdeaCount,
			"url": s.cfg.BaseURL + "/themes/" + t.Slug})
	}
	return c.JSON(fiber.Map{"themes": out})
}
