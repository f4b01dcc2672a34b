package review

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// testStyles is a styles part with two cell formats; the clones a patch makes are numbered from 2.
const testStyles = `<styleSheet xmlns="` + mainNS + `"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`

const ws = `<worksheet xmlns="` + mainNS + `" xmlns:r="` + relNS + `">`

func TestPatchSheet(t *testing.T) {
	cases := []struct {
		name  string
		sheet string
		marks [][3]int // row, col, warning
		want  string
		xfs   []string // the cloned cell formats' base numFmtId, in order
	}{
		{"existing cell with a format", ws + `<sheetData><row r="2"><c r="B2" s="1"><v>7</v></c></row></sheetData></worksheet>`,
			[][3]int{{2, 2, 0}}, ws + `<sheetData><row r="2"><c r="B2" s="2"><v>7</v></c></row></sheetData></worksheet>`, []string{"10"}},
		{"existing cell without a format", ws + `<sheetData><row r="2"><c r="B2" t="s"><v>0</v></c></row></sheetData></worksheet>`,
			[][3]int{{2, 2, 1}}, ws + `<sheetData><row r="2"><c r="B2" t="s" s="2"><v>0</v></c></row></sheetData></worksheet>`, []string{"0"}},
		{"blank cell between two", ws + `<sheetData><row r="2"><c r="A2"/><c r="C2"/></row></sheetData></worksheet>`,
			[][3]int{{2, 2, 0}}, ws + `<sheetData><row r="2"><c r="A2"/><c r="B2" s="2"/><c r="C2"/></row></sheetData></worksheet>`, []string{"0"}},
		{"blank cells after the last, spans widened", ws + `<sheetData><row r="2" spans="1:1"><c r="A2"/></row></sheetData></worksheet>`,
			[][3]int{{2, 4, 0}, {2, 3, 0}}, ws + `<sheetData><row r="2" spans="1:4"><c r="A2"/><c r="C2" s="2"/><c r="D2" s="2"/></row></sheetData></worksheet>`, []string{"0"}},
		{"self-closing row", ws + `<sheetData><row r="2"/></sheetData></worksheet>`,
			[][3]int{{2, 2, 0}}, ws + `<sheetData><row r="2"><c r="B2" s="2"/></row></sheetData></worksheet>`, []string{"0"}},
		{"missing row between rows", ws + `<dimension ref="A1:B5"/><sheetData><row r="1"><c r="A1"/></row><row r="5"><c r="B5"/></row></sheetData></worksheet>`,
			[][3]int{{3, 2, 0}}, ws + `<dimension ref="A1:B5"/><sheetData><row r="1"><c r="A1"/></row><row r="3"><c r="B3" s="2"/></row><row r="5"><c r="B5"/></row></sheetData></worksheet>`, []string{"0"}},
		{"missing rows past the last, dimension widened", ws + `<dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"/></row></sheetData></worksheet>`,
			[][3]int{{9, 4, 1}, {7, 1, 0}}, ws + `<dimension ref="A1:D9"/><sheetData><row r="1"><c r="A1"/></row><row r="7"><c r="A7" s="2"/></row><row r="9"><c r="D9" s="3"/></row></sheetData></worksheet>`, []string{"0", "0"}},
		{"empty sheetData", ws + `<dimension ref="A1"/><sheetData/></worksheet>`,
			[][3]int{{1, 1, 0}}, ws + `<dimension ref="A1"/><sheetData><row r="1"><c r="A1" s="2"/></row></sheetData></worksheet>`, []string{"0"}},
		{"rows and cells without r", ws + `<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData></worksheet>`,
			[][3]int{{1, 2, 0}, {2, 1, 0}}, ws + `<sheetData><row><c><v>1</v></c><c s="2"><v>2</v></c></row><row><c s="2"><v>3</v></c></row></sheetData></worksheet>`, []string{"0"}},
		{"prefixed namespace", `<x:worksheet xmlns:x="` + mainNS + `"><x:sheetData><x:row r="1"/></x:sheetData></x:worksheet>`,
			[][3]int{{1, 2, 0}, {4, 1, 0}}, `<x:worksheet xmlns:x="` + mainNS + `"><x:sheetData><x:row r="1"><x:c r="B1" s="2"/></x:row><x:row r="4"><x:c r="A4" s="2"/></x:row></x:sheetData></x:worksheet>`, []string{"0"}},
		{"row format of a blank cell", ws + `<sheetData><row r="3" s="1" customFormat="1"><c r="A3"/></row></sheetData></worksheet>`,
			[][3]int{{3, 2, 0}}, ws + `<sheetData><row r="3" s="1" customFormat="1"><c r="A3"/><c r="B3" s="2"/></row></sheetData></worksheet>`, []string{"10"}},
		{"column format of a blank cell", ws + `<cols><col min="2" max="3" style="1"/></cols><sheetData/></worksheet>`,
			[][3]int{{3, 3, 0}}, ws + `<cols><col min="2" max="3" style="1"/></cols><sheetData><row r="3"><c r="C3" s="2"/></row></sheetData></worksheet>`, []string{"10"}},
		{"a format out of range counts as the default", ws + `<sheetData><row r="1"><c r="A1" s="99"/></row></sheetData></worksheet>`,
			[][3]int{{1, 1, 0}}, ws + `<sheetData><row r="1"><c r="A1" s="2"/></row></sheetData></worksheet>`, []string{"0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, err := parseStyles([]byte(testStyles), "styles.xml")
			if err != nil {
				t.Fatal(err)
			}
			var marks []*mark
			want := map[int]bool{}
			for _, m := range c.marks {
				marks = append(marks, &mark{row: m[0], col: m[1], warning: m[2] == 1})
				want[m[0]] = true
			}
			sc, err := scanSheet([]byte(c.sheet), "sheet.xml", want)
			if err != nil {
				t.Fatal(err)
			}
			pt := &patch{src: []byte(c.sheet)}
			patchSheet(pt, sc, marks, st)
			if got := string(pt.bytes()); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
			if len(st.newXfs) != len(c.xfs) {
				t.Fatalf("%d cloned formats %q, want %d", len(st.newXfs), st.newXfs, len(c.xfs))
			}
			for i, x := range st.newXfs {
				if !strings.Contains(x, `numFmtId="`+c.xfs[i]+`"`) || !strings.Contains(x, `applyFill="1"`) {
					t.Errorf("cloned format %d %s, want numFmtId %s with a fill", i, x, c.xfs[i])
				}
			}
		})
	}
}

