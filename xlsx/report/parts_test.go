package report

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/internal/synth"
	"minergap/internal/testkit"
	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// TestWriteMinerBatches writes the edge universe with its miner sheets one to a side workbook
// (three side workbooks, written at once) and all in one, and holds both to the golden dump,
// which was made when every sheet was written into the main workbook: moving the parts changes
// nothing.
func TestWriteMinerBatches(t *testing.T) {
	b := edgesBook()
	want, err := os.ReadFile(filepath.Join("testdata", "golden", "edges.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, cells := range []int{1, batchCells} {
		var buf bytes.Buffer
		if err := write(&buf, b, model.Run(b.Universe), testOptions, cells); err != nil {
			t.Fatal(err)
		}
		got, err := xlsx.Dump(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("side workbooks of %d cells: dump differs from the golden:\n%s", cells, testkit.Diff(string(want), got))
		}
		checkMinerSheetSettings(t, buf.Bytes(), "AB12")
	}
}

// checkMinerSheetSettings checks that a moved miner sheet kept what the dump does not show: its
// frozen panes, column widths, flag highlighting and print setup.
func checkMinerSheetSettings(t *testing.T, data []byte, sheet string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.XSplit != 1 || panes.YSplit != msHeaderRow {
		t.Errorf("%s: panes %+v (%v), want frozen at column 1, row %d", sheet, panes, err, msHeaderRow)
	}
	if w, err := f.GetColWidth(sheet, "A"); err != nil || w != 40 {
		t.Errorf("%s: column A width %v (%v), want 40", sheet, w, err)
	}
	if cf, err := f.GetConditionalFormats(sheet); err != nil || len(cf) != 1 {
		t.Errorf("%s: conditional formats %v (%v), want the flags' one", sheet, cf, err)
	}
	if pl, err := f.GetPageLayout(sheet); err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" {
		t.Errorf("%s: page layout %+v (%v), want landscape", sheet, pl, err)
	}
}

// TestWriteMinerBatchesSynthetic writes 70 synthetic miners in side workbooks of the usual size
// and in 70 of one miner each, and checks that both workbooks hold the same cells, that every miner sheet is
// a full one (its title row names its ticker), and that no part is stored twice.
func TestWriteMinerBatchesSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 70 synthetic miners twice: skipped in -short mode")
	}
	data, err := synth.Workbook(synth.Spec{Miners: 70, Projects: 2, Scenarios: 2, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	book, err := input.ReadBytes("synth.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	res := model.Run(book.Universe)
	dumps := map[int]string{}
	for _, cells := range []int{batchCells, 1} {
		var buf bytes.Buffer
		if err := write(&buf, book, res, testOptions, cells); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, zf := range zr.File {
			if seen[zf.Name] {
				t.Errorf("side workbooks of %d cells: part %s stored twice", cells, zf.Name)
			}
			seen[zf.Name] = true
		}
		if dumps[cells], err = xlsx.Dump(bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatal(err)
		}
	}
	if dumps[1] != dumps[batchCells] {
		t.Errorf("one miner per side workbook differs from side workbooks of %d cells:\n%s", batchCells, testkit.Diff(dumps[batchCells], dumps[1]))
	}
	for _, m := range book.Universe.Miners {
		// The title cell of each miner sheet: A1 holds "TICKER: Company".
		line := xlsx.Quote(m.Ticker) + "!A1 "
		if !strings.Contains(dumps[1], line) {
			t.Errorf("no title cell %q in the workbook", line)
		}
	}
}

// TestOutBatches checks how miners are cut into side workbooks: in order, every miner once, no
// batch over the budget unless it holds one miner alone, and no batch that could have taken the
// next miner. It also holds the cell estimate to a written sheet.
func TestOutBatches(t *testing.T) {
	b := edgesBook()
	r := model.Run(b.Universe)
	ow := newLayout(b, r, Options{})
	for _, budget := range []int{1, 2000, 3000, 5000, batchCells} {
		runs := ow.batches(budget)
		next := 0
		for k, run := range runs {
			if run[0] != next || run[1] <= run[0] {
				t.Fatalf("budget %d: batches %v do not cover the miners in order", budget, runs)
			}
			next = run[1]
			cells := 0
			for i := run[0]; i < run[1]; i++ {
				cells += ow.minerCells(i)
			}
			if cells > budget && run[1]-run[0] > 1 {
				t.Errorf("budget %d: batch %v holds %d cells", budget, run, cells)
			}
			if k+1 < len(runs) && cells+ow.minerCells(run[1]) <= budget {
				t.Errorf("budget %d: batch %v could have taken miner %d", budget, run, run[1])
			}
		}
		if next != len(r.Miners) {
			t.Errorf("budget %d: batches %v miss miners", budget, runs)
		}
	}
	if got := len(ow.batches(1)); got != len(r.Miners) {
		t.Errorf("budget 1: %d batches, want one per miner (%d)", got, len(r.Miners))
	}
	if got := len(ow.batches(batchCells)); got != 1 {
		t.Errorf("the usual budget: %d batches for %d miners, want 1", got, len(r.Miners))
	}
	// The estimate against the real sheet: the cells the dump lists for each miner's sheet
	// (the estimate counts whole rows, blanks included, so it may be above, not far below).
	dump, err := xlsx.Dump(bytes.NewReader(writeBook(t, b)))
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range r.Miners {
		name := sheetName(b.Universe.Miners[m.Index].Ticker, map[string]bool{})
		written := strings.Count(dump, "\n"+xlsx.Quote(name)+"!")
		est := ow.minerCells(i)
		if est < written*9/10 || est > written*2 {
			t.Errorf("%s: %d cells estimated, %d written", name, est, written)
		}
	}
}

// TestWriteSameBytes writes one workbook again and again on a pool of four slots: sheets streamed
// at once must give the same bytes whichever sheet gets where first (notes, charts and defined
// names are numbered in the finisher's fixed order).
func TestWriteSameBytes(t *testing.T) {
	b := edgesBook()
	res := model.Run(b.Universe)
	var first []byte
	for i := range 8 {
		var buf bytes.Buffer
		if err := Write(&buf, b, res, testOptions); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = buf.Bytes()
		} else if !bytes.Equal(buf.Bytes(), first) {
			t.Fatalf("write %d differs from the first", i+1)
		}
	}
}

// TestMergeEscapesSheetNames: merge writes each miner sheet's entry into the workbook's XML
// itself, so a ticker with XML's special characters must come back as it was, its sheet in
// place after Scenarios and its print titles on it.
func TestMergeEscapesSheetNames(t *testing.T) {
	u := model.WorkedExample()
	const ticker = `A&B<"C">`
	u.Miners[0].Ticker = ticker
	for k := range u.Projects {
		u.Projects[k].Ticker = ticker
	}
	f, err := excelize.OpenReader(bytes.NewReader(writeUniverse(t, u)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) < 4 || sheets[2] != SheetScenarios || sheets[3] != ticker {
		t.Fatalf("sheets %q, want the miner's %q after %s", sheets, ticker, SheetScenarios)
	}
	if v, err := f.GetCellValue(ticker, "A1"); err != nil || !strings.HasPrefix(v, ticker) {
		t.Errorf("%s!A1 = %q (%v), want its title", ticker, v, err)
	}
	found := false
	for _, dn := range f.GetDefinedName() {
		found = found || dn.Name == printTitlesName && dn.Scope == ticker
	}
	if !found {
		t.Errorf("no print titles on %q", ticker)
	}
}
