package xlsx

import (
	"archive/zip"
	"bytes"
	"testing"
)

// TestScanSheet holds ScanSheet to a worksheet's XML: the last row holding a value, a formula or
// inline text (not a row of formatted empty cells), and whether a formula is there at all, which
// spares the reader a formula look-up for every blank cell of a sheet that has none.
func TestScanSheet(t *testing.T) {
	for _, tc := range []struct {
		name, rows string
		last       int
		formulas   bool
	}{
		{"values", `<row r="1"><c r="A1"><v>1</v></c></row><row r="7"><c r="B7" t="inlineStr"><is><t>x</t></is></c></row><row r="9"><c r="A9" s="2"/></row>`, 7, false},
		{"a formula", `<row r="2"><c r="A2"><f>B2*2</f><v>4</v></c></row>`, 2, true},
		{"a shared formula without a value", `<row r="3"><c r="A3"><v>1</v></c></row><row r="4"><c r="A4"><f t="shared" si="0"/></c></row>`, 4, true},
		{"rows without r", `<row><c><v>1</v></c></row><row><c><v>2</v></c></row>`, 2, false},
		{"empty", ``, 0, false},
	} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("xl/worksheets/sheet1.xml")
		w.Write([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + tc.rows + `</sheetData></worksheet>`))
		zw.Close()
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		last, formulas := ScanSheet(zr.File[0])
		if last != tc.last || formulas != tc.formulas {
			t.Errorf("%s: last row %d, formulas %v; want %d, %v", tc.name, last, formulas, tc.last, tc.formulas)
		}
		if LastRow(zr.File[0]) != tc.last {
			t.Errorf("%s: LastRow %d, want %d", tc.name, LastRow(zr.File[0]), tc.last)
		}
	}
	if last, formulas := ScanSheet(nil); last != 0 || formulas {
		t.Errorf("no part: %d, %v", last, formulas)
	}
}
