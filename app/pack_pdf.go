package app

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/public"
)

// The PDF pack is the print-ready page printed by headless Chromium, whose PDFs are tagged:
// headings, lists and tables in reading order, the language of the page and of each idea
// in it, and the charts' titles as their alternative text, which is what the public sector
// accessibility regulations expect of a published document. The page's print style sheet
// sets A4, the margins and a new page for each section (public/src/app.scss).

const (
	// MaxPDFPrints is how many packs one instance prints at once: each is a Chromium of its
	// own, some 100-200 MB while it runs. Others wait their turn, within their timeout.
	MaxPDFPrints = 2
	// A print, the wait for its place included, ends within this: inside the server's 60 s
	// write timeout, so the reader gets an answer, not a dropped connection.
	pdfTimeout = 45 * time.Second
)

// ErrNoChromium is why there is no PDF: the pack's page and Markdown still work.
var ErrNoChromium = errors.New("the PDF meeting pack needs Chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH; the print-ready page and the Markdown need nothing")

// ErrPrinterBusy is a print that found no free place before its time was up.
var ErrPrinterBusy = errors.New("pdf: every printer is busy")

// PDFPrinter prints pages with headless Chromium, MaxPDFPrints at a time.
type PDFPrinter struct {
	Path    string // the browser; "" when there is none, and PDFs are refused
	slots   chan struct{}
	timeout time.Duration
}

// NewPDFPrinter uses the browser at path (CHROMIUM_PATH), or when path is empty the first of
// chromium, chromium-browser, google-chrome found on PATH.
func NewPDFPrinter(path string) *PDFPrinter {
	return &PDFPrinter{Path: findChromium(path), slots: make(chan struct{}, MaxPDFPrints), timeout: pdfTimeout}
}

func findChromium(configured string) string {
	if configured != "" {
		if p, err := exec.LookPath(configured); err == nil {
			return p
		}
		return ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Available says whether PDFs can be printed here.
func (pr *PDFPrinter) Available() bool { return pr != nil && pr.Path != "" }

// Print prints a self-contained HTML page (its style sheet inline) to a tagged PDF with a
// document outline, headerHTML and footerHTML repeated on every page (Chromium's templates,
// with <span class="pageNumber"> and <span class="totalPages">).
func (pr *PDFPrinter) Print(ctx context.Context, html, headerHTML, footerHTML string) ([]byte, error) {
	if !pr.Available() {
		return nil, ErrNoChromium
	}
	ctx, cancel := context.WithTimeout(ctx, pr.timeout)
	defer cancel()
	select {
	case pr.slots <- struct{}{}:
		defer func() { <-pr.slots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: waiting for a free printer: %w", ErrPrinterBusy, ctx.Err())
	}
	dir, err := os.MkdirTemp("", "syniad-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "pack.html")
	if err := os.WriteFile(file, []byte(html), 0o600); err != nil {
		return nil, err
	}
	// The page is ours and holds only escaped or sanitised text, but it is printed with no
	// scripts and no network all the same. The sandbox is off because containers rarely
	// allow the namespaces it needs.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(pr.Path),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.UserAgent("Syniad"), // the PDF's Creator
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	yes := true
	a4Width, a4Height := 210/25.4, 297/25.4 // inches, should the style sheet not say
	err = chromedp.Do(browserCtx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate("file://"+file))
	var res page.PrintToPDFResult
	if err == nil {
		res, err = chromedp.Call(browserCtx, page.PrintToPDF, page.PrintToPDFParams{
			GenerateTaggedPDF:       &yes,
			GenerateDocumentOutline: &yes,
			PreferCSSPageSize:       &yes, // A4 and the margins, from @page
			PaperWidth:              a4Width,
			PaperHeight:             a4Height,
			PrintBackground:         &yes,
			DisplayHeaderFooter:     &yes,
			HeaderTemplate:          headerHTML,
			FooterTemplate:          footerHTML,
		})
	}
	if err != nil {
		return nil, fmt.Errorf("pdf: print with %s: %w", pr.Path, err)
	}
	return res.Data, nil
}

// WritePackPDF writes a meeting's pack as a tagged PDF in lang, with links to ideas under
// baseURL. It is for the command line; the site prints with the views it has loaded.
func WritePackPDF(ctx context.Context, w io.Writer, pr *PDFPrinter, p *models.MeetingPack, lang, baseURL string) error {
	if !pr.Available() {
		return ErrNoChromium
	}
	tr, assets, views, err := loadPackViews()
	if err != nil {
		return err
	}
	pdf, err := printPack(ctx, pr, views, assets, tr, p, lang, baseURL)
	if err != nil {
		return err
	}
	_, err = w.Write(pdf)
	return err
}

func printPack(ctx context.Context, pr *PDFPrinter, views *Views, assets *public.Assets, tr *Translator, p *models.MeetingPack, lang, baseURL string) ([]byte, error) {
	if p == nil || p.Meeting == nil {
		return nil, fmt.Errorf("pack pdf: no meeting")
	}
	html, err := packDocument(views, assets, tr, p, lang, baseURL)
	if err != nil {
		return nil, err
	}
	header, footer := packHeaderFooter(tr, p, lang)
	return pr.Print(ctx, html, header, footer)
}

// packHeaderFooter are the lines at the top and bottom of every page: the service and the
// meeting; when the pack was prepared and "page 2 of 7". Chromium leaves them out of the
// structure (they are artefacts), so a screen reader is not told them on every page.
func packHeaderFooter(tr *Translator, p *models.MeetingPack, lang string) (string, string) {
	const style = `font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; ` +
		`font-size: 8pt; color: #505a5f; width: 100%; margin: 0 18mm; display: flex; justify-content: space-between; gap: 8mm;`
	esc := template.HTMLEscapeString
	title := shorten(inLang(lang, p.Meeting.Title, p.Meeting.TitleCy), 90)
	header := `<div style='` + style + `'><strong>` + esc(tr.T(lang, "service.name")) + `</strong><span>` + esc(title) + `</span></div>`
	prepared := tr.T(lang, "pack.prepared", "When", formatDate(lang, p.GeneratedAt)+", "+models.ClockOf(p.GeneratedAt))
	// The page numbers are Chromium's to fill in; the sentences around them are ours.
	pageOf := esc(tr.T(lang, "pagination.page_of", "Page", "\x01", "Pages", "\x02"))
	pageOf = strings.NewReplacer("\x01", `<span class="pageNumber"></span>`, "\x02", `<span class="totalPages"></span>`).Replace(pageOf)
	footer := `<div style='` + style + `'><span>` + esc(prepared) + `</span><span>` + pageOf + `</span></div>`
	return header, footer
}
