package review

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzWrite marks any set of cells of a fixed workbook, far-off and repeated ones included: the
// copy always opens in excelize with its values unchanged, a note on every problem cell
// holding each of its problems, no note anywhere else, and one Review row per problem.
func FuzzWrite(f *testing.F) {
	book := excelizeBook(f, false)
	sheets := []string{"Assumptions", "Projects", "Sources"}
	f.Add([]byte{0, 0, 0, 3, 0, 2, 0}, "rate 7 is above 1; enter 7% or 0.07")
	f.Add([]byte{1, 0x0f, 0xff, 0xff, 0x3f, 0xff, 1, 1, 0x0f, 0xff, 0xff, 0x3f, 0xff, 0}, "XFD1048576, twice")
	f.Add([]byte{1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 2, 0, 2, 1, 2, 0, 0, 9, 0, 1, 0}, "on a note, on a styled cell, in a new row")
	f.Add([]byte{2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 5, 0, 0, 1}, "no cell")
	f.Add([]byte{0, 0, 0x80, 0, 0, 30, 0, 0, 0, 1, 0, 0, 30, 1, 0, 0x80, 0, 0, 30, 1}, "<&>\"' \x01\t\r\n\xff")
	f.Fuzz(func(t *testing.T, data []byte, msg string) {
		var problems []Problem
		for len(data) >= 7 && len(problems) < 50 {
			problems = append(problems, Problem{
				Sheet:   sheets[int(data[0])%len(sheets)],
				Row:     int(uint32(data[1])<<16|uint32(data[2])<<8|uint32(data[3])) % (maxRow + 1),
				Col:     int(uint16(data[4])<<8|uint16(data[5])) % (maxCol + 1),
				Warning: data[6]&1 == 1,
				Message: msg + " [p" + strconv.Itoa(len(problems)) + "]",
			})
			data = data[7:]
		}
		out := writeCopy(t, book, problems)
		fin, fout := openBook(t, book), openBook(t, out)
		// every input cell keeps its value (read cell by cell: GetRows would pad a sheet with
		// a far-off cell to millions of cells)
		for s, rows := range values(t, fin, sheets) {
			for r, row := range rows {
				for c, v := range row {
					ref := cellRef(r+1, c+1)
					if got, err := fout.GetCellValue(s, ref, excelize.Options{RawCellValue: true}); err != nil || got != v {
						t.Fatalf("%s!%s is %q (%v), want %q", s, ref, got, err, v)
					}
				}
			}
		}
		want := map[string]map[string][]string{}
		for i, p := range problems {
			if p.Row == 0 || p.Col == 0 {
				continue
			}
			if want[p.Sheet] == nil {
				want[p.Sheet] = map[string][]string{}
			}
			ref := cellRef(p.Row, p.Col)
			want[p.Sheet][ref] = append(want[p.Sheet][ref], "[p"+strconv.Itoa(i)+"]")
		}
		for _, s := range sheets {
			got := noteTexts(t, fout, s)
			for ref, text := range got {
				if _, ok := want[s][ref]; !ok && bookNotes[s][ref] != text {
					t.Errorf("%s!%s has note %q but no problem", s, ref, text)
				}
			}
			for ref, marks := range want[s] {
				for _, m := range marks {
					if !strings.Contains(got[ref], m) {
						t.Errorf("%s!%s note %q lacks %s", s, ref, got[ref], m)
					}
				}
			}
		}
		rows, err := fout.GetRows("Review")
		if err != nil || len(rows) != len(problems)+2 {
			t.Errorf("Review has %d rows (%v), want %d", len(rows), err, len(problems)+2)
		}
	})
}

// FuzzParts replaces one part of a fixed workbook (a sheet, the styles, the notes, the workbook
// or its relationships) with any bytes: making the copy never panics, and when it succeeds the
// copy is a zip holding every part of the input.
func FuzzParts(f *testing.F) {
	book := excelizeBook(f, false)
	names := []string{"xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/comments2.xml", "xl/drawings/vmlDrawing2.vml",
		"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/_rels/sheet2.xml.rels", "[Content_Types].xml"}
	for i, n := range names {
		f.Add(uint8(i), []byte(partText(f, book, n)))
	}
	f.Add(uint8(0), []byte(`<worksheet><sheetData><row r="3"><c r="D3" s="x"/><c/><c r="ZZZZ9"/></row><row r="-1"/></sheetData><legacyDrawing r:id="nope"/></worksheet>`))
	f.Add(uint8(1), []byte(`<styleSheet><fills/><cellXfs count="x"><xf/></cellXfs></styleSheet>`))
	f.Add(uint8(2), []byte(`<comments><commentList><comment ref="D3"><text/></comment></commentList></comments>`))
	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		name := names[int(which)%len(names)]
		c := string(content)
		in := rezip(t, book, map[string]*string{name: &c})
		var b bytes.Buffer
		err := build(in, &b, []Problem{
			{Sheet: "Projects", Row: 3, Col: 4, Message: "IT MW is blank"},
			{Sheet: "Projects", Row: 1, Col: 1, Warning: true, Message: "on a note"},
			{Sheet: "Projects", Row: 60, Col: 3, Message: "a new row"},
		})
		if err != nil {
			return
		}
		out := parts(t, b.Bytes())
		for n := range parts(t, in) {
			if _, ok := out[n]; !ok {
				t.Errorf("the copy lacks part %s", n)
			}
		}
	})
}
