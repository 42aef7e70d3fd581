package app

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/syniad/syniad/models"
)

// httpError is an answer other than success, with the id of the message that explains it.
type httpError struct {
	status int
	key    string
	args   []any // name, value pairs for the message, such as the limit a 413 names
	cause  error
	// A request over a rate limit (429, see ratelimits.go) says when to try again, and links
	// back to where the reader was, or to back if that is set.
	retry time.Duration
	back  string
}

func (e *httpError) Error() string {
	if e.cause != nil {
		return e.key + ": " + e.cause.Error()
	}
	return e.key
}

func (e *httpError) Unwrap() error { return e.cause }

// handleError is the one place errors become responses: models.ErrNotFound is 404,
// models.ErrForbidden 403, a conflict 409, a database out of reach 503 (see outage.go),
// anything unexpected a logged 500. The API answers in JSON, pages with an error page in
// the reader's language.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status, key := fiber.StatusInternalServerError, "error.server"
	var args []any
	var retry time.Duration
	back := ""
	var herr *httpError
	var ferr *fiber.Error
	var conflict *models.ConflictError
	logged := false
	switch {
	case errors.As(err, &herr):
		status, key, args, retry, back = herr.status, herr.key, herr.args, herr.retry, herr.back
	case errors.Is(err, models.ErrNotFound):
		status, key = fiber.StatusNotFound, "error.not_found"
	case errors.Is(err, models.ErrForbidden):
		status, key = fiber.StatusForbidden, "error.forbidden"
	case errors.As(err, &conflict):
		status, key = fiber.StatusConflict, conflict.Key
	case models.Unavailable(err):
		status, key = s.databaseUnavailable(c, err)
		logged = true // there, in summary
	case errors.As(err, &ferr):
		status = ferr.Code
		switch ferr.Code {
		case fiber.StatusNotFound:
			key = "error.not_found"
		case fiber.StatusRequestEntityTooLarge:
			key = "error.too_large"
		case fiber.StatusMethodNotAllowed:
			key = "error.method"
		case fiber.StatusBadRequest, fiber.StatusUnprocessableEntity:
			key = "error.bad_request"
		default:
			if status < 500 {
				key = "error.bad_request"
			}
		}
	}
	if status >= 500 && !logged {
		s.log.Error("request failed", "request_id", c.Locals("requestid"), "method", c.Method(),
			"path", loggedPath(c.Path()), "err", err)
	}
	lang := currentLang(c)
	message := s.tr.T(lang, key, args...)
	heading := s.tr.T(lang, "error.heading."+strconv.Itoa(status))
	if status == fiber.StatusTooManyRequests && retry > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retryAfterSeconds(retry)))
		message += " " + s.retryText(lang, retry)
		heading = s.tr.T(lang, "error.heading.too_many")
		if back == "" {
			back = refererPath(c)
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if currentUser(c) != nil {
		c.Set(fiber.HeaderCacheControl, "private, no-store")
	}
	if isAPI(c) {
		return c.Status(status).JSON(fiber.Map{"error": message})
	}
	if status == fiber.StatusMethodNotAllowed {
		return c.Status(status).SendString(message)
	}
	data := fiber.Map{
		"Status":  status,
		"Heading": heading,
		"Message": message,
	}
	if status == fiber.StatusRequestEntityTooLarge {
		back = refererPath(c) // the form, to send less
	}
	if back != "" && back != "/" { // the home page has a link of its own
		data["Back"] = back
		if status == fiber.StatusTooManyRequests {
			data["BackKey"] = "error.back_to_page"
		}
	}
	return s.render(c, status, "errors/error", data)
}
