package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/internal/testkit"
	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// limitShape is a universe by its counts alone: what the output's layout needs to give every
// sheet's extent (writer.extents) without computing the model.
type limitShape struct {
	name                                     string
	miners, projects, instruments, scenarios int
	// changing is how many scenarios (the first ones) change the projects: each gives every
	// miner sheet a project block of its own
	changing int
	sheets   int // the miner sheets the output has
	// rowsOnly lifts MaxMinerSheetCells: a shape at the edge of a miner sheet's rows
	rowsOnly bool
}

// limitsLayout is the output's layout for shape s: its projects spread over the miners as
// evenly as they go (the first miners take one more), each miner with a tornado as long as
// the worked example's. The result's miners share their slices: the layout reads their lengths.
func limitsLayout(t testing.TB, s limitShape) *writer {
	t.Helper()
	sens := model.Run(model.WorkedExample()).Sensitivities[0]
	u := model.Universe{Miners: make([]model.Miner, s.miners), Projects: make([]model.Project, s.projects),
		Instruments: make([]model.Instrument, s.instruments)}
	r := model.Result{Miners: make([]model.MinerResult, s.miners), Scenarios: make([]model.Scenario, s.scenarios),
		Sensitivities: make([]model.MinerSensitivity, s.miners)}
	for k := range r.Scenarios {
		r.Scenarios[k].Name = fmt.Sprintf("Case %d", k+1)
		if k < s.changing {
			r.Scenarios[k].CapexChange = decimal.New(1, -1)
		}
	}
	prs := make([]model.ProjectResult, (s.projects+s.miners-1)/max(1, s.miners))
	fins := make([]model.Financing, s.scenarios)
	for i := range s.miners {
		u.Miners[i].Ticker = fmt.Sprintf("M%d", i+1)
		n := s.projects / s.miners
		if i < s.projects%s.miners {
			n++
		}
		r.Miners[i] = model.MinerResult{Index: i, Projects: prs[:n], Financings: fins}
		r.Sensitivities[i] = sens
		r.Sensitivities[i].Index = i
	}
	o := Options{}
	if s.rowsOnly {
		o.minerCells = math.MaxInt
	}
	return newLayout(bookOf(u), r, o)
}

// limitShapes are the largest workbooks the reader accepts (SPEC §4: 100,000 rows per input
// sheet, a header and 99,999 records; 5,000 miners; 1,000 scenarios; miners × scenarios ≤
// 500,000), each limit reached, and the shapes of a miner sheet at the edge of Excel's rows.
var limitShapes = []limitShape{
	{name: "99,999 projects on 813 miners, 5 scenarios", miners: 813, projects: 99999, scenarios: 5, changing: 5, sheets: 813},
	{name: "99,999 projects and 99,999 instruments on 5,000 miners, 100 scenarios", miners: 5000, projects: 99999, instruments: 99999, scenarios: 100, changing: 100},
	// A miner sheet is some 55 lines × (4 + scenarios) columns + blocks × (projects + 2) × 30
	// cells (minerCells): here 55 × 1,004 + 1,001 × 202 × 30 = 6,121,280, and 20 million
	// (MaxMinerSheetCells) hold 3.
	{name: "99,999 projects on 500 miners, 1,000 scenarios", miners: 500, projects: 99999, scenarios: 1000, changing: 1000, sheets: 3},
	// 55 × 504 + 501 × 102 × 30 = 1,560,780 cells a sheet: 20 million hold 12.
	{name: "99,999 projects on 1,000 miners, 500 scenarios", miners: 1000, projects: 99999, scenarios: 500, changing: 500, sheets: 12},
	{name: "5,000 miners, 1 scenario", miners: 5000, projects: 99999, instruments: 99999, scenarios: 1, changing: 1},
	{name: "1,001 miners, 5 scenarios", miners: 1001, projects: 1001, scenarios: 5},
	// A miner sheet holds its projects in a block for the base case and one per scenario that
	// changes them: 1,001 blocks of 999 projects fit in Excel's rows, of 1,053 they do not.
	// These are held to Excel's rows alone (rowsOnly); MaxMinerSheetCells leaves them all out.
	{name: "999 projects on each of 100 miners, 1,000 scenarios", miners: 100, projects: 99900, scenarios: 1000, changing: 1000, sheets: 100, rowsOnly: true},
	{name: "999 projects on each of 100 miners, 1,000 scenarios, cells limited", miners: 100, projects: 99900, scenarios: 1000, changing: 1000},
	{name: "1,053 or 1,054 projects on each of 94 miners, 1,000 scenarios", miners: 94, projects: 99000, scenarios: 1000, changing: 1000, rowsOnly: true},
	{name: "99,999 projects on one miner, 10 scenarios", miners: 1, projects: 99999, scenarios: 10, changing: 10, rowsOnly: true},
	{name: "99,999 projects on one miner, 9 scenarios", miners: 1, projects: 99999, scenarios: 9, changing: 9, sheets: 1, rowsOnly: true},
}

