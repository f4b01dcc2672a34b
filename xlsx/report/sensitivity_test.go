package report

import (
	"archive/zip"
	"bytes"
	"html"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/internal/testkit"
	"minergap/model"
	"minergap/xlsx"
)

// TestWriteSensitivityExample holds the §3c figures of the §3a example, as the workbook stores
// them, to the arithmetic worked by hand from SPEC §3a and §3c.
func TestWriteSensitivityExample(t *testing.T) {
	data := writeUniverse(t, model.WorkedExample())
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l := sensLayout{top: seFirstRow}
	bar := func(k, col int) string { return cellRef(col, l.top+seTornadoBars+k) }
	base := l.top + seTornadoBase
	centreRow := l.top + seGridFirst + 5 // row axis −50% … +50%: the sixth row is 0
	for _, tc := range []struct {
		name, sheet, cell, want string // want as the spec rounds it
	}{
		// The gap does not move with the price (project debt 151 is capped by capacity, not
		// price), so EQ gross stays 151 / 0.98 = 154.0816. 15% basic dilution: new shares N with
		// N / (100 + N) = 0.15, N = 17.647059; issue price 154.0816 / 17.647059 = 8.731293 =
		// P × 0.97, P = 9.001333.
		{"share price for 15% dilution", SheetScenarios, cellRef(scSharePriceForTarget.col(), scFirstRow), "9.0013324918"},
		// The gap closes when uses 1,000 × (1 + d) − 100 + 50 equal sources 648 (committed project
		// debt used stays 200 while remaining capex is above it): d = 698 / 1,000 − 1 = −0.302.
		{"capex change to close the gap", SheetScenarios, cellRef(scCapexToCloseGap.col(), scFirstRow), "-0.302"},
		{"miner sheet links the price solve", "EX", cellRef(4, mfFirstRow+len(minerFinancing)-2), "9.0013324918"},
		{"miner sheet links the capex solve", "EX", cellRef(4, mfFirstRow+len(minerFinancing)-1), "-0.302"},
		// The centre of each grid is the scenario: dilution 7.942352 / 107.942352, gap 302.
		{"dilution grid centre", SheetSensitivity, cellRef(2+3, centreRow), "0.073580"},
		{"gap grid centre", SheetSensitivity, cellRef(seGapCol+1+3, centreRow), "302"},
		{"tornado base gap", SheetSensitivity, cellRef(stGapLow, base), "302"},
		{"tornado base dilution", SheetSensitivity, cellRef(stDilutionLow, base), "0.073580"},
		// Capex change −15%: build 850, remaining 750, gap 750 + 50 − 648 = 152; PD 76, EQ 76,
		// gross 77.55102, new shares 77.55102 / 19.4 = 3.997475, dilution 3.997475 / 103.997475.
		{"capex low", SheetSensitivity, bar(0, stLow), "-0.15"},
		{"capex gap at low", SheetSensitivity, bar(0, stGapLow), "152"},
		{"capex dilution at low", SheetSensitivity, bar(0, stDilutionLow), "0.038438"},
		// +15%: build 1,150, remaining 1,050, gap 452; EQ 226, gross 230.6122, new shares
		// 11.887228, dilution 11.887228 / 111.887228.
		{"capex gap at high", SheetSensitivity, bar(0, stGapHigh), "452"},
		{"capex dilution at high", SheetSensitivity, bar(0, stDilutionHigh), "0.106243"},
		// bar minus base: 0.0384382 − 0.0735796 = −0.0351414, 0.1062429 − 0.0735796 = 0.0326633
		{"capex low minus base", SheetSensitivity, bar(0, stDeltaLow), "-0.035141"},
		{"capex high minus base", SheetSensitivity, bar(0, stDeltaHigh), "0.032663"},
		// Share price −30%: P 14, issue 13.58, new shares 154.0816 / 13.58 = 11.346215,
		// dilution 11.346215 / 111.346215; +30%: P 26, issue 25.22, 6.109500 / 106.109500.
		{"share price dilution at low", SheetSensitivity, bar(1, stDilutionLow), "0.101900"},
		{"share price dilution at high", SheetSensitivity, bar(1, stDilutionHigh), "0.057577"},
		{"share price gap at low", SheetSensitivity, bar(1, stGapLow), "302"},
	} {
		storedNear(t, f, tc.name, tc.sheet, tc.cell, tc.want)
	}
	for k, want := range []string{"Capex change", "Share price change"} {
		if got, _ := f.GetCellValue(SheetSensitivity, bar(k, stDriver)); got != want {
			t.Errorf("tornado bar %d is %q, want %q", k+1, got, want)
		}
	}
	// The four checks of EX's block follow its six identity checks and pass.
	first := ckFirstRow + 2 + 2*1
	for k := 0; k < 4; k++ {
		if got, _ := f.GetCellValue(SheetChecks, cellRef(6, first+k)); got != "pass" {
			label, _ := f.GetCellValue(SheetChecks, cellRef(1, first+k))
			t.Errorf("Checks row %d (%q) = %q, want pass", first+k, label, got)
		}
	}
	cf, err := f.GetConditionalFormats(SheetSensitivity)
	if err != nil {
		t.Fatal(err)
	}
	for _, rng := range []string{"B6:H16", "K6:Q16"} {
		if len(cf[rng]) != 1 || cf[rng][0].Type != "3_color_scale" {
			t.Errorf("Sensitivity!%s conditional formats %+v, want one 3-colour scale", rng, cf[rng])
		}
	}
}

