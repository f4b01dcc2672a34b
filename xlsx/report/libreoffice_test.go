package report

import (
	"bytes"
	"cmp"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/internal/officetest"
	"minergap/model"
	"minergap/xlsx/input"
)

func TestLibreOfficeRecalculates(t *testing.T) {
	t.Parallel() // each soffice has a profile of its own
	officetest.Soffice(t)
	sample := publicSample(t)
	edges := edgesBook()
	exCells := newLayout(edges, model.Run(edges.Universe), Options{}).minerCells(0) // EX's, as O'B X's: 2 projects
	for _, tc := range []struct {
		name   string
		b      *input.Book
		cells  int            // cells per side workbook; 0: as Write does
		sheets int            // the miner sheets the output has; 0: one per miner
		opts   func(*Options) // the limits lowered, to write a small universe as a large one
	}{
		{"example", bookOf(model.WorkedExample()), 0, 0, nil},
		{"edges", edgesBook(), 0, 0, nil},
		{"edges-side-workbook-each", edgesBook(), 1, 0, nil},
		// as a workbook above MaxMinerSheets miners
		{"edges-no-miner-sheets", edgesBook(), 0, 8, func(o *Options) { o.minerSheets = 1 }},
		// as one whose miner sheets would take more than MaxMinerSheetCells: EX's and AB12's
		// sheets fit in twice EX's cells, O'B X's is left out
		{"edges-miner-cells", edgesBook(), 0, 10, func(o *Options) { o.minerCells = 2 * exCells }},
		// as one above MaxLiveCells: stored values, the checks live over them
		{"edges-stored", edgesBook(), 0, 0, func(o *Options) { o.liveCells = 1 }},
		{"sample", sample, 0, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var data []byte
			if tc.cells > 0 || tc.opts != nil {
				o, cells := testOptions, cmp.Or(tc.cells, batchCells)
				if tc.opts != nil {
					tc.opts(&o)
				}
				var buf bytes.Buffer
				if err := write(&buf, tc.b, model.Run(tc.b.Universe), o, cells); err != nil {
					t.Fatal(err)
				}
				data = buf.Bytes()
			} else {
				data = writeBook(t, tc.b)
			}
			src, f := savedOutput(t, tc.name, data)
			sheets := f.GetSheetList()
			if tc.sheets > 0 && len(sheets) != tc.sheets {
				t.Fatalf("sheets %v: want %d", sheets, tc.sheets)
			}
			got := officetest.SheetsCSV(t, src, sheets)
			compared, _ := compareRecalculated(t, "LibreOffice", f, sheets, got, loSame)
			if compared < 100 {
				t.Fatalf("compared only %d cells: the CSV export is not what it should be", compared)
			}
			loKeyFigures(t, got[model.TableScenarios], tc.b.Universe)
		})
	}
}

// publicSample is the committed sample workbook, read.
func publicSample(t *testing.T) *input.Book {
	t.Helper()
	b, err := input.Read(filepath.Join("..", "..", "samples", "ai-pivot-2026.xlsx"))
	if err != nil {
		t.Fatalf("read the public sample: %v", err)
	}
	return b
}

// savedOutput writes an output workbook to a file of its own, for a real client to open, and
// opens it, for the cells it stores.
func savedOutput(t *testing.T, name string, data []byte) (string, *excelize.File) {
	t.Helper()
	src := filepath.Join(t.TempDir(), name+".xlsx")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return src, f
}

// compareRecalculated holds a client's recalculated text of every cell of sheets (got, by sheet,
// row and column) to the raw value the workbook f stores, with same; it reports every cell that
// differs or shows a formula error, and returns how many cells, and how many numbers, it compared.
func compareRecalculated(t *testing.T, client string, f *excelize.File, sheets []string, got map[string][][]string,
	same func(text, stored string) bool) (compared, numbers int) {
	t.Helper()
	at := func(rows [][]string, r, c int) string {
		if r < len(rows) && c < len(rows[r]) {
			return rows[r][c]
		}
		return ""
	}
	for _, sheet := range sheets {
		stored, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r := 0; r < max(len(stored), len(got[sheet])); r++ {
			width := 0
			if r < len(stored) {
				width = len(stored[r])
			}
			if r < len(got[sheet]) {
				width = max(width, len(got[sheet][r]))
			}
			for c := range width {
				text, want := at(got[sheet], r, c), at(stored, r, c)
				for _, mark := range officetest.ErrorMarks {
					if strings.Contains(text, mark) {
						t.Errorf("%s!%s: %s shows %q", sheet, cellRef(c+1, r+1), client, text)
					}
				}
				if !same(text, want) {
					t.Errorf("%s!%s: %s recalculates %q, the workbook stores %q", sheet, cellRef(c+1, r+1), client, text, want)
				}
				if _, err := strconv.ParseFloat(want, 64); err == nil {
					numbers++
				}
				compared++
			}
		}
	}
	return compared, numbers
}