// TestExtentsWithinLimits holds every sheet's extent, as the writer declares it before writing a
// cell, to Excel's 16,384 columns and 1,048,576 rows for each shape at the reader's limits
// (SPEC §4), and counts the miner sheets: none above MaxMinerSheets miners, none for a miner
// whose projects would not fit.
func TestExtentsWithinLimits(t *testing.T) {
	for _, s := range limitShapes {
		t.Run(s.name, func(t *testing.T) {
			ow := limitsLayout(t, s)
			sheets := 0
			var widest, longest sheetExtent
			for _, e := range ow.extents() {
				if e.last[0] > maxCol || e.last[1] > maxRow {
					t.Errorf("sheet %s reaches column %d and row %d, past Excel's %d and %d", e.name, e.last[0], e.last[1], maxCol, maxRow)
				}
				if e.last[0] > widest.last[0] {
					widest = e
				}
				if e.last[1] > longest.last[1] {
					longest = e
				}
				if strings.HasPrefix(e.name, "M") {
					sheets++
				}
			}
			if sheets != s.sheets {
				t.Errorf("%d miner sheets, want %d", sheets, s.sheets)
			}
			t.Logf("widest %s: %d columns; longest %s: %d rows", widest.name, widest.last[0], longest.name, longest.last[1])
		})
	}
}

// tinyMiners is a universe of n miners of one project each and one scenario, as small as a
// computed workbook gets.
func tinyMiners(n int) model.Universe {
	u := model.WorkedExample()
	u.Miners, u.Projects, u.Instruments = nil, nil, nil
	for i := range n {
		ticker := fmt.Sprintf("T%d", i+1)
		u.Miners = append(u.Miners, model.Miner{Ticker: ticker, Company: "Tiny " + ticker, SharePrice: testkit.Dec("10"),
			SharesOutstanding: testkit.Dec("100"), Cash: testkit.Dec("50"), MinimumCash: testkit.Dec("5")})
		u.Projects = append(u.Projects, model.Project{Ticker: ticker, Name: "Site", Status: model.Contracted,
			MW: testkit.Dec("10"), ContractValue: testkit.Dec("200"), ContractYears: testkit.Dec("10"),
			CommittedProjectDebt: testkit.Dec("20")})
	}
	u.Scenarios = []model.Scenario{{Name: "Half project debt", Scope: model.NearTerm, Equity: testkit.Dec("0.5"), ProjectDebt: testkit.Dec("0.5")}}
	return u
}

// sheetsIn are the sheets text names as a formula names them, 'Name'! (names are always quoted),
// with the XML's escapes undone.
func sheetsIn(text string) []string {
	text = html.UnescapeString(text)
	var names []string
	for {
		i := strings.IndexByte(text, '\'')
		if i < 0 {
			return names
		}
		j := i + 1 // the closing quote: a doubled one is an apostrophe of the name
		for ; j < len(text); j++ {
			if text[j] == '\'' {
				if j+1 < len(text) && text[j+1] == '\'' {
					j++
					continue
				}
				break
			}
		}
		if j+1 < len(text) && text[j+1] == '!' {
			names = append(names, strings.ReplaceAll(text[i+1:j], "''", "'"))
		}
		if j >= len(text) {
			return names
		}
		text = text[j+1:]
	}
}