func TestStylesFinish(t *testing.T) {
	st, err := parseStyles([]byte(testStyles), "styles.xml")
	if err != nil {
		t.Fatal(err)
	}
	if e, w := st.mark(1, false), st.mark(1, true); e != 2 || w != 3 || st.mark(1, false) != 2 {
		t.Fatalf("marks %d %d, want 2 3, and the same format again for the same base and level", e, w)
	}
	p := &pkg{out: map[string][]byte{}, byName: nil}
	st.finish(p)
	got := string(p.out["styles.xml"])
	for _, want := range []string{
		`<fills count="4">`, `<fgColor rgb="` + errorRGB + `"/>`, `<fgColor rgb="` + warningRGB + `"/>`,
		`<cellXfs count="4">`,
		`<xf numFmtId="10" fontId="0" fillId="2" borderId="0" applyNumberFormat="1" applyFill="1"/>`,
		`<xf numFmtId="10" fontId="0" fillId="3" borderId="0" applyNumberFormat="1" applyFill="1"/>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("styles lack %s:\n%s", want, got)
		}
	}
}

func TestLegacyDrawingPosition(t *testing.T) {
	const mc = `xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`
	cases := []struct {
		name, sheet, before string
	}{
		{"at the end", ws + `<sheetData/><pageMargins/></worksheet>`, `</worksheet>`},
		{"after drawing, before tableParts", ws + `<sheetData/><drawing r:id="rId1"/><tableParts count="0"/></worksheet>`, `<tableParts`},
		{"before extLst", ws + `<sheetData/><extLst><ext uri="x"/></extLst></worksheet>`, `<extLst>`},
		{"before wrapped controls", `<worksheet xmlns="` + mainNS + `" ` + mc + `><sheetData/><mc:AlternateContent><mc:Choice Requires="x14"><controls/></mc:Choice></mc:AlternateContent></worksheet>`, `<mc:AlternateContent>`},
		{"after a wrapped element that precedes it", `<worksheet xmlns="` + mainNS + `" ` + mc + `><sheetData/><mc:AlternateContent><mc:Choice Requires="x14"><dataValidations/></mc:Choice></mc:AlternateContent></worksheet>`, `</worksheet>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc, err := scanSheet([]byte(c.sheet), "sheet.xml", nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Index(c.sheet, c.before); sc.legacyAt != want {
				t.Errorf("legacyDrawing goes at %d (%q), want %d, before %s", sc.legacyAt, c.sheet[sc.legacyAt:], want, c.before)
			}
		})
	}
}

