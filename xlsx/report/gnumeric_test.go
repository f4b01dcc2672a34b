package report

import (
	"strconv"
	"testing"

	"minergap/internal/officetest"
	"minergap/model"
	"minergap/xlsx/input"
)

// TestGnumericRecalculates has Gnumeric, a formula engine independent of LibreOffice's, recalculate
// every sheet of the outputs and holds every cell it exports to the value the workbook stores:
// numbers to 1e-9 relative, text (flags included, whose value may be empty) exactly.
func TestGnumericRecalculates(t *testing.T) {
	t.Parallel() // each ssconvert has a HOME of its own
	officetest.Ssconvert(t)
	sample := publicSample(t)
	for _, tc := range []struct {
		name string
		b    *input.Book
	}{
		{"example", bookOf(model.WorkedExample())},
		{"edges", edgesBook()},
		{"sample", sample},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src, f := savedOutput(t, tc.name, writeBook(t, tc.b))
			sheets := f.GetSheetList()
			got := officetest.GnumericSheetsCSV(t, src, sheets)
			compared, numbers := compareRecalculated(t, "Gnumeric", f, sheets, got, gnumericSame)
			if numbers < 100 {
				t.Fatalf("compared only %d numbers (%d cells): the CSV export is not what it should be", numbers, compared)
			}
			t.Logf("%d cells compared, %d of them numbers", compared, numbers)
		})
	}
}

// gnumericSame reports whether Gnumeric's raw text for a cell agrees with the stored raw value:
// the same text, or two numbers within officetest.Close.
func gnumericSame(text, stored string) bool {
	if text == stored {
		return true
	}
	tv, terr := strconv.ParseFloat(text, 64)
	sv, serr := strconv.ParseFloat(stored, 64)
	return terr == nil && serr == nil && officetest.Close(tv, sv)
}
