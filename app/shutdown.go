package app

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Shutting down loses no request, in three steps:
//
//  1. drain: /readyz answers 503 at once, so a load balancer stops sending new requests
//     here, while everything else is served as usual for SHUTDOWN_DRAIN;
//  2. close: the listener closes and every response says Connection: close, so a request
//     that arrives on a kept-alive connection is still answered, and its connection then
//     closed; connections left idle are closed once nothing is in flight;
//  3. finish: requests and downloads in flight run to their end, for up to SHUTDOWN_TIMEOUT.
//
// Nothing in flight is cancelled by the signal: requests run on their own contexts.

// closeGrace is the least time kept-alive connections stay open after the listener closes,
// for a request a client may be sending on one just then.
const closeGrace = time.Second

// shutdownState is where the service is in shutting down.
type shutdownState struct {
	draining atomic.Bool // /readyz says 503
	closing  atomic.Bool // every response closes its connection
}

// Serve answers on ln until ctx ends, then shuts down as above. It returns nil once every
// request has been answered, or an error when some were still running at SHUTDOWN_TIMEOUT.
func (s *Server) Serve(ctx context.Context, web *fiber.App, ln net.Listener) error {
	ln = &closeOnce{Listener: ln}
	server := web.Server()
	conns := trackConns(server)
	handler := server.Handler
	server.Handler = func(fc *fasthttp.RequestCtx) {
		handler(fc)
		if s.stopping.closing.Load() {
			fc.Response.Header.SetConnectionClose()
		}
	}
	server.CloseOnShutdown = true

	served := make(chan error, 1)
	go func() { served <- web.Listener(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}

	s.stopping.draining.Store(true)
	s.log.Info("shutting down: /readyz answers 503, serving as usual until the drain ends",
		"drain", s.cfg.ShutdownDrain.String(), "timeout", s.cfg.ShutdownTimeout.String())
	select {
	case err := <-served:
		return err
	case <-time.After(s.cfg.ShutdownDrain):
	}

	timeout := s.cfg.ShutdownTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	deadline := time.Now().Add(timeout)
	s.stopping.closing.Store(true)
	closed := time.Now()
	if err := ln.Close(); err != nil {
		return err
	}
	s.log.Info("stopped accepting connections; finishing what is in flight", "in_flight", conns.active())
	for time.Now().Before(deadline) && (conns.active() > 0 || time.Since(closed) < closeGrace) {
		time.Sleep(20 * time.Millisecond)
	}
	shutdownCtx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if err := web.ShutdownWithContext(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %d requests were still running after SHUTDOWN_TIMEOUT (%s) and were cut off",
			conns.active(), timeout)
	}
	if err := <-served; err != nil {
		return err
	}
	s.log.Info("shut down: every request was answered")
	return nil
}

// connTracker counts the connections in the middle of a request (or a download).
type connTracker struct {
	mu   sync.Mutex
	busy map[net.Conn]bool
}

func trackConns(server *fasthttp.Server) *connTracker {
	t := &connTracker{busy: map[net.Conn]bool{}}
	server.ConnState = func(c net.Conn, state fasthttp.ConnState) {
		t.mu.Lock()
		defer t.mu.Unlock()
		if state == fasthttp.StateActive {
			t.busy[c] = true
		} else {
			delete(t.busy, c)
		}
	}
	return t
}

func (t *connTracker) active() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.busy)
}

// closeOnce lets Serve stop accepting before fasthttp's Shutdown, which closes the listener
// again and would stop at the error.
type closeOnce struct {
	net.Listener
	once sync.Once
	err  error
}

func (l *closeOnce) Close() error {
	l.once.Do(func() { l.err = l.Listener.Close() })
	return l.err
}