func TestPatchComments(t *testing.T) {
	const head = `<comments xmlns="` + mainNS + `"><authors><author>Ann</author></authors><commentList>`
	cases := []struct {
		name, in, want string
		marks          []*mark
	}{
		{"appended to a plain note, before its phonetic run",
			head + `<comment ref="A1" authorId="0"><text><t>old</t><rPh sb="0" eb="1"><t>o</t></rPh></text></comment></commentList></comments>`,
			head + `<comment ref="A1" authorId="0"><text><t>old</t>` + testRun("\nerror: new") + `<rPh sb="0" eb="1"><t>o</t></rPh></text></comment></commentList></comments>`,
			[]*mark{{row: 1, col: 1, lines: []string{"error: new"}}}},
		{"appended to a rich note; a new note under a new author",
			head + `<comment ref="B2" authorId="0"><text><r><t>old</t></r></text></comment></commentList></comments>`,
			`<comments xmlns="` + mainNS + `"><authors><author>Ann</author><author>minergap</author></authors><commentList>` +
				`<comment ref="B2" authorId="0"><text><r><t>old</t></r>` + testRun("\nerror: a\nwarning: b") + `</text></comment>` +
				`<comment ref="C3" authorId="1"><text>` + testRun("error: <c> & \"d\"") + `</text></comment></commentList></comments>`,
			[]*mark{{row: 2, col: 2, lines: []string{"error: a", "warning: b"}}, {row: 3, col: 3, lines: []string{`error: <c> & "d"`}}}},
		{"an empty list", `<comments xmlns="` + mainNS + `"><authors/><commentList/></comments>`,
			`<comments xmlns="` + mainNS + `"><authors><author>minergap</author></authors><commentList><comment ref="A1" authorId="0"><text>` + testRun("error: x") + `</text></comment></commentList></comments>`,
			[]*mark{{row: 1, col: 1, lines: []string{"error: x"}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pt := &patch{src: []byte(c.in)}
			if err := patchComments(pt, "comments1.xml", c.marks); err != nil {
				t.Fatal(err)
			}
			if got := string(pt.bytes()); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func testRun(text string) string {
	return `<r><rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">` + esc(text) + `</t></r>`
}

func TestInsertSheet(t *testing.T) {
	const wbXML = `<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><bookViews><workbookView activeTab="2" firstSheet="1"/><workbookView/></bookViews>` +
		`<sheets><sheet name="A" sheetId="4" r:id="rId1"/><sheet name="Review" sheetId="2" r:id="rId2"/><sheet name="review (2)" sheetId="3" r:id="rId3"/></sheets>` +
		`<definedNames><definedName name="x" localSheetId="0">A!$A$1</definedName><definedName name="y" localSheetId="2">A!$A$2</definedName><definedName name="z">A!$A$3</definedName></definedNames></workbook>`
	const rels = `<Relationships xmlns="` + packageRelsNS + `"><Relationship Id="rId1" Type="` + relNS + `/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + relNS + `/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="` + relNS + `/worksheet" Target="worksheets/sheet3.xml"/>` +
		`<Relationship Id="rId9" Type="` + relNS + `/styles" Target="styles.xml"/></Relationships>`
	const ct = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`
	in := zipOf(t, map[string]string{"[Content_Types].xml": ct, "xl/workbook.xml": wbXML, "xl/_rels/workbook.xml.rels": rels,
		"xl/worksheets/sheet1.xml": "", "xl/worksheets/sheet2.xml": "", "xl/worksheets/sheet3.xml": ""})
	p, err := openPkg(in)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := readWorkbook(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := wb.sheets[1].part; got != "xl/worksheets/sheet2.xml" {
		t.Errorf("an absolute target resolves to %s", got)
	}
	name := wb.reviewName()
	if name != "Review (3)" {
		t.Errorf("review sheet named %q, want %q", name, "Review (3)")
	}
	part := p.unusedName(wb.dir() + "worksheets/sheet#.xml")
	if part != "xl/worksheets/sheet4.xml" {
		t.Errorf("new sheet part %s", part)
	}
	p.put(part, []byte("<worksheet/>"), ctWorksheet)
	wb.insertSheet(p, name, part)
	got := string(p.out["xl/workbook.xml"])
	want := `<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `"><bookViews><workbookView activeTab="3" firstSheet="2"/><workbookView activeTab="1"/></bookViews>` +
		`<sheets><sheet name="Review (3)" sheetId="5" r:id="rId4"/><sheet name="A" sheetId="4" r:id="rId1"/><sheet name="Review" sheetId="2" r:id="rId2"/><sheet name="review (2)" sheetId="3" r:id="rId3"/></sheets>` +
		`<definedNames><definedName name="x" localSheetId="1">A!$A$1</definedName><definedName name="y" localSheetId="3">A!$A$2</definedName><definedName name="z">A!$A$3</definedName></definedNames></workbook>`
	if got != want {
		t.Errorf("workbook\n%s\nwant\n%s", got, want)
	}
	if r := string(p.out["xl/_rels/workbook.xml.rels"]); !strings.Contains(r, `<Relationship Id="rId4" Type="`+relNS+`/worksheet" Target="worksheets/sheet4.xml"/></Relationships>`) {
		t.Errorf("workbook relationships %s", r)
	}
}

func TestInsertSheetWithoutViews(t *testing.T) {
	const wbXML = `<x:workbook xmlns:x="` + mainNS + `"><x:sheets><x:sheet name="A" sheetId="1" xmlns:ns="` + relNS + `" ns:id="rId1"/></x:sheets></x:workbook>`
	const rels = `<Relationships xmlns="` + packageRelsNS + `"><Relationship Id="rId1" Type="` + relNS + `/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
	in := zipOf(t, map[string]string{"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml": wbXML, "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": ""})
	p, err := openPkg(in)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := readWorkbook(p)
	if err != nil {
		t.Fatal(err)
	}
	p.put("xl/worksheets/sheet2.xml", []byte("<worksheet/>"), ctWorksheet)
	wb.insertSheet(p, wb.reviewName(), "xl/worksheets/sheet2.xml")
	want := `<x:workbook xmlns:x="` + mainNS + `"><x:bookViews><x:workbookView activeTab="1"/></x:bookViews><x:sheets>` +
		`<x:sheet name="Review" sheetId="2" xmlns:ns="` + relNS + `" ns:id="rId2"/><x:sheet name="A" sheetId="1" xmlns:ns="` + relNS + `" ns:id="rId1"/></x:sheets></x:workbook>`
	if got := string(p.out["xl/workbook.xml"]); got != want {
		t.Errorf("workbook\n%s\nwant\n%s", got, want)
	}
	var ct bytes.Buffer
	if err := p.write(&ct); err != nil {
		t.Fatal(err)
	}
	if got := partText(t, ct.Bytes(), "[Content_Types].xml"); !strings.Contains(got, `<Override PartName="/xl/worksheets/sheet2.xml" ContentType="`+ctWorksheet+`"/></Types>`) {
		t.Errorf("content types %s", got)
	}
}

// zipOf makes a zip of the given parts.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var names []string
	for n := range files {
		names = append(names, n)
	}
	var b bytes.Buffer
	zw := newZip(&b)
	for _, n := range sortStrings(names) {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRefs(t *testing.T) {
	for _, c := range []struct {
		ref      string
		row, col int
		ok       bool
	}{{"A1", 1, 1, true}, {"$B$7", 7, 2, true}, {"xfd1048576", 1048576, 16384, true}, {"XFE1", 0, 0, false},
		{"A0", 0, 0, false}, {"A1048577", 0, 0, false}, {"7", 0, 0, false}, {"B", 0, 0, false}} {
		row, col, ok := parseRef(c.ref)
		if row != c.row || col != c.col || ok != c.ok {
			t.Errorf("parseRef(%q) = %d, %d, %v; want %d, %d, %v", c.ref, row, col, ok, c.row, c.col, c.ok)
		}
		if ok && !strings.EqualFold(cellRef(row, col), strings.ReplaceAll(c.ref, "$", "")) {
			t.Errorf("cellRef(%d, %d) = %s", row, col, cellRef(row, col))
		}
	}
	for _, c := range []struct{ source, part, want string }{
		{"xl/worksheets/sheet1.xml", "xl/comments1.xml", "../comments1.xml"},
		{"xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing2.vml", "../drawings/vmlDrawing2.vml"},
		{"xl/workbook.xml", "xl/worksheets/sheet3.xml", "worksheets/sheet3.xml"},
		{"workbook.xml", "worksheets/sheet3.xml", "worksheets/sheet3.xml"},
	} {
		if got := relTarget(c.source, c.part); got != c.want {
			t.Errorf("relTarget(%s, %s) = %s, want %s", c.source, c.part, got, c.want)
		}
		if got := resolve(c.source, relTarget(c.source, c.part)); got != c.part {
			t.Errorf("resolve(%s, %s) = %s, want %s", c.source, relTarget(c.source, c.part), got, c.part)
		}
	}
	if got := location(`it's "x"`, "B2"); got != `'it''s "x"'!B2` {
		t.Errorf("location %s", got)
	}
}

// TestFormControls gives a sheet whose VML drawing holds only a form control (a check box,
// no note shape type) a note: the control stays as it was, the note shape type is defined
// once, and the note is read back on its cell.
func TestFormControls(t *testing.T) {
	book := excelizeBook(t, false)
	const checkbox = `<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe">` +
		`<v:stroke joinstyle="miter"/><v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/></v:shapetype>` +
		`<v:shape id="_x0000_s3073" type="#_x0000_t201" style="position:absolute;margin-left:100pt;margin-top:20pt;width:80pt;height:16pt;z-index:1" filled="f" stroked="f">` +
		`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"><font face="Segoe UI" size="160" color="auto">Include</font></div></v:textbox>` +
		`<x:ClientData ObjectType="Checkbox"><x:Anchor>5, 0, 1, 0, 6, 0, 2, 0</x:Anchor><x:AutoFill>False</x:AutoFill><x:Checked>1</x:Checked><x:NoThreeD/></x:ClientData></v:shape>`
	vml := `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
		`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="3"/></o:shapelayout>` + checkbox + `</xml>`
	sheet := partText(t, book, "xl/worksheets/sheet3.xml")
	sheet = strings.Replace(sheet, "</worksheet>", `<legacyDrawing r:id="rId7"/></worksheet>`, 1)
	if !strings.Contains(sheet, `xmlns:r=`) {
		sheet = strings.Replace(sheet, "<worksheet ", `<worksheet xmlns:r="`+relNS+`" `, 1)
	}
	rels := `<Relationships xmlns="` + packageRelsNS + `"><Relationship Id="rId7" Type="` + relNS + `/vmlDrawing" Target="../drawings/vmlDrawing7.vml"/></Relationships>`
	ct := partText(t, book, "[Content_Types].xml")
	if !strings.Contains(ct, `Extension="vml"`) {
		ct = strings.Replace(ct, "</Types>", `<Default Extension="vml" ContentType="`+ctVML+`"/></Types>`, 1)
	}
	in := addParts(t, book, map[string]string{"xl/worksheets/sheet3.xml": sheet, "xl/worksheets/_rels/sheet3.xml.rels": rels,
		"xl/drawings/vmlDrawing7.vml": vml, "[Content_Types].xml": ct})
	problems := []Problem{{Sheet: "Sources", Row: 2, Col: 2, Message: "source is not a URL"}, {Sheet: "Sources", Row: 5, Col: 1, Warning: true, Message: "a blank row"}}
	out := writeCopy(t, in, problems)
	got := partText(t, out, "xl/drawings/vmlDrawing7.vml")
	if !strings.Contains(got, checkbox) {
		t.Errorf("the check box changed:\n%s", got)
	}
	if n := strings.Count(got, `id="_x0000_t202"`); n != 1 {
		t.Errorf("note shape type defined %d times:\n%s", n, got)
	}
	for _, id := range []string{"_x0000_s3074", "_x0000_s3075"} {
		if !strings.Contains(got, `<v:shape id="`+id+`" type="#_x0000_t202"`) {
			t.Errorf("no note shape %s:\n%s", id, got)
		}
	}
	checkCopy(t, in, out, problems)
	checkOffice(t, in, out, problems)
}

// TestReviewNameTaken names the new sheet "Review (2)" when the workbook has a Review sheet.
func TestReviewNameTaken(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(excelizeBook(t, false)))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetName("Sources", "Review"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := writeCopy(t, b.Bytes(), []Problem{{Sheet: "Review", Row: 1, Col: 1, Message: "x"}})
	g := openBook(t, out)
	if got, want := g.GetSheetList(), []string{"Review (2)", "Assumptions", "Projects", "Review"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if notes := noteTexts(t, g, "Review"); notes["A1"] != "error: x" {
		t.Errorf("the analyst's Review sheet has notes %q", notes)
	}
}

// TestSheetNameCase finds a sheet named in another case, as a person would, and lists and
// links it under the workbook's own spelling.
func TestSheetNameCase(t *testing.T) {
	in := excelizeBook(t, false)
	out := writeCopy(t, in, []Problem{{Sheet: "projects", Row: 3, Col: 4, Message: "IT MW is blank"}})
	f := openBook(t, out)
	if notes := noteTexts(t, f, "Projects"); notes["D3"] != "error: IT MW is blank" {
		t.Errorf("notes %q", notes)
	}
	if v, _ := f.GetCellValue("Review", "A3"); v != "Projects" {
		t.Errorf("Review!A3 %q, want Projects", v)
	}
	if ok, target, _ := f.GetCellHyperLink("Review", "B3"); !ok || target != "'Projects'!D3" {
		t.Errorf("Review!B3 links to %q", target)
	}
}

// prefixedBook is a hand-written workbook whose parts put SpreadsheetML under an x: prefix and
// declare the relationships namespace on the elements that use it, as some writers do.
func prefixedBook(t testing.TB) []byte {
	const x = `xmlns:x="` + mainNS + `"`
	return zipOf(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="` + ctRels + `"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="` + ctWorksheet + `"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + packageRelsNS + `">` +
			`<Relationship Id="rId1" Type="` + relNS + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><x:workbook ` + x + `><x:bookViews><x:workbookView/></x:bookViews>` +
			`<x:sheets><x:sheet name="Assumptions" sheetId="1" xmlns:ns="` + relNS + `" ns:id="rId3"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="` + packageRelsNS + `">` +
			`<Relationship Id="rId2" Target="styles.xml" Type="` + relNS + `/styles"/>` +
			`<Relationship Id="rId3" Target="worksheets/sheet1.xml" Type="` + relNS + `/worksheet"/></Relationships>`,
		"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?><x:styleSheet ` + x + `><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="0.0%"/></x:numFmts>` +
			`<x:fonts count="1"><x:font><x:sz val="11"/><x:name val="Calibri"/></x:font></x:fonts>` +
			`<x:fills count="2"><x:fill><x:patternFill patternType="none"/></x:fill><x:fill><x:patternFill patternType="gray125"/></x:fill></x:fills>` +
			`<x:borders count="1"><x:border><x:left/><x:right/><x:top/><x:bottom/><x:diagonal/></x:border></x:borders>` +
			`<x:cellStyleXfs count="1"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></x:cellStyleXfs>` +
			`<x:cellXfs count="2"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><x:xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></x:cellXfs>` +
			`</x:styleSheet>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><x:worksheet ` + x + `><x:dimension ref="A1:B3"/><x:sheetData>` +
			`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Assumption</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Value</x:t></x:is></x:c></x:row>` +
			`<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>Corporate debt rate</x:t></x:is></x:c><x:c r="B2" s="1"><x:v>7</x:v></x:c></x:row>` +
			`<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>NOI margin</x:t></x:is></x:c></x:row>` +
			`</x:sheetData></x:worksheet>`,
	})
}

// TestPrefixedBook patches a workbook written with namespace prefixes: the new elements take
// the parts' own prefix, and the copy opens with every note on its cell.
func TestPrefixedBook(t *testing.T) {
	in := prefixedBook(t)
	problems := []Problem{
		{Sheet: "Assumptions", Row: 2, Col: 2, Message: "corporate debt rate 7 is above 1; enter 7% or 0.07"},
		{Sheet: "Assumptions", Row: 3, Col: 2, Message: "NOI margin is blank; enter it or delete the row"},
	}
	out := writeCopy(t, in, problems)
	sheet := partText(t, out, "xl/worksheets/sheet1.xml")
	for _, want := range []string{`<x:c r="B2" s="2"><x:v>7</x:v></x:c>`, `<x:c r="B3" s="3"/></x:row>`,
		`<x:legacyDrawing xmlns:r="` + relNS + `" r:id="rId2"/></x:worksheet>`} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet lacks %s:\n%s", want, sheet)
		}
	}
	if styles := partText(t, out, "xl/styles.xml"); strings.Contains(styles, "<fill>") || strings.Contains(styles, "<xf ") {
		t.Errorf("styles gained unprefixed elements:\n%s", styles)
	}
	checkCopy(t, in, out, problems)
	checkOffice(t, in, out, problems)
}

// TestGrowNotes makes an existing note's box taller by the lines appended to it, and leaves
// every other shape as it was.
func TestGrowNotes(t *testing.T) {
	const vml = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
		`<v:shape id="_x0000_s1025" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Anchor>
    2, 15, 0, 10, 4, 15, 4, 4</x:Anchor><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape>` +
		`<v:shape id="_x0000_s1026" type="#_x0000_t201"><x:ClientData ObjectType="Checkbox"><x:Anchor>2, 15, 0, 10, 4, 15, 4, 4</x:Anchor><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape>` +
		`<v:shape id="_x0000_s1027" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Anchor>5, 15, 8, 10, 7, 15, 12, 4</x:Anchor><x:Row>9</x:Row><x:Column>4</x:Column></x:ClientData></v:shape></xml>`
	pt := &patch{src: []byte(vml)}
	growNotes(pt, []*mark{{row: 2, col: 2, lines: []string{"error: a", "warning: b"}}, {row: 10, col: 5, lines: []string{"error: c"}}},
		map[string]bool{"B2": true})
	want := strings.Replace(vml, "\n    2, 15, 0, 10, 4, 15, 4, 4</x:Anchor><x:Row>1", "\n    2, 15, 0, 10, 4, 15, 6, 4</x:Anchor><x:Row>1", 1)
	if got := string(pt.bytes()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
