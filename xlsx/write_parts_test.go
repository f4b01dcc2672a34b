package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/model"
)

// TestWriteMinerBatches writes the edge universe with its miner sheets one to a side workbook
// (three side workbooks, written at once) and holds the result to the golden dump, which was
// made when every sheet was written into the one workbook: moving the parts changes nothing.
func TestWriteMinerBatches(t *testing.T) {
	b := wtEdgesBook()
	want, err := os.ReadFile(filepath.Join("testdata", "golden", "edges.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, perPart := range []int{1, 2} {
		var buf bytes.Buffer
		if err := write(&buf, b, model.Compute(b.Universe), wtOptions, perPart); err != nil {
			t.Fatal(err)
		}
		got, err := Dump(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%d miner sheets to a side workbook: dump differs from the golden:\n%s", perPart, wtDiff(string(want), got))
		}
		wtMinerSheetSettings(t, buf.Bytes(), "AB12")
	}
}

// wtMinerSheetSettings checks that a moved miner sheet kept what the dump does not show: its
// frozen panes, column widths, flag highlighting and print setup.
func wtMinerSheetSettings(t *testing.T, data []byte, sheet string) {
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

// TestWriteMinerBatchesSynthetic writes 70 synthetic miners in two side workbooks (64 and 6) and
// in 70 of one, and checks that both workbooks hold the same cells, that every miner sheet is
// a full one (its title row names its ticker), and that no part is stored twice.
func TestWriteMinerBatchesSynthetic(t *testing.T) {
	data, err := synthUniverse(synthSpec{Miners: 70, Projects: 2, Scenarios: 2, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	book, err := ReadBytes("synth.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	res := model.Compute(book.Universe)
	dumps := map[int]string{}
	for _, perPart := range []int{outMinersPerPart, 1} {
		var buf bytes.Buffer
		if err := write(&buf, book, res, wtOptions, perPart); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, zf := range zr.File {
			if seen[zf.Name] {
				t.Errorf("%d per side workbook: part %s stored twice", perPart, zf.Name)
			}
			seen[zf.Name] = true
		}
		if dumps[perPart], err = Dump(bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatal(err)
		}
	}
	if dumps[1] != dumps[outMinersPerPart] {
		t.Errorf("one miner per side workbook differs from %d:\n%s", outMinersPerPart, wtDiff(dumps[outMinersPerPart], dumps[1]))
	}
	for _, m := range book.Universe.Miners {
		// The title cell of each miner sheet: A1 holds "TICKER: Company".
		line := Quote(m.Ticker) + "!A1 "
		if !strings.Contains(dumps[1], line) {
			t.Errorf("no title cell %q in the workbook", line)
		}
	}
}

func TestOutEach(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]bool{}
	errOdd := errors.New("odd")
	err := outEach(9, func(i int) error {
		mu.Lock()
		seen[i] = true
		mu.Unlock()
		if i%2 == 1 {
			return fmt.Errorf("item %d: %w", i, errOdd)
		}
		return nil
	})
	if len(seen) != 9 {
		t.Errorf("called for %d items, want all 9", len(seen))
	}
	// Items 1, 3, 5 and 7 fail; the lowest one's error comes back.
	if err == nil || err.Error() != "item 1: odd" || !errors.Is(err, errOdd) {
		t.Errorf("error %v, want item 1's", err)
	}
	if err := outEach(0, func(int) error { return errOdd }); err != nil {
		t.Errorf("no items: error %v", err)
	}
	// A panic in one item reaches the caller's goroutine, after every item has run.
	seen = map[int]bool{}
	got := func() (p any) {
		defer func() { p = recover() }()
		_ = outEach(5, func(i int) error {
			mu.Lock()
			seen[i] = true
			mu.Unlock()
			if i == 3 {
				panic("boom")
			}
			return nil
		})
		return nil
	}()
	if got != "boom" || len(seen) != 5 {
		t.Errorf("recovered %v after %d items, want boom after 5", got, len(seen))
	}
}