// loSame reports whether LibreOffice's text for a cell agrees with the stored raw value.
func loSame(text, stored string) bool {
	if text == stored {
		return true
	}
	sv, err := strconv.ParseFloat(stored, 64)
	sok := err == nil
	if tv, ok := officetest.Number(text); ok && sok {
		return officetest.Close(tv, sv)
	}
	if d, err := time.Parse("2006-01-02", text); err == nil && sok {
		serial := d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
		return serial == sv
	}
	return false
}

// loKeyFigures holds LibreOffice's recalculated Scenarios figures to the model's decimals.
func loKeyFigures(t *testing.T, rows [][]string, u model.Universe) {
	r := model.Run(u)
	for i, mr := range r.Miners {
		for si, fin := range mr.Financings {
			row := rows[scFirstRow+i*len(r.Scenarios)+si-1]
			for _, k := range []struct {
				col  scenarioCol
				want decimal.NullDecimal
			}{
				{scGap, decimal.NewNullDecimal(fin.Gap)},
				{scEQ, decimal.NewNullDecimal(fin.Equity)},
				{scPD, decimal.NewNullDecimal(fin.ProjectDebt)},
				{scCV, decimal.NewNullDecimal(fin.Convertible)},
				{scCD, decimal.NewNullDecimal(fin.CorporateDebt)},
				{scNewShares, decimal.NewNullDecimal(fin.NewShares)},
				{scNewConvShares, decimal.NewNullDecimal(fin.NewConversionShares)},
				{scDilutionBasic, decimal.NewNullDecimal(fin.DilutionBasic)},
				{scDilutionDiluted, decimal.NewNullDecimal(fin.DilutionDiluted)},
				{scPFEBITDA, decimal.NewNullDecimal(fin.PFEBITDA)},
				{scPFNetDebt, decimal.NewNullDecimal(fin.PFNetDebt)},
				{scNetLeverage, fin.NetLeverage},
				{scPFInterest, decimal.NewNullDecimal(fin.PFInterest)},
				{scCoverage, fin.InterestCoverage},
				{scCashFlowPerShare, fin.CashFlowPerShare},
			} {
				text := row[k.col]
				where := u.Miners[mr.Index].Ticker + " / " + r.Scenarios[si].Name + " / " + scenarioHeaders[k.col].Title
				if !k.want.Valid {
					if text != na {
						t.Errorf("%s: LibreOffice gives %q, the model n/a", where, text)
					}
					continue
				}
				got, ok := officetest.Number(text)
				if !ok || !officetest.Close(got, k.want.Decimal.InexactFloat64()) {
					t.Errorf("%s: LibreOffice gives %q, the model %s", where, text, k.want.Decimal)
				}
			}
		}
	}
}

// TestLibreOfficePDF prints the edge-case output to PDF, as a reader without the tool would: it
// must convert, and print every sheet (a sheet that prints nothing was lost on the way).
func TestLibreOfficePDF(t *testing.T) {
	t.Parallel() // each soffice has a profile of its own
	officetest.Soffice(t)
	src := filepath.Join(t.TempDir(), "edges.xlsx")
	if err := os.WriteFile(src, writeBook(t, edgesBook()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := officetest.Convert(t, "pdf", src)
	b, err := os.ReadFile(filepath.Join(out, "edges.pdf"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	// Cover, Summary, Scenarios, three miners, Inputs, Checks, Log: at least one page each.
	if pages := bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type/Page/")); pages < 9 {
		t.Errorf("the PDF has %d pages, want at least one per sheet (9)", pages)
	}
}
