package report

import (
	"archive/zip"
	"bytes"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/internal/testkit"
	"minergap/xlsx"
)

// TestWriteAutoFilters reads each table sheet's saved XML for its autofilter: a streamed sheet
// loses one added after Flush without a word. The filter must span the table: its top row the
// header (first title where expected), its columns to the header's last, its rows to the
// table's last (the next row, if any, has nothing in column A).
func TestWriteAutoFilters(t *testing.T) {
	data := writeBook(t, edgesBook())
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := xlsx.Parts(zr)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	refRE := regexp.MustCompile(`<autoFilter ref="\$?([A-Z]+)\$?([0-9]+):\$?([A-Z]+)\$?([0-9]+)"`)
	for _, tc := range []struct{ sheet, header string }{
		{SheetSummary, "Ticker"},
		{SheetScenarios, "Ticker"},
		{SheetInputs, "Assumption"},
		{SheetChecks, "Check"},
		{SheetLog, "Level"},
	} {
		t.Run(tc.sheet, func(t *testing.T) {
			p, ok := parts[tc.sheet]
			if !ok {
				t.Fatalf("no part for %s", tc.sheet)
			}
			x := testkit.ReadEntry(t, p.File)
			m := refRE.FindSubmatch(x)
			if m == nil {
				t.Fatalf("%s has no <autoFilter ref=...>", tc.sheet)
			}
			// excelize writes the range absolute ($A$3:$G$37), as its defined name has it
			c1, r1, _ := excelize.CellNameToCoordinates(string(m[1]) + string(m[2]))
			c2, r2, _ := excelize.CellNameToCoordinates(string(m[3]) + string(m[4]))
			get := func(c, r int) string {
				v, _ := f.GetCellValue(tc.sheet, cellRef(c, r))
				return v
			}
			if c1 != 1 || get(1, r1) != tc.header {
				t.Errorf("filter %s%s:%s%s starts at %q, want the header %q in column A", m[1], m[2], m[3], m[4], get(c1, r1), tc.header)
			}
			if get(c2, r1) == "" || get(c2+1, r1) != "" {
				t.Errorf("filter %s%s:%s%s ends at column %d; the header row ends elsewhere", m[1], m[2], m[3], m[4], c2)
			}
			if r2 <= r1 || get(1, r2) == "" || get(1, r2+1) != "" {
				t.Errorf("filter %s%s:%s%s ends at row %d; the table ends elsewhere (A%d %q, A%d %q)", m[1], m[2], m[3], m[4], r2, r2, get(1, r2), r2+1, get(1, r2+1))
			}
		})
	}
}