// elements are the texts of every element tag in b: <f>, a cell's formula.
func elements(b []byte, tag string) []string {
	open, end := []byte("<"+tag+">"), []byte("</"+tag+">")
	var out []string
	for {
		i := bytes.Index(b, open)
		if i < 0 {
			return out
		}
		b = b[i+len(open):]
		j := bytes.Index(b, end)
		if j < 0 {
			return out
		}
		out = append(out, string(b[:j]))
		b = b[j+len(end):]
	}
}

// TestWriteMinerSheetsLeftOut writes 1,001 miners: no miner sheet, the Cover says so, and no
// formula, link or defined name points at a sheet the workbook does not have; the Summary's
// ticker leads to the miner's rows on Scenarios. With 1,000 miners each has its sheet.
func TestWriteMinerSheetsLeftOut(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 1,001 miners: skipped in -short mode")
	}
	u := tinyMiners(MaxMinerSheets)
	if ow := newLayout(bookOf(u), model.Compute(u), Options{}); slices.Contains(ow.minerSheet, "") || len(ow.extents()) != 8+MaxMinerSheets {
		t.Errorf("1,000 miners: %d sheets, want a sheet for each miner and 8 more", len(ow.extents()))
	}

	u = tinyMiners(MaxMinerSheets + 1)
	data := writeUniverse(t, u)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := xlsx.Parts(zr)
	have := map[string]bool{}
	for name := range parts {
		have[name] = true
	}
	want := []string{SheetCover, SheetSummary, SheetScenarios, SheetSensitivity, SheetTimeline, SheetInputs, SheetChecks, SheetLog}
	if len(have) != len(want) {
		t.Errorf("sheets %v, want %v: no miner sheet", slices.Sorted(maps.Keys(have)), want)
	}
	// Every formula, link and defined name, as the workbook's XML holds them.
	link := regexp.MustCompile(`<hyperlink [^>]*location="([^"]*)"`)
	formulas, links := 0, 0
	check := func(where, text string) {
		for _, name := range sheetsIn(text) {
			if !have[name] {
				t.Errorf("%s points at sheet %q, which the workbook does not have: %s", where, name, text)
			}
		}
	}
	for _, zf := range zr.File {
		b := testkit.ReadEntry(t, zf)
		switch {
		case strings.HasPrefix(zf.Name, "xl/worksheets/"):
			for _, f := range elements(b, "f") {
				formulas++
				check(zf.Name+": formula "+f, f)
			}
			for _, m := range link.FindAllSubmatch(b, -1) {
				links++
				if to := string(m[1]); len(sheetsIn(to)) != 1 {
					t.Errorf("%s: a link to %q, not to a sheet", zf.Name, to)
				}
				check(zf.Name+": a link", string(m[1]))
			}
		case strings.HasPrefix(zf.Name, "xl/charts/"):
			for _, f := range elements(b, "c:f") {
				check(zf.Name+": a chart's series", f)
			}
		case zf.Name == workbookPart:
			check("a defined name", string(b))
		}
	}
	if formulas == 0 || links < MaxMinerSheets+1 {
		t.Errorf("%d formulas and %d links found: the scan missed them", formulas, links)
	}
	if names := sheetsIn("IF('O''B X'!C3>0,&apos;Inputs&apos;!$D$5,0)"); !slices.Equal(names, []string{"O'B X", "Inputs"}) {
		t.Errorf("sheetsIn finds %q, want O'B X and Inputs", names)
	}

	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sentence := "This workbook has 1,001 miners; above 1,000 the per-miner sheets are left out: every miner is on Summary, Scenarios, Timeline and Sensitivity."
	if !strings.HasPrefix(coverSays(t, f, "Miner sheets"), sentence) {
		t.Errorf("the Cover does not say %q", sentence)
	}
	// The Summary's ticker leads to the miner's first row on Scenarios.
	ticker, err := f.GetCellValue(SheetSummary, cellRef(suTicker, suFirstRow))
	if err != nil {
		t.Fatal(err)
	}
	ok, to, err := f.GetCellHyperLink(SheetSummary, cellRef(suTicker, suFirstRow))
	if err != nil || !ok {
		t.Fatalf("Summary's first ticker %s has no link (%v)", ticker, err)
	}
	cell, found := strings.CutPrefix(to, xlsx.Quote(SheetScenarios)+"!")
	if got, _ := f.GetCellValue(SheetScenarios, cell); !found || got != ticker {
		t.Errorf("Summary's ticker %s links to %s, which holds %q", ticker, to, got)
	}
}

