package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestDump(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Cash Flow")
	f.SetCellValue("Cash Flow", "A1", "Cash")
	f.SetCellValue("Cash Flow", "B2", 2.5)
	f.SetCellFormula("Cash Flow", "C2", "B2*2")
	f.AddComment("Cash Flow", excelize.Comment{Cell: "A1", Author: "m", Text: "USD m"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Dump(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// The formula cell has no cached value: excelize drops it when the formula is set.
	want := "'Cash Flow'!A1 Cash # USD m\n'Cash Flow'!B2 2.5\n'Cash Flow'!C2  =B2*2\n"
	if got != want {
		t.Errorf("Dump =\n%s\nwant\n%s", got, want)
	}
}
