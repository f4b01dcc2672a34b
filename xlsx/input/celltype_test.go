package input

import (
	"archive/zip"
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// typed is a cell a text workbook cannot express: a TRUE/FALSE cell, or a number shown as a date.
type typed struct {
	cell   string // Sheet!A1
	value  any    // a bool, or a number
	format string // a number format code for the number; "" for a bool
}

// typedBook builds a workbook from a TextBook spec, then types the given cells as Excel would
// have: a ticker typed as TRUE becomes a logical value, a name typed as 1-Jan a date.
func typedBook(t *testing.T, spec string, cells ...typed) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(bookBytes(t, spec)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range cells {
		sheet, ref, _ := strings.Cut(c.cell, "!")
		if err := f.SetCellValue(sheet, ref, c.value); err != nil {
			t.Fatal(err)
		}
		if c.format != "" {
			code := c.format
			st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(sheet, ref, ref, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const typedSpec = `
[Assumptions]
Assumption | Value
As of date | 2026-06-30
BTC price | 60000
[Miners]
Ticker | Company | Share price | Shares outstanding | Cash | BTC held | Debt
EX | Example Corp | 20 | 100 | 300 | 1000 | 0
HK | Hong Kong Corp | 20 | 100 | 300 | 0 | 1
[Projects]
Ticker | Project | Status | IT MW | Start date | Include
EX | P1 | Contracted | 100 | 2026-07-01 | Y
HK | P2 | Pipeline | 50 | |
`

// TestReadTypedCells holds SPEC §2 "Values": a TRUE/FALSE cell is an error in a number, date
// or key field, and so is a date cell in a key or text field; each names its cell.
func TestReadTypedCells(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells []typed
		want  []string
	}{
		{"TRUE in a number", []typed{{"Miners!E2", true, ""}}, []string{
			`t.xlsx:Miners!E2: Cash: found the logical value TRUE where an amount in USD m is expected; enter a number`}},
		{"FALSE in an assumption", []typed{{"Assumptions!B3", false, ""}}, []string{
			`t.xlsx:Assumptions!B3: BTC price: found the logical value FALSE where a price in USD is expected; enter a number`}},
		{"TRUE as a ticker", []typed{{"Miners!A3", true, ""}, {"Projects!A3", true, ""}}, []string{
			`t.xlsx:Miners!A3: Ticker: the cell holds the logical value TRUE, not the text TRUE; format the cell as Text and type TRUE again (or type 'TRUE)`,
			`t.xlsx:Projects!A3: Ticker: the cell holds the logical value TRUE, not the text TRUE; format the cell as Text and type TRUE again (or type 'TRUE)`}},
		{"FALSE as a date", []typed{{"Projects!E2", false, ""}}, []string{
			`t.xlsx:Projects!E2: Start date: found the logical value FALSE where a date is expected; enter a date such as 2026-06-30`}},
		{"dates as a ticker and a project", []typed{{"Miners!A3", 46023, "d-mmm"}, {"Projects!A3", 46023, "d-mmm"}, {"Projects!B2", 46023, "[$-409]yyyy\\-mm\\-dd;@"}}, []string{
			`t.xlsx:Miners!A3: Ticker: the cell holds a date (2026-01-01), which reads as the number 46023; format the cell as Text and type the ticker again`,
			`t.xlsx:Projects!B2: Project: the cell holds a date (2026-01-01), which reads as the number 46023; format the cell as Text and type the name again`,
			`t.xlsx:Projects!A3: Ticker: the cell holds a date (2026-01-01), which reads as the number 46023; format the cell as Text and type the ticker again`}},
		{"a date as a company name", []typed{{"Miners!B2", 46023, "mmm-yy"}}, []string{
			`t.xlsx:Miners!B2: Company: the cell holds a date (2026-01-01), which reads as the number 46023; format the cell as Text and type the name again`}},
		// Not errors: TRUE typed as a company name is its text, TRUE in Include is Y, a numeric
		// ticker (a Hong Kong listing) in a number format is a ticker, 0 and 1 in number cells are numbers.
		{"fine", []typed{{"Miners!B2", true, ""}, {"Projects!F3", true, ""}, {"Miners!A3", 3908, "#,##0"}, {"Projects!A3", 3908, "0"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ReadBytes("t.xlsx", typedBook(t, typedSpec, tc.cells...))
			if got := errorLines(err); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if tc.want == nil {
				if got := b.Universe.Miners[0].Company; got != "TRUE" {
					t.Errorf("company = %q, want TRUE", got)
				}
				if got := b.Universe.Miners[1].Ticker; got != "3908" {
					t.Errorf("ticker = %q, want 3908", got)
				}
				if got := b.Universe.Miners[1].Debt.String(); got != "1" {
					t.Errorf("debt = %s, want 1", got)
				}
			}
		})
	}
}

// TestDateFormatCode tells number formats that show a date or a time from those that do not.
func TestDateFormatCode(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd": true, "d-mmm": true, "[$-409]mmmm d, yyyy;@": true, "h:mm AM/PM": true, "[h]:mm": true,
		"dd/mm/yyyy hh:mm": true, `yyyy"年"m"月"`: true,
		"General": false, "0.00": false, "#,##0;(#,##0)": false, "0.00E+00": false, `0.0"x"`: false,
		`#,##0 "days"`: false, `[Red]#,##0`: false, `_("$"* #,##0_)`: false, "@": false, `0\h`: false,
	} {
		if got := dateFormatCode(code); got != want {
			t.Errorf("dateFormatCode(%q) = %v, want %v", code, got, want)
		}
	}
}

// TestScanKinds reads the cell types of worksheet XML as other writers spell it: cells and rows
// without an r attribute, single quotes, a namespace prefix, a formula's boolean result.
func TestScanKinds(t *testing.T) {
	sheet := `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:cols><x:col min="1" max="3" s="7"/></x:cols><x:sheetData>` +
		`<x:row><x:c t='b'><x:v>1</x:v></x:c><x:c s="7"><x:v>46023</x:v></x:c><x:c s="8"><x:v>5</x:v></x:c></x:row>` +
		`<x:row r="5"><x:c r="C5" t="b"><x:f>1=0</x:f><x:v>0</x:v></x:c><x:c t="d"><x:v>2026-01-01</x:v></x:c><x:c t="s" s="7"><x:v>0</x:v></x:c></x:row>` +
		`</x:sheetData></x:worksheet>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(sheet))
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	got := scanKinds(zr.File[0], map[int]bool{7: true})
	want := []uint64{cellKey(1, 1, kindBool), cellKey(1, 2, kindDate), cellKey(5, 3, kindBool), cellKey(5, 4, kindDate)}
	if !slices.Equal(got, want) {
		t.Errorf("scanKinds = %v, want %v", got, want)
	}
}
