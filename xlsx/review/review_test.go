package review

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// excelizeBook is a small input workbook made the way a library makes one: notes on two cells,
// a list validation, a defined name scoped to the second sheet, shared strings, inline strings
// (a streamed third sheet), styled number cells, and the second sheet active.
func excelizeBook(t testing.TB, chart bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Assumptions"))
	for i, row := range [][]any{
		{"Assumption", "Value", "Unit"},
		{"BTC price", 60000, "USD"},
		{"Corporate debt rate", 7, "fraction"},
		{"NOI margin", 0.85, "fraction"},
	} {
		must(f.SetSheetRow("Assumptions", "A"+strconv.Itoa(i+1), &row))
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 3, Font: &excelize.Font{Italic: true}})
	must(err)
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10, Font: &excelize.Font{Bold: true, Color: "1F4E79"},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "right"}})
	must(err)
	must(f.SetCellStyle("Assumptions", "B2", "B2", money))
	must(f.SetCellStyle("Assumptions", "B3", "B4", pct))
	must(f.AddComment("Assumptions", excelize.Comment{Cell: "B2", Author: "Analyst",
		Paragraph: []excelize.RichTextRun{{Text: "June 2026 close"}}}))

	_, err = f.NewSheet("Projects")
	must(err)
	for i, row := range [][]any{
		{"Ticker", "Project", "Status", "IT MW", "Capex per MW"},
		{"IREN", "Sweetwater 1", "Contracted", 1400, 10.5},
		{"IREN", "Childress", "Under construction", nil, 10},
	} {
		must(f.SetSheetRow("Projects", "A"+strconv.Itoa(i+1), &row))
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "C2:C50"
	must(dv.SetDropList([]string{"Energized", "Under construction", "Contracted", "Pipeline"}))
	must(f.AddDataValidation("Projects", dv))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "Statuses", RefersTo: "Projects!$C$2:$C$50", Scope: "Projects"}))
	must(f.AddComment("Projects", excelize.Comment{Cell: "A1", Author: "Analyst",
		Paragraph: []excelize.RichTextRun{{Text: "one row per site"}}}))
	if chart {
		must(f.AddChart("Projects", "H2", &excelize.Chart{Type: excelize.Col,
			Series: []excelize.ChartSeries{{Name: "Projects!$D$1", Categories: "Projects!$B$2:$B$3", Values: "Projects!$D$2:$D$3"}}}))
	}

	_, err = f.NewSheet("Sources")
	must(err)
	sw, err := f.NewStreamWriter("Sources")
	must(err)
	must(sw.SetRow("A1", []any{"Ticker", "Source"}))
	must(sw.SetRow("A2", []any{"IREN", "10-K 2026"}))
	must(sw.Flush())
	f.SetActiveSheet(1)
	var b bytes.Buffer
	must(f.Write(&b))
	return b.Bytes()
}

