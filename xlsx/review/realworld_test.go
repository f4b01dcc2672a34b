package review

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// realWorld are test workbooks of public spreadsheet libraries (testdata/LICENSES.md), each
// with the parts its review copy changes and adds pinned.
var realWorld = []struct {
	file     string
	problems []Problem
	changed  []string
	added    []string
	strict   bool // excelize reads no notes of a Strict workbook: LibreOffice checks them
}{
	{
		// notes with a VML drawing, a drawing with charts and a picture, a table, a hyperlink,
		// and a second sheet with no relationships at all
		file: "excelize-Book1.xlsx",
		problems: []Problem{
			{Sheet: "Sheet1", Row: 22, Col: 1, Message: "a note is there already"},
			{Sheet: "Sheet1", Row: 19, Col: 2, Warning: true, Message: "a formula cell"},
			{Sheet: "Sheet1", Row: 30, Col: 6, Message: "a blank cell past the dimension"},
			{Sheet: "Sheet2", Row: 2, Col: 4, Message: "a sheet without notes"},
		},
		changed: []string{"[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"},
		added:   []string{"xl/comments2.xml", "xl/drawings/vmlDrawing2.vml", "xl/worksheets/_rels/sheet2.xml.rels", "xl/worksheets/sheet3.xml"},
	},
	{
		// Strict OOXML, a defined name with localSheetId, an autofilter
		file: "calamine-strict_iso_paths.xlsx",
		problems: []Problem{
			{Sheet: "ml_out", Row: 2, Col: 2, Message: "rate 1.5 is above 1; enter 150% or 1.5"},
			{Sheet: "ml_out", Row: 1, Col: 1, Warning: true, Message: "header has a unit in brackets"},
			{Sheet: "ml_out", Row: 100, Col: 26, Message: "a blank cell far off"},
			{Sheet: "Miners", Message: "the Miners sheet is missing"},
		},
		changed: []string{"[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/sheet1.xml"},
		added:   []string{"xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/sheet2.xml"},
		strict:  true,
	},
	{
		// absolute relationship targets, inline strings, a table, no dimension to spare
		file: "calamine-table_with_absolute_paths.xlsx",
		problems: []Problem{
			{Sheet: "table", Row: 3, Col: 2, Message: "an inline string"},
			{Sheet: "table", Row: 7, Col: 3, Warning: true, Message: "outside the dimension"},
		},
		changed: []string{"[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/sheet1.xml"},
		added:   []string{"xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/sheet2.xml"},
	},
	{
		// hidden and very hidden sheets and a chart sheet
		file: "calamine-any_sheets.xlsx",
		problems: []Problem{
			{Sheet: "Hidden", Row: 1, Col: 1, Message: "on a hidden sheet"},
			{Sheet: "Chart", Row: 1, Col: 1, Warning: true, Message: "a chart sheet has no cells: listed only"},
		},
		changed: []string{"[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet2.xml"},
		added:   []string{"xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/_rels/sheet2.xml.rels", "xl/worksheets/sheet4.xml"},
	},
	{
		// external links, a calculation chain, and a sheet named !"
		file: "formulas-full-range.xlsx",
		problems: []Problem{
			{Sheet: `!"`, Row: 1, Col: 1, Message: "a sheet name that needs quoting"},
			{Sheet: "DATA", Row: 5, Col: 2, Warning: true, Message: "a formula over an external link"},
		},
		changed: []string{"[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"},
		added:   []string{"xl/comments1.xml", "xl/comments2.xml", "xl/drawings/vmlDrawing1.vml", "xl/drawings/vmlDrawing2.vml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/_rels/sheet2.xml.rels", "xl/worksheets/sheet3.xml"},
	},
}

func TestWriteRealWorld(t *testing.T) {
	t.Parallel() // each office program runs with a profile of its own
	for _, c := range realWorld {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			in, err := os.ReadFile(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			out := writeCopy(t, in, c.problems)
			changed, added := checkCopied(t, in, out, c.problems)
			if !reflect.DeepEqual(changed, c.changed) || !reflect.DeepEqual(added, c.added) {
				t.Errorf("changed %q and added %q, want %q and %q", changed, added, c.changed, c.added)
			}
			if c.strict {
				checkStrict(t, in, out, append(changed, added...))
			}
			problems := listedOnly(in, c.problems)
			if !c.strict {
				checkCopy(t, in, out, problems)
			}
			checkOffice(t, in, out, problems)
		})
	}
}

// listedOnly drops the cells of problems on sheets that have none (chart sheets): those are
// listed on the Review sheet but mark nothing.
func listedOnly(in []byte, problems []Problem) []Problem {
	p, err := openPkg(in)
	if err != nil {
		return problems
	}
	wb, err := readWorkbook(p)
	if err != nil {
		return problems
	}
	out := make([]Problem, len(problems))
	for i, pr := range problems {
		out[i] = pr
		if si, ok := wb.find(pr.Sheet); ok && !wb.sheets[si].worksheet {
			out[i].Row, out[i].Col = 0, 0
		}
	}
	return out
}

// checkStrict asserts that a Strict workbook's changed and new parts speak Strict: no
// Transitional namespace or relationship type that the input part did not already use.
func checkStrict(t *testing.T, in, out []byte, names []string) {
	t.Helper()
	pin := parts(t, in)
	for _, name := range names {
		got := partText(t, out, name)
		was := ""
		if _, ok := pin[name]; ok {
			was = partText(t, in, name)
		}
		for _, ns := range []string{mainNS, relNS} {
			if strings.Count(got, ns) > strings.Count(was, ns) {
				t.Errorf("%s gained the Transitional namespace %s:\n%s", name, ns, got)
			}
		}
		if strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, "].xml") && !strings.Contains(got, "purl.oclc.org/ooxml") {
			t.Errorf("%s has no Strict namespace:\n%s", name, got)
		}
	}
}
