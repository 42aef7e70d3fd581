package main

import (
	"regexp"
	"strconv"
	"strings"
)

// topCount is how many functions each profile's tables list.
const topCount = 12

// topLine is one function in `go tool pprof -top`: its own share of the samples (flat) and
// the share of the samples with it on the stack (cumulative), as percentages.
type topLine struct {
	fn              string
	flatPct, cumPct float64
}

// pprofTop runs `go tool pprof -top` on a saved profile, sorted by flat or cumulative share,
// and returns its summary line (how long, how many samples) and its top functions. Shelling
// out keeps the pprof library out of the module: make bench runs where Go is installed.
func pprofTop(file string, cum bool) (string, []topLine, error) {
	args := []string{"tool", "pprof", "-top", "-nodecount=" + strconv.Itoa(topCount)}
	if cum {
		args = append(args, "-cum", "-hide="+plumbing)
	}
	text, err := command("go", append(args, file)...)
	if err != nil {
		return "", nil, err
	}
	summary, lines := parseTop(text)
	return summary, lines, nil
}

// plumbing is the frames every request passes through on its way to the page's handler:
// fasthttp's workers, fiber's chain and its middleware, the service's middleware (app/routes.go's
// app.Use and gates). Each stands near the top of every cumulative list, so that list hides
// them (pprof -hide drops the frames, leaving the rest of each stack and its figures as they
// were) and names the work instead. A middleware missing here costs a less useful list only.
const plumbing = `^(runtime\.goexit|github\.com/valyala/fasthttp\.\(\*(Server|workerPool)\)\.|` +
	`github\.com/gofiber/fiber/v2\.\(\*(App|Ctx)\)\.(next|Next|handler)$|github\.com/gofiber/fiber/v2/middleware/|` +
	`github\.com/syniad/syniad/app\.(New\.|\(\*Server\)\.(routes\.|Serve\.|useClock|logRequests|securityHeaders|loadUser|` +
	`privateWhenSignedIn|language|refuseBody|bumpAfterWrite|anonCache|limitSearch|perAddress|checkCSRF|limitWrites|` +
	`requireMember|requireRole|requireSignedIn)))`

var (
	topRow      = regexp.MustCompile(`^\s*[\d.]+\w*\s+([\d.]+)%\s+[\d.]+%\s+[\d.]+\w*\s+([\d.]+)%\s+(.+?)\s*$`)
	topDuration = regexp.MustCompile(`^Duration: .*`)
)

// parseTop reads pprof's -top report: the "Duration: …, Total samples = …" line and the rows
// under the flat/cum header.
func parseTop(text string) (string, []topLine) {
	var summary string
	var lines []topLine
	for _, line := range strings.Split(text, "\n") {
		if topDuration.MatchString(line) {
			summary = strings.TrimSpace(line)
			continue
		}
		m := topRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		flat, _ := strconv.ParseFloat(m[1], 64)
		cum, _ := strconv.ParseFloat(m[2], 64)
		lines = append(lines, topLine{fn: shortFunc(m[3]), flatPct: flat, cumPct: cum})
	}
	return summary, lines
}

// shortFunc drops a function's import path up to its package, which is what a reader needs
// ("github.com/valyala/fasthttp.(*Server).serveConn" is "fasthttp.(*Server).serveConn"),
// keeping a major version's parent ("fiber/v2.(*Ctx).Next").
func shortFunc(fn string) string {
	end := len(fn)
	if i := strings.IndexAny(fn, "(["); i >= 0 {
		end = i
	}
	i := strings.LastIndex(fn[:end], "/")
	if i < 0 {
		return fn
	}
	if majorVersion.MatchString(fn[i+1:]) {
		if j := strings.LastIndex(fn[:i], "/"); j >= 0 {
			return fn[j+1:]
		}
	}
	return fn[i+1:]
}

var majorVersion = regexp.MustCompile(`^v\d+\.`)
