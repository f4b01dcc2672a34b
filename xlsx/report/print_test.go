package report

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"minergap/internal/officetest"
)

// pdfWord is a word of a PDF page as pdftotext -bbox gives it, in points from the top left.
type pdfWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

type pdfPage struct {
	Width  float64   `xml:"width,attr"`
	Height float64   `xml:"height,attr"`
	Words  []pdfWord `xml:"word"`
}

// pdfPages reads every page's words from pdftotext -bbox's XHTML.
func pdfPages(t *testing.T, pdf string) []pdfPage {
	t.Helper()
	out, err := exec.Command(officetest.Poppler(t, "pdftotext"), "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var doc struct {
		Pages []pdfPage `xml:"body>doc>page"`
	}
	d := xml.NewDecoder(strings.NewReader(string(out)))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("pdftotext's XHTML: %v", err)
	}
	return doc.Pages
}

// pdfFontSizes is the size in points of every font a PDF's text is set in, by font id, as
// pdftohtml -xml reports them (at zoom 2, so to half a point: it caps the zoom near 3), and
// the ids its text uses.
func pdfFontSizes(t *testing.T, pdf string) (sizes map[string]float64, used map[string]string) {
	t.Helper()
	out, err := exec.Command(officetest.Poppler(t, "pdftohtml"), "-xml", "-i", "-zoom", "2", "-stdout", pdf).Output()
	if err != nil {
		t.Fatalf("pdftohtml -xml: %v", err)
	}
	sizes, used = map[string]float64{}, map[string]string{}
	for _, m := range regexp.MustCompile(`<fontspec id="(\d+)" size="(-?\d+)"`).FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[2])
		sizes[m[1]] = float64(n) / 2
	}
	for _, m := range regexp.MustCompile(`<text [^>]*font="(\d+)"[^>]*>(.*?)</text>`).FindAllStringSubmatch(string(out), -1) {
		if _, ok := used[m[1]]; !ok {
			used[m[1]] = m[2]
		}
	}
	return sizes, used
}

