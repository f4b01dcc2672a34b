package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestTextBook(t *testing.T) {
	spec := `# a comment line
!date1904
[Title page]
Funding gaps | by miner

[Miners]
Ticker | Share price | Note
EX | 20 | 'a \| b
  |  | 
YZ | -1.5e2 | 7%
=B3*2 | =B3*2 -> 40 | 2026-06-30
Cash\n(USD m) | \u00a0x | '12
`
	var buf bytes.Buffer
	if err := TextBook(&buf, spec); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), ","), "Title page,Miners"; got != want {
		t.Errorf("sheets = %q, want %q", got, want)
	}
	props, err := f.GetWorkbookProps()
	if err != nil || props.Date1904 == nil || !*props.Date1904 {
		t.Errorf("date1904 not set: %+v, %v", props, err)
	}
	tests := []struct {
		sheet, cell string
		value       string // raw stored value
		typ         excelize.CellType
		formula     string
	}{
		{"Title page", "A1", "Funding gaps", excelize.CellTypeInlineString, ""},
		{"Title page", "B1", "by miner", excelize.CellTypeInlineString, ""},
		{"Title page", "A2", "", excelize.CellTypeUnset, ""}, // blank line: an empty row
		{"Miners", "A1", "Ticker", excelize.CellTypeInlineString, ""},
		{"Miners", "B2", "20", excelize.CellTypeUnset, ""}, // a number: no type attribute
		{"Miners", "C2", "a | b", excelize.CellTypeInlineString, ""},
		{"Miners", "A3", "", excelize.CellTypeUnset, ""}, // only pipes and spaces: no cells
		{"Miners", "B4", "-150", excelize.CellTypeUnset, ""},
		{"Miners", "C4", "7%", excelize.CellTypeInlineString, ""}, // percent text stays text
		{"Miners", "A5", "", excelize.CellTypeFormula, "B3*2"},    // no cached value
		{"Miners", "B5", "40", excelize.CellTypeUnset, "B3*2"},    // cached 40
		{"Miners", "C5", "2026-06-30", excelize.CellTypeInlineString, ""},
		{"Miners", "A6", "Cash\n(USD m)", excelize.CellTypeInlineString, ""},
		{"Miners", "B6", "\u00a0x", excelize.CellTypeInlineString, ""}, // escaped edge space survives the trim
		{"Miners", "C6", "12", excelize.CellTypeInlineString, ""},      // quoted number is text
	}
	for _, tt := range tests {
		t.Run(tt.sheet+"!"+tt.cell, func(t *testing.T) {
			v, err := f.GetCellValue(tt.sheet, tt.cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if v != tt.value {
				t.Errorf("value = %q, want %q", v, tt.value)
			}
			typ, err := f.GetCellType(tt.sheet, tt.cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != tt.typ {
				t.Errorf("type = %v, want %v", typ, tt.typ)
			}
			formula, err := f.GetCellFormula(tt.sheet, tt.cell)
			if err != nil {
				t.Fatal(err)
			}
			if formula != tt.formula {
				t.Errorf("formula = %q, want %q", formula, tt.formula)
			}
		})
	}
}

func TestTextBookErrors(t *testing.T) {
	tests := []struct {
		name, spec, want string
	}{
		{"no sheet", "# nothing\n", "text workbook: no sheet; start with a sheet name in brackets such as [Miners]"},
		{"row before sheet", "A | B\n[S]\n", "text workbook line 1: a row before the first [Sheet] line; start with a sheet name in brackets"},
		{"late date1904", "[S]\n!date1904\n", "text workbook line 2: put !date1904 before the first sheet"},
		{"bad escape", "[S]\na\\qb\n", `text workbook line 2: unknown escape \q; use \|, \n, \t, \\ or \uXXXX`},
		{"short code point", "[S]\n\\u12\n", `text workbook line 2: \u needs four hex digits such as \u00a0`},
		{"lone backslash", "[S]\nab\\\n", `text workbook line 2: a cell ends in a lone backslash; write \\ for a backslash`},
		{"duplicate sheet", "[S]\n[S]\n", "text workbook line 2: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := TextBook(&bytes.Buffer{}, tt.spec)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to start with %q", err, tt.want)
			}
		})
	}
}