// TestWriteSensitivityChecksFail moves a grid's centre and the tornado's base away from the
// scenario: their checks fail, and the master check with them.
func TestWriteSensitivityChecksFail(t *testing.T) {
	u := model.WorkedExample()
	r := model.Run(u)
	ms := &r.Sensitivities[0]
	ms.GapGrid.Values[5][3] = ms.GapGrid.Values[5][3].Add(testkit.Dec("2"))
	ms.BaseDilution = ms.BaseDilution.Add(testkit.Dec("0.001"))
	f, err := excelize.OpenReader(bytes.NewReader(writeResult(t, bookOf(u), r)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// EX's sensitivity checks, after its six identity checks: dilution centre (pass), gap centre
	// (304 − 302 = 2, fail), base dilution (+0.001, fail), base gap (pass).
	first := ckFirstRow + 4
	for _, tc := range []struct{ cell, want string }{
		{"F" + itoa(first), "pass"},
		{"D" + itoa(first+1), "2"},
		{"F" + itoa(first+1), "fail"},
		{"D" + itoa(first+2), "0.001"},
		{"F" + itoa(first+2), "fail"},
		{"F" + itoa(first+3), "pass"},
		{"G" + itoa(ckMasterRow), "2"},
	} {
		if got, _ := f.GetCellValue(SheetChecks, tc.cell, excelize.Options{RawCellValue: true}); got != tc.want {
			t.Errorf("Checks!%s = %q, want %q", tc.cell, got, tc.want)
		}
	}
}

// TestWriteTornadoCharts holds the saved workbook to one tornado chart per miner with a
// tornado on the Sensitivity sheet and one on each such miner's sheet, both drawing the miner's
// tornado table: horizontal bars, overlapping, the largest swing on top. The miner sheets' charts
// are written in side workbooks and moved with their sheets: each must have its parts, their
// relationships and content types in the output, numbered apart from every other chart.
func TestWriteTornadoCharts(t *testing.T) {
	b := edgesBook()
	for _, cells := range []int{batchCells, 1} { // the miner sheets in one side workbook, or one each
		var buf bytes.Buffer
		if err := write(&buf, b, model.Run(b.Universe), testOptions, cells); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		checkTornadoCharts(t, zr)
	}
}

func checkTornadoCharts(t *testing.T, zr *zip.Reader) {
	t.Helper()
	types := readZip(t, zr, "[Content_Types].xml")
	check := func(name, series string) {
		t.Helper()
		x := html.UnescapeString(readZip(t, zr, name))
		for _, want := range []string{`<barDir val="bar">`, `<overlap val="100">`, `<orientation val="maxMin">`, `<tickLblPos val="low">`, `<varyColors val="0">`, series} {
			if !strings.Contains(x, want) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
		if !strings.Contains(types, `PartName="/`+name+`" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"`) {
			t.Errorf("[Content_Types].xml gives %s no chart type", name)
		}
	}
	charts := sheetCharts(t, zr, SheetSensitivity)
	if len(charts) != 3 { // EX, AB12 and O'B X, each with two scenarios to run on
		t.Fatalf("Sensitivity has %d charts, want one per miner (3)", len(charts))
	}
	seen := map[string]bool{}
	for _, name := range charts {
		seen[name] = true
		check(name, "<f>'Sensitivity'!$H$")
	}
	// The first block's tornado bars start at row 4 + 17 = 21 (seFirstRow + seTornadoBars); the
	// next blocks are 33 rows down each.
	for k, sheet := range []string{"EX", "AB12", "O’B X"} {
		got := sheetCharts(t, zr, sheet)
		if len(got) != 1 {
			t.Errorf("miner sheet %s has %d charts, want its tornado", sheet, len(got))
			continue
		}
		if seen[got[0]] {
			t.Errorf("miner sheet %s draws %s, a part the workbook already has", sheet, got[0])
		}
		seen[got[0]] = true
		check(got[0], "<f>'Sensitivity'!$H$"+strconv.Itoa(21+33*k)+":$H$")
		drawing := relTargets(t, zr, xlsx.Parts(zr)[sheet].File.Name, "/drawing")[0]
		if !strings.Contains(types, `PartName="/`+drawing+`" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"`) {
			t.Errorf("[Content_Types].xml gives %s no drawing type", drawing)
		}
	}
}

// sheetCharts lists the chart parts drawn on a sheet: its drawing's chart relationships.
func sheetCharts(t *testing.T, zr *zip.Reader, sheet string) []string {
	t.Helper()
	p, ok := xlsx.Parts(zr)[sheet]
	if !ok {
		t.Fatalf("no sheet %q", sheet)
	}
	var charts []string
	for _, drawing := range relTargets(t, zr, p.File.Name, "/drawing") {
		charts = append(charts, relTargets(t, zr, drawing, "/chart")...)
	}
	return charts
}

var relRE = regexp.MustCompile(`<Relationship [^>]*Target="([^"]+)"[^>]*Type="[^"]*(/[a-z]+)"|<Relationship [^>]*Type="[^"]*(/[a-z]+)"[^>]*Target="([^"]+)"`)

// relTargets are the parts part refers to by relationships of type kind ("/drawing", "/chart").
func relTargets(t *testing.T, zr *zip.Reader, part, kind string) []string {
	dir, file := path.Split(part)
	rels := dir + "_rels/" + file + ".rels"
	if zr.File == nil {
		return nil
	}
	var x string
	for _, zf := range zr.File {
		if zf.Name == rels {
			x = readZip(t, zr, rels)
		}
	}
	var out []string
	for _, m := range relRE.FindAllStringSubmatch(x, -1) {
		target, typ := m[1], m[2]
		if target == "" {
			target, typ = m[4], m[3]
		}
		if typ == kind {
			out = append(out, path.Join(dir, target))
		}
	}
	return out
}

func readZip(t *testing.T, zr *zip.Reader, name string) string {
	t.Helper()
	for _, zf := range zr.File {
		if zf.Name == name {
			return string(testkit.ReadEntry(t, zf))
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}