// TestPrintsToPDF prints the sample's output to PDF through LibreOffice and reads the pages
// back (SPEC §4): every page is A4 landscape; its footer names the file, the sheet and page N
// of M; text prints at 8 pt or more (each word's box is 8 pt tall or more, and every font the
// text is set in is 8 pt or more); every page of Scenarios carries the header row and the
// Ticker column, and its headers break between words only; every page of a miner's sheet its
// title and header rows.
func TestPrintsToPDF(t *testing.T) {
	t.Parallel() // soffice has a profile of its own
	officetest.Soffice(t)
	officetest.Poppler(t, "pdftotext")
	sample := publicSample(t)
	src := filepath.Join(t.TempDir(), "sample-gaps.xlsx")
	if err := os.WriteFile(src, writeBook(t, sample), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(officetest.Convert(t, "pdf", src), "sample-gaps.pdf")
	pages := pdfPages(t, pdf)
	if len(pages) < 10 {
		t.Fatalf("%d pages printed, want the whole workbook", len(pages))
	}
	pageOf := regexp.MustCompile(`^page (\d+) of (\d+)$`)
	bySheet := map[string][]int{}
	var sheets []string
	minSize, minWhere := 100.0, "" // the shortest word box, in points
	for n, p := range pages {
		where := fmt.Sprintf("page %d", n+1)
		if p.Width < p.Height || p.Width < 841 || p.Width > 843 || p.Height < 594 || p.Height > 596 {
			t.Errorf("%s is %.0f × %.0f pt, want A4 landscape (842 × 595)", where, p.Width, p.Height)
		}
		// The footer: the words in the bottom margin, left to right.
		var footer, body []pdfWord
		for _, w := range p.Words {
			if w.YMin > p.Height-marginTopIn*72 {
				footer = append(footer, w)
			} else {
				body = append(body, w)
			}
		}
		var text []string
		for _, w := range footer {
			text = append(text, w.Text)
		}
		line := strings.Join(text, " ")
		if len(text) < 5 || text[0] != "sample-gaps.xlsx" {
			t.Errorf("%s: footer %q, want the file, the sheet and page N of M", where, line)
			continue
		}
		m := pageOf.FindStringSubmatch(strings.Join(text[len(text)-4:], " "))
		if m == nil || m[1] != strconv.Itoa(n+1) || m[2] != strconv.Itoa(len(pages)) {
			t.Errorf("%s: footer %q, want it to end page %d of %d", where, line, n+1, len(pages))
			continue
		}
		sheet := strings.Join(text[1:len(text)-4], " ")
		if _, ok := bySheet[sheet]; !ok {
			sheets = append(sheets, sheet)
		}
		bySheet[sheet] = append(bySheet[sheet], n)
		for _, w := range body {
			if h := w.YMax - w.YMin; h < minSize {
				minSize, minWhere = h, fmt.Sprintf("%s (%s): %q", where, sheet, w.Text)
			}
		}
	}
	if minSize < 8 {
		t.Errorf("a word's box is %.2f pt tall, below 8 pt: %s", minSize, minWhere)
	}
	sizes, used := pdfFontSizes(t, pdf)
	smallest := 100.0
	for id, sample := range used {
		if sizes[id] < 8 {
			t.Errorf("text set in %.1f pt, below 8 pt, such as %q", sizes[id], sample)
		}
		smallest = min(smallest, sizes[id])
	}
	t.Logf("%d pages, sheets %v; smallest word box %.2f pt (%s); smallest font %.1f pt", len(pages), sheets, minSize, minWhere, smallest)
	if got, want := len(sheets), 3+len(sample.Universe.Miners)+3; got < want {
		t.Errorf("%d sheets printed, want %d or more", got, want)
	}
	// A miner's sheet repeats its title and header rows on every page (print titles the merge
	// adds to the workbook, as it moves the sheet in from its side workbook).
	for _, m := range sample.Universe.Miners {
		for _, n := range bySheet[m.Ticker] {
			has := map[string]bool{}
			for _, w := range pages[n].Words {
				has[w.Text] = true
			}
			if !has[m.Ticker+":"] || !has["Sources"] {
				t.Errorf("%s page %d: no title and header rows", m.Ticker, n+1)
			}
		}
	}
	// Scenarios spans pages; each carries the header row and the key columns.
	sc := bySheet[SheetScenarios]
	if len(sc) < 2 {
		t.Fatalf("Scenarios prints on %d pages, want it to span several", len(sc))
	}
	tickers := map[string]bool{}
	for _, m := range sample.Universe.Miners {
		tickers[m.Ticker] = true
	}
	// No header breaks inside a word: each word of each Scenarios header prints whole.
	printed := map[string]bool{}
	for _, n := range sc {
		for _, w := range pages[n].Words {
			printed[w.Text] = true
		}
	}
	for _, h := range scenarioHeaders {
		for _, w := range strings.Fields(h.Title) {
			if !printed[w] {
				t.Errorf("Scenarios header %q: the word %q does not print whole", h.Title, w)
			}
		}
	}
	for _, n := range sc {
		has := map[string]bool{}
		ticker := 0
		left := pages[n].Width
		for _, w := range pages[n].Words {
			has[w.Text] = true
			if tickers[w.Text] {
				ticker++
				left = min(left, w.XMin)
			}
		}
		if !has["Ticker"] || !has["Scenario"] || !has["Scope"] {
			t.Errorf("Scenarios page %d: no header row with Ticker, Scenario and Scope", n+1)
		}
		if ticker == 0 || left > marginSideIn*72+10 {
			t.Errorf("Scenarios page %d: no Ticker column at the left edge (%d tickers, leftmost at %.0f pt)", n+1, ticker, left)
		}
	}
}