// TestMinerSheetPrintTitles holds the miner sheets' print titles to titledMinerSheets: up to it
// each repeats its title and header rows and its label column, above it its label column alone,
// which LibreOffice opens in time that grows with the number of sheets, not its square.
func TestMinerSheetPrintTitles(t *testing.T) {
	for _, n := range []int{titledMinerSheets, titledMinerSheets + 1} {
		f, err := excelize.OpenReader(bytes.NewReader(writeUniverse(t, tinyMiners(n))))
		if err != nil {
			t.Fatal(err)
		}
		want := "'T1'!$A:$A,'T1'!$1:$4"
		if n > titledMinerSheets {
			want = "'T1'!$A:$A"
		}
		found := false
		for _, dn := range f.GetDefinedName() {
			if dn.Name == printTitlesName && dn.Scope == "T1" {
				found = true
				if dn.RefersTo != want {
					t.Errorf("%d miners: T1 prints titles %s, want %s", n, dn.RefersTo, want)
				}
			}
		}
		if !found {
			t.Errorf("%d miners: T1 has no print titles", n)
		}
		f.Close()
	}
}

// TestWriteFinancedFlowsAgain: model.Run lets each scenario's timeline lines go but its cash
// line and capex total, from which the writer makes its Timeline rows and checks; the output is
// the one a result that holds every line (model.Timeline) gives.
func TestWriteFinancedFlowsAgain(t *testing.T) {
	b := edgesBook()
	r := model.Run(b.Universe)
	for _, tl := range r.Timelines {
		for _, c := range tl.Financed {
			if c.Flows != nil {
				t.Fatal("model.Run keeps a financed case's lines")
			}
		}
	}
	full := r
	full.Timelines = model.Timeline(b.Universe, r, b.Universe.Assumptions.TimelineParams())
	var got, want bytes.Buffer
	if err := Write(&got, b, r, testOptions); err != nil {
		t.Fatal(err)
	}
	if err := Write(&want, b, full, testOptions); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		g, _ := xlsx.Dump(bytes.NewReader(got.Bytes()))
		w, _ := xlsx.Dump(bytes.NewReader(want.Bytes()))
		t.Errorf("the output differs when the result holds every line:\n%s", testkit.Diff(w, g))
	}
}

// writeWith writes b as Write does, with the options changed by opts.
func writeWith(t *testing.T, b *input.Book, opts func(*Options)) *excelize.File {
	t.Helper()
	o := testOptions
	opts(&o)
	var buf bytes.Buffer
	if err := Write(&buf, b, model.Run(b.Universe), o); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// coverSays is the Cover's text for a fact, "" when it has none.
func coverSays(t *testing.T, f *excelize.File, fact string) string {
	t.Helper()
	rows, err := f.GetRows(SheetCover)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if len(row) > 1 && row[0] == fact {
			return row[1]
		}
	}
	return ""
}

