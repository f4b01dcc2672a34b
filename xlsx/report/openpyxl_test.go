package report

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/internal/officetest"
)

// openpyxlExtents opens a workbook in openpyxl's read-only mode, which trusts each sheet's
// <dimension>, and prints per sheet the dimension's last row and column and the last row and
// column that hold a value among the rows it iterates.
const openpyxlExtents = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = {}
for ws in wb.worksheets:
    last_row = last_col = 0
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        for c, v in enumerate(row, start=1):
            if v is not None and v != "":
                last_row = max(last_row, r)
                last_col = max(last_col, c)
    out[ws.title] = {"max_row": ws.max_row, "max_column": ws.max_column, "last_row": last_row, "last_col": last_col}
json.dump(out, sys.stdout)
`

// TestOpenpyxlSeesEverything opens the sample's output with openpyxl in read-only mode, as pandas
// and other readers that trust the file's metadata do, and holds that it sees every row and
// column of every sheet: each sheet's dimension is its real extent (SPEC §4).
func TestOpenpyxlSeesEverything(t *testing.T) {
	t.Parallel()
	python := officetest.Openpyxl(t)
	sample := publicSample(t)
	data := writeBook(t, sample)
	src := filepath.Join(t.TempDir(), "sample-gaps.xlsx")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "-c", openpyxlExtents, src).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var got map[string]struct{ MaxRow, MaxColumn, LastRow, LastCol int }
	if err := json.Unmarshal(bytes.ReplaceAll(bytes.ReplaceAll(out, []byte(`"max_`), []byte(`"Max`)), []byte(`"last_`), []byte(`"Last`)), &got); err != nil {
		t.Fatalf("openpyxl's answer %s: %v", out, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		lastRow, lastCol := 0, 0
		for r, row := range rows {
			for c, v := range row {
				if v != "" {
					lastRow, lastCol = max(lastRow, r+1), max(lastCol, c+1)
				}
			}
		}
		g, ok := got[sheet]
		switch {
		case !ok:
			t.Errorf("openpyxl does not see sheet %s", sheet)
		case g.LastRow != lastRow || g.LastCol != lastCol:
			t.Errorf("sheet %s: openpyxl sees values to %s, the sheet holds them to %s (its dimension says %s)",
				sheet, cellRef(max(1, g.LastCol), max(1, g.LastRow)), cellRef(lastCol, lastRow), cellRef(g.MaxColumn, g.MaxRow))
		case g.MaxRow != lastRow || g.MaxColumn != lastCol:
			t.Errorf("sheet %s: its dimension ends at %s, its last value at %s", sheet, cellRef(g.MaxColumn, g.MaxRow), cellRef(lastCol, lastRow))
		}
	}
}
