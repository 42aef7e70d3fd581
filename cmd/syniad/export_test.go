package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/syniad/syniad/app"
	"github.com/syniad/syniad/models"
	"github.com/syniad/syniad/models/modeltest"
)

func TestExportCommand(t *testing.T) {
	db, dbURL := modeltest.NewDB(t)
	t.Setenv("DATABASE_URL", dbURL)
	ctx := t.Context()
	if err := models.SeedDemo(ctx, db); err != nil {
		t.Fatal(err)
	}
	// Enough ideas for progress to be reported.
	err := db.Exec(`INSERT INTO ideas (consultation_id, source_name, title)
		SELECT c.id, 'A thread', 'Extra idea ' || g FROM consultations c, generate_series(1, 1500) g
		WHERE c.id = (SELECT min(id) FROM consultations WHERE status = 'open')`).Error
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := app.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	exportTo := func(args ...string) (string, string, error) {
		var stdout, stderr bytes.Buffer
		err := export(ctx, cfg, db, args, &stdout, &stderr)
		return stdout.String(), stderr.String(), err
	}
	var visible int64
	db.Raw(`SELECT count(*) FROM ideas i JOIN consultations c ON c.id = i.consultation_id
		WHERE i.hidden_at IS NULL AND i.merged_into_id IS NULL AND c.status <> 'draft'`).Scan(&visible)

	// Themes as CSV to a file, with progress on standard error.
	path := filepath.Join(dir, "themes.csv")
	stdout, stderr, err := exportTo("themes", "--format", "csv", "--output", path)
	if err != nil {
		t.Fatalf("export themes: %v", err)
	}
	if stdout != "" {
		t.Errorf("a file export wrote to standard output: %.100q", stdout)
	}
	if !strings.Contains(stderr, "exported 1000 of "+strconv.FormatInt(visible, 10)+" ideas") || !strings.Contains(stderr, "wrote "+path) {
		t.Errorf("progress = %q", stderr)
	}
	data, _ := os.ReadFile(path)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil || int64(len(rows)-1) != visible {
		t.Fatalf("CSV: %d rows, want %d (%v)", len(rows)-1, visible, err)
	}

	// Open data as JSON to standard output.
	stdout, _, err = exportTo("open-data", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Licence struct{ Name string }
		Ideas   []json.RawMessage
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || doc.Licence.Name != "Open Government Licence v3.0" {
		t.Fatalf("open data JSON: %v %q", err, doc.Licence.Name)
	}

	// A Welsh workbook.
	path = filepath.Join(dir, "themes.xlsx")
	if _, _, err := exportTo("themes", "--lang", "cy", "--shortlisted", "--output", path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	if sheets := f.GetSheetList(); len(sheets) < 2 || sheets[0] != "Crynodeb" {
		t.Errorf("sheets = %q", sheets)
	}
	f.Close()

	// Every meeting's pack, in every format.
	var meetings []int64
	db.Raw("SELECT id FROM meetings ORDER BY id").Scan(&meetings)
	// The PDF is printed by Chromium, a second or so each: the first meeting's is enough. Without
	// Chromium it is left out, except under CI, where that fails.
	printPDF := app.NewPDFPrinter(os.Getenv("CHROMIUM_PATH")).Available()
	if !printPDF && os.Getenv("CI") != "" {
		t.Error("no Chromium to print the PDF pack: install chromium or set CHROMIUM_PATH")
	}
	for n, id := range meetings {
		for format, magic := range map[string]string{"pdf": "%PDF-", "md": "# Meeting pack: ", "html": "<!DOCTYPE html>"} {
			if format == "pdf" && (n > 0 || !printPDF) {
				continue
			}
			path := filepath.Join(dir, "pack-"+strconv.FormatInt(id, 10)+"."+format)
			if _, _, err := exportTo("pack", "--meeting", strconv.FormatInt(id, 10), "--format", format, "--output", path); err != nil {
				t.Fatalf("pack %d %s: %v", id, format, err)
			}
			data, _ := os.ReadFile(path)
			if !strings.HasPrefix(string(data), magic) {
				t.Errorf("pack %d %s starts %.20q", id, format, data)
			}
			if format == "pdf" && !strings.Contains(string(data), "/StructTreeRoot") {
				t.Errorf("pack %d: the PDF is not tagged", id)
			}
			if format == "html" && (!strings.Contains(string(data), "<style>") || strings.Contains(string(data), `rel="stylesheet"`)) {
				t.Errorf("pack %d: the HTML file does not carry its own styles", id)
			}
		}
	}

	// Mistakes are explained, and leave no file behind.
	for args, want := range map[string]string{
		"pack":                                     "--meeting ID",
		"pack --meeting 99999":                     "there is no meeting 99999",
		"themes --format docx":                     "--format must be xlsx, csv or json",
		"themes --consultation nope":               "--consultation: Choose a consultation from the list",
		"themes --from 2026-02-31":                 "--from: Enter a real date",
		"themes --lang fr":                         "--lang must be en or cy",
		"open-data --consultation nope":            `there is no consultation "nope"`,
		"frobnicate":                               "usage: syniad export",
		"themes --format pdf --output " + dir:      "--format must be",
		"pack --meeting 1 --format odt":            "--format must be html, pdf or md",
		"themes --from 2026-03-02 --to 2026-03-01": "--to: The end date must be on or after the start date",
	} {
		_, _, err := exportTo(strings.Fields(args)...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("export %s: got %v, want %q", args, err, want)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
}