// libreOfficeBook is excelizeBook, with a chart, saved again by LibreOffice: its own notes,
// VML, validation and chart markup.
func libreOfficeBook(t testing.TB) []byte {
	t.Helper()
	src := filepath.Join(t.TempDir(), "lo.xlsx")
	if err := os.WriteFile(src, excelizeBook(t, true), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(soffice(t, "xlsx", src), "lo.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bookProblems covers each kind of problem cell: a styled number, a cell with a note, a blank
// cell in an existing row, two problems on one cell, a far-off cell in a missing row, an
// inline-string cell, and problems without a cell.
var bookProblems = []Problem{
	{Sheet: "Assumptions", Row: 3, Col: 2, Message: "corporate debt rate 7 is above 1; enter 7% or 0.07"},
	{Sheet: "Assumptions", Row: 2, Col: 2, Warning: true, Message: "BTC price is of another date than the as-of date"},
	{Sheet: "Projects", Row: 3, Col: 4, Message: "IT MW is blank; enter the project's critical IT MW"},
	{Sheet: "Projects", Row: 3, Col: 4, Warning: true, Message: "assumed nothing spent yet"},
	{Sheet: "Projects", Row: 1, Col: 1, Warning: true, Message: "the Ticker header has a trailing space"},
	{Sheet: "Projects", Row: 40, Col: 12, Warning: true, Message: "far-off cell"},
	{Sheet: "Sources", Row: 2, Col: 2, Message: "source is not a URL"},
	{Sheet: "Instruments", Message: "the Instruments sheet is missing; add it or remove the convertible"},
	{Sheet: "Projects", Message: "column Model is missing"},
}

// existingNotes of excelizeBook.
var bookNotes = map[string]map[string]string{
	"Assumptions": {"B2": "June 2026 close"},
	"Projects":    {"A1": "one row per site"},
}

func TestWriteBooks(t *testing.T) {
	books := []struct {
		name string
		make func(testing.TB) []byte
	}{
		{"excelize", func(t testing.TB) []byte { return excelizeBook(t, false) }},
		{"excelize with chart", func(t testing.TB) []byte { return excelizeBook(t, true) }},
		{"LibreOffice", libreOfficeBook},
	}
	t.Parallel() // each office program runs with a profile of its own
	for _, bk := range books {
		t.Run(bk.name, func(t *testing.T) {
			t.Parallel()
			in := bk.make(t)
			out := writeCopy(t, in, bookProblems)
			checkCopy(t, in, out, bookProblems)
			checkOffice(t, in, out, bookProblems)

			fin, fout := openBook(t, in), openBook(t, out)
			for sheet, cells := range bookNotes {
				got := noteTexts(t, fout, sheet)
				for ref, text := range cells {
					if !strings.HasPrefix(got[ref], text) {
						t.Errorf("%s!%s note %q no longer starts with its own text %q", sheet, ref, got[ref], text)
					}
				}
			}
			if a, b := fin.GetActiveSheetIndex(), fout.GetActiveSheetIndex(); b != a+1 {
				t.Errorf("active sheet index %d, want %d (the same sheet, after Review)", b, a+1)
			}
			dn := func(f *excelize.File) []excelize.DefinedName { return f.GetDefinedName() }
			if a, b := dn(fin), dn(fout); !reflect.DeepEqual(a, b) {
				t.Errorf("defined names %+v, want %+v (scope kept)", b, a)
			}
			for _, s := range fin.GetSheetList() {
				a, err1 := fin.GetDataValidations(s)
				b, err2 := fout.GetDataValidations(s)
				if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) {
					t.Errorf("%s validations %+v (%v), want %+v (%v)", s, b, err2, a, err1)
				}
			}
		})
	}
}

// checkCopy asserts what every review copy must satisfy, read back through excelize: only the
// must-change parts differ, every original sheet follows Review with the same values, every
// problem cell has the level's fill over its own format and a note with its messages, and
// the Review sheet lists each problem with a link to its cell.
func checkCopy(t testing.TB, in, out []byte, problems []Problem) {
	t.Helper()
	checkCopied(t, in, out, problems)
	fin, fout := openBook(t, in), openBook(t, out)
	sheets := fin.GetSheetList()
	if got, want := fout.GetSheetList(), append([]string{"Review"}, sheets...); !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	if a, b := values(t, fin, sheets), values(t, fout, sheets); !reflect.DeepEqual(a, b) {
		t.Errorf("values changed:\n got %v\nwant %v", b, a)
	}
	notes := map[string]map[string]string{}
	for _, s := range sheets {
		notes[s] = noteTexts(t, fout, s)
	}
	checkNotes(t, notes, problems)
	checkFills(t, fin, fout, out, problems)
	checkReviewSheet(t, fout, problems)
}

// checkFills asserts each problem cell's fill (red when any problem on it is an error) and
// that the rest of its format is the input's.
func checkFills(t testing.TB, fin, fout *excelize.File, out []byte, problems []Problem) {
	t.Helper()
	warnOnly := map[[3]string]bool{}
	for _, p := range problems {
		if p.Row == 0 || p.Col == 0 {
			continue
		}
		k := [3]string{p.Sheet, cellRef(p.Row, p.Col)}
		if _, seen := warnOnly[k]; !seen {
			warnOnly[k] = true
		}
		warnOnly[k] = warnOnly[k] && p.Warning
	}
	for k, warn := range warnOnly {
		sheet, ref := k[0], k[1]
		style := func(f *excelize.File) *excelize.Style {
			id, err := f.GetCellStyle(sheet, ref)
			if err != nil {
				t.Fatalf("%s!%s: %v", sheet, ref, err)
			}
			s, err := f.GetStyle(id)
			if err != nil {
				t.Fatalf("%s!%s style %d: %v", sheet, ref, id, err)
			}
			return s
		}
		a, b := style(fin), style(fout)
		want := errorRGB
		if warn {
			want = warningRGB
		}
		id, _ := fout.GetCellStyle(sheet, ref)
		// excelize resolves colours only in a workbook with a theme part (LibreOffice writes
		// none), so the colour is read from the styles part as well
		if got := fillRGB(t, out, id); b.Fill.Pattern != 1 || got != want ||
			len(b.Fill.Color) > 0 && b.Fill.Color[0] != "" && !strings.EqualFold(b.Fill.Color[0], want[2:]) {
			t.Errorf("%s!%s fill %+v (%q in the styles part), want solid %q", sheet, ref, b.Fill, got, want)
		}
		if a.NumFmt != b.NumFmt || !reflect.DeepEqual(a.Font, b.Font) || !reflect.DeepEqual(a.Border, b.Border) ||
			!reflect.DeepEqual(a.Alignment, b.Alignment) {
			t.Errorf("%s!%s format changed beyond its fill:\n got %+v %+v %+v %+v\nwant %+v %+v %+v %+v", sheet, ref,
				b.NumFmt, b.Font, b.Border, b.Alignment, a.NumFmt, a.Font, a.Border, a.Alignment)
		}
	}
}

// checkReviewSheet asserts the Review sheet's rows (from row 3) and links.
func checkReviewSheet(t testing.TB, f *excelize.File, problems []Problem) {
	t.Helper()
	rows, err := f.GetRows("Review")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(problems)+2 {
		t.Fatalf("Review has %d rows, want %d", len(rows), len(problems)+2)
	}
	if want := []string{"Sheet", "Cell", "Level", "Message"}; !reflect.DeepEqual(rows[1], want) {
		t.Errorf("Review header %q, want %q", rows[1], want)
	}
	for i, p := range problems {
		n := strconv.Itoa(i + 3)
		cell, level := "", "error"
		if p.Row > 0 && p.Col > 0 {
			cell = cellRef(p.Row, p.Col)
		}
		if p.Warning {
			level = "warning"
		}
		got := append(rows[i+2], "", "", "", "")[:4]
		if want := []string{p.Sheet, cell, level, p.Message}; !reflect.DeepEqual(got, want) {
			t.Errorf("Review row %s %q, want %q", n, got, want)
		}
		ok, target, err := f.GetCellHyperLink("Review", "B"+n)
		if err != nil {
			t.Fatal(err)
		}
		if want := location(p.Sheet, cell); cell != "" && (!ok || target != want) {
			t.Errorf("Review!B%s links to %q (%v), want %q", n, target, ok, want)
		}
		if cell == "" && ok {
			t.Errorf("Review!B%s links to %q for a problem without a cell", n, target)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	book := excelizeBook(t, false)
	replace := func(name, content string) []byte { return rezip(t, book, map[string]*string{name: &content}) }
	drop := func(name string) []byte { return rezip(t, book, map[string]*string{name: nil}) }
	cases := []struct {
		name     string
		in       []byte
		problems []Problem
		want     string
	}{
		{"not a zip", []byte("just text"), nil, "not an .xlsx workbook"},
		{"legacy xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), nil, "legacy .xls"},
		{"password-protected", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1},
			[]byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")...), nil, "password-protected"},
		{"truncated zip", book[:len(book)/2], nil, "not an .xlsx workbook"},
		{"empty styles", replace("xl/styles.xml", ""), nil, "styles part is empty"},
		{"styles without cell formats", replace("xl/styles.xml", `<styleSheet xmlns="`+mainNS+`"/>`), nil, "no cell formats"},
		{"no styles part", drop("xl/styles.xml"), nil, "no styles part"},
		{"unknown sheet", book, []Problem{{Sheet: "Miners", Row: 2, Col: 2, Message: "x"}}, `names sheet "Miners", which the workbook does not have`},
		{"row past the sheet", book, []Problem{{Sheet: "Projects", Row: maxRow + 1, Col: 1, Message: "x"}}, "lies outside a sheet"},
		{"negative column", book, []Problem{{Sheet: "Projects", Row: 1, Col: -1, Message: "x"}}, "lies outside a sheet"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			err := Write(c.in, &b, c.problems)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Write error %v, want one containing %q", err, c.want)
			}
			if b.Len() != 0 {
				t.Errorf("Write wrote %d bytes despite its error", b.Len())
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "inputs.xlsx")
	book := excelizeBook(t, false)
	if err := os.WriteFile(in, book, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "inputs-review.xlsx")
	if err := WriteFile(in, out, bookProblems); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkCopy(t, book, b, bookProblems)
	if err := WriteFile(in, in, bookProblems); err == nil || !strings.Contains(err.Error(), "may not replace its input") {
		t.Errorf("WriteFile over its input: %v", err)
	}
	if err := WriteFile(in, filepath.Join(dir, "no", "such", "x.xlsx"), bookProblems); err == nil {
		t.Error("WriteFile into a missing folder succeeded")
	}
	if after, _ := os.ReadFile(in); !bytes.Equal(after, book) {
		t.Error("the input changed")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