// TestWriteStoredValues writes the edge universe as a workbook above MaxLiveCells: every cell
// stores the value the workbook of live formulas stores, and only the Checks sheet and the
// Cover's master check keep formulas; the Cover says so.
func TestWriteStoredValues(t *testing.T) {
	b := edgesBook()
	live := writeWith(t, b, func(*Options) {})
	stored := writeWith(t, b, func(o *Options) { o.liveCells = 1 })
	if coverSays(t, live, "Formulas") != "" {
		t.Errorf("the Cover of a workbook of live formulas says it stores values")
	}
	if got, want := coverSays(t, stored, "Formulas"), "every figure is the model's value, stored without its formula"; !strings.Contains(got, want) {
		t.Errorf("the Cover says %q, want it to say %q", got, want)
	}
	liveFormulas := 0
	for _, sheet := range live.GetSheetList() {
		want, err := live.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := stored.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r := range max(len(got), len(want)) {
			for c := range max(len(at(got, r)), len(at(want, r))) {
				ref := cellRef(c+1, r+1)
				g, w := at(at(got, r), c), at(at(want, r), c)
				// The Cover's facts are the same, one row down from the note that it stores values;
				// the Timeline's intro says it stores values.
				if sheet != SheetCover && ref != "A2" && g != w {
					t.Errorf("%s!%s stores %q, the live workbook %q", sheet, ref, g, w)
				}
				f, err := stored.GetCellFormula(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				lf, _ := live.GetCellFormula(sheet, ref)
				if lf != "" {
					liveFormulas++
				}
				switch {
				case sheet == SheetChecks && f != lf:
					t.Errorf("Checks!%s = %q, the live workbook's %q", ref, f, lf)
				case sheet == SheetCover && lf != "" && strings.Contains(lf, SheetChecks) && f != lf:
					t.Errorf("the master check Cover!%s = %q, want %q", ref, f, lf)
				case sheet != SheetChecks && f != "" && !strings.Contains(f, SheetChecks):
					t.Errorf("%s!%s keeps its formula %s", sheet, ref, f)
				}
			}
		}
	}
	if liveFormulas < 1000 {
		t.Fatalf("the live workbook has %d formulas: the comparison saw too few", liveFormulas)
	}
}

// at is element i of s, the zero value past its end.
func at[T any](s []T, i int) T {
	var zero T
	if i < len(s) {
		return s[i]
	}
	return zero
}

// TestWriteMinerSheetCells writes the edge universe with room for twice EX's sheet's cells
// (MaxMinerSheetCells lowered): EX's sheet fits, then AB12's (one project, smaller), and O'B X's
// (two projects, as EX's) is left out; the Cover names it and says why.
func TestWriteMinerSheetCells(t *testing.T) {
	b := edgesBook()
	ex := newLayout(b, model.Run(b.Universe), Options{}).minerCells(0)
	f := writeWith(t, b, func(o *Options) { o.minerCells = 2 * ex })
	var miners []string
	for _, s := range f.GetSheetList() {
		if !slices.Contains([]string{SheetCover, SheetSummary, SheetScenarios, SheetSensitivity, SheetTimeline, SheetInputs, SheetChecks, SheetLog}, s) {
			miners = append(miners, s)
		}
	}
	if !slices.Equal(miners, []string{"EX", "AB12"}) {
		t.Errorf("miner sheets %v, want EX and AB12", miners)
	}
	want := "No sheet for O'B X: its projects, in a block for the base case and for each scenario that changes them, would take the miner sheets past " + xlsx.Count(2*ex) + " cells"
	if got := coverSays(t, f, "Miner sheets"); !strings.HasPrefix(got, want) {
		t.Errorf("the Cover says %q, want %q", got, want)
	}
}

// TestWriteLongFormulas gives the worked example's miner 300 convertibles: the sums over them,
// term by term, would run past the 8,192 characters Excel takes in a formula, so those cells
// store their values alone; shorter sums keep theirs. Existing principal: 300 × 200 = 60,000.
func TestWriteLongFormulas(t *testing.T) {
	u := model.WorkedExample()
	notes := u.Instruments[0]
	u.Instruments = nil
	for k := range 300 {
		notes.Name = fmt.Sprintf("Notes %d", k+1)
		u.Instruments = append(u.Instruments, notes)
	}
	data := writeUniverse(t, u)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	formulas := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		for _, f := range elements(testkit.ReadEntry(t, zf), "f") {
			formulas++
			if f = html.UnescapeString(f); len(f)+1 > 8192 {
				t.Errorf("%s: a formula of %d characters, more than Excel's 8,192: %.80s…", zf.Name, len(f)+1, f)
			}
		}
	}
	if formulas == 0 {
		t.Fatal("no formulas found")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The principal's sum, some 14 characters a term, keeps its formula; the economic shares',
	// some 55 a term, store their value: 0, as the shares at 20 are below the conversion price 25.
	for _, c := range []struct {
		col     scenarioCol
		want    string
		formula bool
	}{{scExistingPrincipal, "60000", true}, {scEconomicConvert, "0", false}} {
		cell := cellRef(c.col.col(), scFirstRow)
		if got, _ := f.GetCellValue(model.TableScenarios, cell, excelize.Options{RawCellValue: true}); got != c.want {
			t.Errorf("Scenarios!%s stores %q, want %s", cell, got, c.want)
		}
		if formula, _ := f.GetCellFormula(model.TableScenarios, cell); (formula != "") != c.formula {
			t.Errorf("Scenarios!%s has the formula %.60q…; want one: %t", cell, formula, c.formula)
		}
	}
}
