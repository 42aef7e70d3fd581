package app

import (
	"bytes"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Request bodies are read here, before Fiber routes the request. fasthttp, left to read them,
// refuses a body over its limit without reading it and closes the connection, so a client
// that sends the whole body before reading the answer (a browser posting a form, Python's
// urllib) sees a reset instead of the 413. So the server streams bodies (StreamRequestBody:
// fasthttp reads only the first 8 KB ahead) and guardBodies reads each one whole, up to the
// route's limit, into memory as fasthttp did. A larger body is read and thrown away (up to
// maxDiscard, within discardTime) so that its sender finishes sending and can read the answer;
// refuseBody then answers 413 once the user and language are known, so the page has the
// signed-in header and the reader's language, and the connection closes. Nothing after
// guardBodies sees a stream: a streamed body left unread would be taken for the next request
// on the connection, and Fiber's c.Body() would read one whole, however long.

const (
	// importBodyLimit is the largest body the CSV import accepts: a file of up to
	// maxImportBytes, or the preview sending it back as text, in which browsers turn each line
	// end into CR LF (a file of short lines can come back nearly twice its size).
	importBodyLimit = 2 << 20
	// maxDiscard is how much of a body over the limit is read and thrown away so that its
	// sender can read the refusal. Past it the connection closes at once.
	maxDiscard = 32 << 20
	// discardTime is how long a sender of a body over the limit has to finish sending it.
	discardTime = 30 * time.Second
)

// bodyLimit is the largest body a route accepts, and how a refusal names it.
type bodyLimit struct {
	bytes int    // the largest body accepted
	key   string // the message saying what is accepted
	shown int    // the size that message names
}

// bodyLimitFor is the limit of the route at path: cfg.BodyLimit, except for the routes that
// take a file. path is matched as Fiber routes it (any case, with or without a trailing
// slash); it is looked up before routing, so a route listed here must be a fixed path.
func (s *Server) bodyLimitFor(path []byte) bodyLimit {
	path = bytes.TrimRight(path, "/")
	if bytes.EqualFold(path, []byte("/ideas/import")) {
		return bodyLimit{bytes: max(importBodyLimit, s.cfg.BodyLimit), key: "error.file_too_large", shown: maxImportBytes}
	}
	return bodyLimit{bytes: s.cfg.BodyLimit, key: "error.too_large_limit", shown: s.cfg.BodyLimit}
}

// bodyRefusedKey holds, in a request's locals, the error guardBodies found with its body.
type bodyRefusedKey struct{}

// refusedHeader marks a request whose body refuseUnsent declined to ask for. It is deleted
// from every request as it arrives, so a client cannot send it.
const refusedHeader = "X-Syniad-Body-Refused"

// guardBodies installs the body reading on the server Fiber built, around its handler. It sets
// what fiber.Config would (StreamRequestBody, DisablePreParseMultipartForm) here, next to the
// code that depends on it: fasthttp then reads only the first 8 KB of a body ahead (of
// BodyLimit, which it no longer enforces), and never a multipart form.
func (s *Server) guardBodies(srv *fasthttp.Server) {
	srv.StreamRequestBody = true
	srv.DisablePreParseMultipartForm = true
	next := srv.Handler
	srv.HeaderReceived = s.refuseUnsent
	srv.Handler = func(ctx *fasthttp.RequestCtx) {
		if err := s.readBody(ctx); err != nil {
			ctx.SetUserValue(bodyRefusedKey{}, err)
			next(ctx)
			ctx.SetConnectionClose()
			return
		}
		next(ctx)
	}
}

// refuseUnsent answers for a client that sends Expect: 100-continue with a Content-Length
// over the route's limit: rather than asking for the body (fasthttp would send 100 Continue),
// the request goes on as one without a body, marked as refused, and the client gets the 413
// without sending the body.
func (s *Server) refuseUnsent(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	if len(h.Peek(refusedHeader)) > 0 {
		h.Del(refusedHeader)
	}
	// The exact value fasthttp answers with 100 Continue (Request.MayContinue).
	if string(h.Peek(fasthttp.HeaderExpect)) != "100-continue" || h.ContentLength() <= 0 {
		return fasthttp.RequestConfig{}
	}
	uri := fasthttp.AcquireURI()
	defer fasthttp.ReleaseURI(uri)
	if err := uri.Parse(nil, h.RequestURI()); err != nil {
		return fasthttp.RequestConfig{}
	}
	if h.ContentLength() > s.bodyLimitFor(uri.PathOriginal()).bytes {
		h.Del(fasthttp.HeaderExpect)
		h.SetContentLength(0)
		h.Set(refusedHeader, "1")
	}
	return fasthttp.RequestConfig{}
}

// readBody reads the request's body into memory if it is within the route's limit, and
// otherwise reads and discards it, saying why it was refused.
func (s *Server) readBody(ctx *fasthttp.RequestCtx) error {
	limit := s.bodyLimitFor(ctx.URI().PathOriginal())
	if len(ctx.Request.Header.Peek(refusedHeader)) > 0 {
		return tooLarge(limit)
	}
	stream := ctx.RequestBodyStream()
	if stream == nil {
		return nil // no body
	}
	size := ctx.Request.Header.ContentLength() // -1 when chunked
	if size == 0 {
		ctx.Request.ResetBody()
		return nil
	}
	if ce := ctx.Request.Header.Peek(fasthttp.HeaderContentEncoding); len(ce) > 0 && !bytes.EqualFold(ce, []byte("identity")) {
		// Fiber would decompress it in memory without limit; no browser compresses a form.
		discard(ctx, stream, size)
		return &httpError{status: fiber.StatusUnsupportedMediaType, key: "error.encoded_body"}
	}
	if size > limit.bytes {
		discard(ctx, stream, size)
		return tooLarge(limit)
	}
	var body []byte
	var err error
	if size > 0 {
		body = make([]byte, size)
		_, err = io.ReadFull(stream, body)
	} else {
		var over bool
		body, over, err = readAtMost(stream, limit.bytes)
		if over {
			discard(ctx, stream, -1)
			return tooLarge(limit)
		}
	}
	if err != nil {
		// Cut short, timed out or badly chunked: what follows on the connection cannot be trusted.
		ctx.Request.ResetBody()
		return &httpError{status: fiber.StatusBadRequest, key: "error.bad_request", cause: err}
	}
	ctx.Request.SetBodyRaw(body) // and the stream is done with
	ctx.Request.Header.SetContentLength(len(body))
	return nil
}

// readAtMost reads a body of unknown length (chunked) to its end, unless it is longer than
// limit. It reads into reused blocks and keeps only a copy of the exact size, so a body that
// turns out too long costs no memory beyond the blocks.
func readAtMost(r io.Reader, limit int) (body []byte, over bool, err error) {
	var blocks []*[]byte
	defer func() {
		for _, b := range blocks {
			readBlocks.Put(b)
		}
	}()
	size, last := 0, 0
	for size <= limit && err == nil {
		b := readBlocks.Get().(*[]byte)
		blocks = append(blocks, b)
		block := (*b)[:min(len(*b), limit+1-size)]
		for last = 0; last < len(block) && err == nil; {
			var n int
			n, err = r.Read(block[last:])
			last += n
		}
		size += last
	}
	switch {
	case err == io.EOF:
		err = nil // the body's end (a body cut short is io.ErrUnexpectedEOF)
	case err != nil:
		return nil, false, err
	case size > limit:
		return nil, true, nil
	}
	body = make([]byte, 0, size)
	for _, b := range blocks[:len(blocks)-1] {
		body = append(body, *b...)
	}
	return append(body, (*blocks[len(blocks)-1])[:last]...), false, nil
}

var readBlocks = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// discard reads and throws away what is left of a refused body, within maxDiscard and
// discardTime, so that its sender, having sent it all, reads the answer. The connection closes
// after the answer either way.
func discard(ctx *fasthttp.RequestCtx, stream io.Reader, size int) {
	if size <= maxDiscard {
		if conn := ctx.Conn(); conn != nil {
			_ = conn.SetReadDeadline(time.Now().Add(discardTime))
		}
		_, _ = io.CopyN(io.Discard, stream, maxDiscard)
	}
	ctx.Request.ResetBody()
}

func tooLarge(limit bodyLimit) error {
	return &httpError{status: fiber.StatusRequestEntityTooLarge, key: limit.key, args: []any{"Limit", humanBytes(limit.shown)}}
}

// refuseBody answers a request whose body guardBodies refused, after the user and language
// are known and before anything else.
func (s *Server) refuseBody(c *fiber.Ctx) error {
	if err, ok := c.Locals(bodyRefusedKey{}).(error); ok {
		return err
	}
	return c.Next()
}

// humanBytes writes a size as people read it: "1 MB", "512 KB".
func humanBytes(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.Itoa(n>>10) + " KB"
	}
	return strconv.Itoa(n) + " B"
}
