package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/internal/testkit"
	"minergap/internal/workers"
	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// edges adds to the example the cases a formula can trip on: a ticker that reads as a cell
// address (AB12) whose miner has no EBITDA (ratios n/a), a ticker with a space and an apostrophe
// whose project debt spills, a GPU-cloud project, an Energized project with no capex spent, and
// a second scenario with a capex change, a price change and overrides on the full pipeline.
func edges() model.Universe {
	u := model.WorkedExample()
	u.Miners = append(u.Miners,
		model.Miner{Ticker: "AB12", Company: "Cell Address Corp", SharePrice: testkit.Dec("5"),
			SharesOutstanding: testkit.Dec("40"), Cash: testkit.Dec("10"), Debt: testkit.Dec("0")},
		model.Miner{Ticker: "O'B X", Company: "O'Brien Power", SharePrice: testkit.Dec("8"),
			SharesOutstanding: testkit.Dec("250"), Cash: testkit.Dec("120"), Debt: testkit.Dec("300"), Interest: testkit.Null("21"),
			UndrawnDebt: testkit.Dec("50"), UndrawnDebtRate: testkit.Null("0.08"), OtherUses: testkit.Dec("30"),
			MinimumCash: testkit.Dec("20"), MiningEBITDA: testkit.Dec("60")},
	)
	u.Projects = append(u.Projects,
		model.Project{Ticker: "AB12", Name: "Shell", Status: model.UnderConstruction, MW: testkit.Dec("20")},
		model.Project{Ticker: "O'B X", Name: "Hall A", Status: model.Energized, Business: model.GPUCloud,
			MW: testkit.Dec("10")},
		model.Project{Ticker: "O'B X", Name: "Hall B", Status: model.UnderConstruction, Business: model.GPUCloud,
			MW: testkit.Dec("30"), CapexSpent: testkit.Null("100"), ContractValue: testkit.Dec("1500"), ContractYears: testkit.Dec("5.5"),
			NOIMargin: testkit.Null("0.7"), ProjectDebtRate: testkit.Null("0.065")},
	)
	u.Scenarios = append(u.Scenarios, model.Scenario{Name: "Balanced, dearer", Scope: model.FullPipeline,
		Equity: testkit.Dec("0.4"), Convertible: testkit.Dec("0.2"), CorporateDebt: testkit.Dec("0.2"), ProjectDebt: testkit.Dec("0.2"),
		SharePriceChange: testkit.Dec("-0.25"), CapexChange: testkit.Dec("0.1"),
		Overrides: map[model.AssumptionKey]decimal.Decimal{model.ProjectDebtRate: testkit.Dec("0.08"),
			model.BTCHaircut: testkit.Dec("0.3"), model.MaxConvertible: testkit.Dec("0.1")}})
	return u
}

func bookOf(u model.Universe) *input.Book {
	return &input.Book{Path: "example.xlsx", File: "example.xlsx",
		SHA256:   "0000000000000000000000000000000000000000000000000000000000000000",
		Universe: u}
}

// testOptions write on a pool of four slots, so that every test writes its sheets at once, as the
// command does, and the goldens hold that to the same cells as one sheet after another.
var testOptions = Options{Version: "test", RunTime: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), Pool: workers.New(4)}

// edgesBook is the edge universe as the reader would give it: some values with their cells,
// a log entry.
func edgesBook() *input.Book {
	b := bookOf(edges())
	b.Sources.Set(model.Ref{Table: model.TableMiners, Row: 0, Field: "Cash"}, xlsx.Pos{File: b.File, Sheet: model.TableMiners, Row: 2, Col: 5})
	b.Sources.Set(model.Ref{Table: model.TableAssumptions, Row: int(model.BTCPrice), Field: "Value"}, xlsx.Pos{File: b.File, Sheet: model.TableAssumptions, Row: 3, Col: 2})
	b.Sources.Set(model.Ref{Table: model.TableScenarios, Row: 1, Field: "Project debt rate"}, xlsx.Pos{File: b.File, Sheet: model.TableScenarios, Row: 3, Col: 9})
	b.Log = append(b.Log, input.LogEntry{Pos: xlsx.Pos{File: b.File, Sheet: model.TableMiners, Row: 1, Col: 18}, Level: input.LevelNote,
		Text: "column Analyst is not an input column; ignored"})
	return b
}

func writeUniverse(t testing.TB, u model.Universe) []byte {
	t.Helper()
	return writeBook(t, bookOf(u))
}

func writeBook(t testing.TB, b *input.Book) []byte {
	t.Helper()
	return writeResult(t, b, model.Run(b.Universe))
}

// writeResult writes b with the result r, which a test may have changed.
func writeResult(t testing.TB, b *input.Book, r model.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, b, r, testOptions); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    *input.Book
	}{
		{"example", bookOf(model.WorkedExample())},
		{"edges", edgesBook()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := xlsx.Dump(bytes.NewReader(writeBook(t, tc.b)))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tc.name+".txt")
			if *testkit.Update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestWriteGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (go test -run TestWriteGolden -update rewrites it):\n%s", path, testkit.Diff(string(want), got))
			}
		})
	}
}

// TestWriteExampleFigures reads back the stored values of the §3a example and holds them to the
// figures worked by hand in SPEC §3a.
func TestWriteExampleFigures(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeUniverse(t, model.WorkedExample())))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := scFirstRow
	for _, tc := range []struct {
		name, sheet, cell, want string // want as SPEC §3a rounds it
	}{
		{"near-term uses 900 + 0 + 50", "EX", cellRef(2, msFirstRow+msUses), "950"},
		{"near-term sources 300 + 1000 × 60000 / 1e6 × 0.8 + 100 + 200", "EX", cellRef(2, msFirstRow+msSources), "648"},
		{"near-term gap 950 − 648", "EX", cellRef(2, msFirstRow+msGap), "302"},
		{"full-pipeline uses 900 + 525 + 50", "EX", cellRef(3, msFirstRow+msUses), "1475"},
		{"full-pipeline gap 1475 − 648", "EX", cellRef(3, msFirstRow+msGap), "827"},
		{"P1 capacity min(800, 852.73) − 200", "EX", cellRef(pcCapacity.col(), minerLayout{n: 2, tornado: true}.block(0)), "600"},
		{"P1 by coverage 161.5 / 1.3 × (1 − 1.075^−10) / 0.075", "EX", cellRef(pcByCoverage.col(), minerLayout{n: 2, tornado: true}.block(0)), "852.73"},
		{"P2 build cost 50 × 10.5", "EX", cellRef(pcBuildCost.col(), minerLayout{n: 2, tornado: true}.block(0)+1), "525"},
		{"project debt min(151, 600 × 0.98)", model.TableScenarios, cellRef(scPD.col(), r), "151"},
		{"equity 302 − 151", model.TableScenarios, cellRef(scEQ.col(), r), "151"},
		{"equity gross 151 / 0.98", model.TableScenarios, cellRef(scEQGross.col(), r), "154.0816"},
		{"new shares 154.0816 / (20 × 0.97)", model.TableScenarios, cellRef(scNewShares.col(), r), "7.942352"},
		{"existing dilutive 200 / 25 + 10 × 5 / 20", model.TableScenarios, cellRef(scExistingDilutive.col(), r), "10.5"},
		{"PF basic 100 + 7.942352", model.TableScenarios, cellRef(scPFBasic.col(), r), "107.942352"},
		{"PF diluted 107.942352 + 10.5", model.TableScenarios, cellRef(scPFDiluted.col(), r), "118.442352"},
		{"dilution basic 7.942352 / 107.942352", model.TableScenarios, cellRef(scDilutionBasic.col(), r), "0.073580"},
		{"dilution diluted 7.942352 / 118.442352", model.TableScenarios, cellRef(scDilutionDiluted.col(), r), "0.067057"},
		{"PF EBITDA 40 + 161.5", model.TableScenarios, cellRef(scPFEBITDA.col(), r), "201.5"},
		{"PF debt 400 + 200 + 151 / 0.98", model.TableScenarios, cellRef(scPFDebt.col(), r), "754.0816"},
		{"PF net debt 754.0816 − 50", model.TableScenarios, cellRef(scPFNetDebt.col(), r), "704.0816"},
		{"net leverage 704.0816 / 201.5", model.TableScenarios, cellRef(scNetLeverage.col(), r), "3.494202"},
		{"existing interest 200 × 0.09 + 200 × 0.02", model.TableScenarios, cellRef(scExistingInterest.col(), r), "22"},
		{"PF interest 22 + 200 × 0.075 + 154.0816 × 0.075", model.TableScenarios, cellRef(scPFInterest.col(), r), "48.556122"},
		{"coverage 201.5 / 48.556122", model.TableScenarios, cellRef(scCoverage.col(), r), "4.149837"},
		{"cash flow per diluted share (201.5 − 48.556122 + 4) / 118.442352", model.TableScenarios, cellRef(scCashFlowPerShare.col(), r), "1.325066"},
		{"universe near-term gap", SheetSummary, cellRef(suNTGap, suTotalRow), "302"},
		{"universe full-pipeline gap", SheetSummary, cellRef(suFPGap, suTotalRow), "827"},
	} {
		storedNear(t, f, tc.name, tc.sheet, tc.cell, tc.want)
	}
	for _, cell := range []string{cellRef(scFlagFirst.col(), r), cellRef((scFlagFirst + 5).col(), r)} {
		if v, _ := f.GetCellValue(model.TableScenarios, cell); v != "" {
			t.Errorf("Scenarios!%s = %q, want no flag", cell, v)
		}
	}
	if v, _ := f.GetCellValue(SheetChecks, "F"+itoa(ckMasterRow)); v != "pass" {
		t.Errorf("master check = %q, want pass", v)
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

// TestOutNum holds num to a decimal rounded half away from zero to 15 significant digits.
func TestOutNum(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0", "0"},
		{"-1", "-1"},
		{"0.07", "0.07"},
		{"60000", "60000"},
		{"1e22", "1e22"},
		{"123456789012345", "123456789012345"},
		{"1234567890123456", "1234567890123460"}, // 16 digits: ...45|6 rounds up
		{"154.08163265306122448980", "154.081632653061"}, // 154.081632653061|2244898
		{"48.556122448979591836734", "48.5561224489796"}, // ...48979|59 rounds up; excelize alone would cut to ...8979
		{"0.33333333333333333333", "0.333333333333333"},  // leading zeros are not significant
		{"-0.0000000000000000000012345678901234567", "-1.23456789012346e-21"},
		{"99999999999999.99", "100000000000000"}, // rounding carries into a new digit
	} {
		want, _ := strconv.ParseFloat(tc.want, 64)
		if got := num(testkit.Dec(tc.in)); got != want {
			t.Errorf("outNum(%s) = %v, want %v", tc.in, got, want)
		}
	}
}

func TestOutSheetName(t *testing.T) {
	used := map[string]bool{"cover": true, "summary": true}
	for _, tc := range []struct{ ticker, want string }{
		{"AB12", "AB12"},
		{"O'B X", "O’B X"},         // Gnumeric cannot read a reference to a sheet named with an apostrophe
		{"'QUOTED'", "QUOTED"},     // a sheet name cannot start or end with an apostrophe
		{"A/B:C", "A_B_C"},         // nor hold / \ : * ? [ ]
		{"summary", "summary (2)"}, // nor repeat another sheet's name, whatever its case
		{"ab12", "ab12 (2)"},       // tickers differing only in case
		{"History", "History (2)"}, // reserved by Excel
		{strings.Repeat("X", 40), strings.Repeat("X", 31)},
	} {
		if got := sheetName(tc.ticker, used); got != tc.want {
			t.Errorf("outSheetName(%q) = %q, want %q", tc.ticker, got, tc.want)
		}
	}
}

// TestWriteChecksFail tampers with a result so that its tranches no longer sum to the gap: the
// check and the master check must say fail, in the stored values as in the formulas.
func TestWriteChecksFail(t *testing.T) {
	u := model.WorkedExample()
	r := model.Run(u)
	r.Miners[0].Financings[0].Equity = r.Miners[0].Financings[0].Equity.Add(testkit.Dec("1"))
	f, err := excelize.OpenReader(bytes.NewReader(writeResult(t, bookOf(u), r)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Checks of EX: near-term, full pipeline, then the scenario's sources and uses (pass) and
	// its tranches (fail: 151 + 0 + 0 + 152 − 302 = 1).
	for _, tc := range []struct{ cell, want string }{
		{"F" + itoa(ckFirstRow+2), "pass"},
		{"D" + itoa(ckFirstRow+3), "1"},
		{"F" + itoa(ckFirstRow+3), "fail"},
		{"G" + itoa(ckMasterRow), "1"},
		{"F" + itoa(ckMasterRow), "fail"},
	} {
		if got, _ := f.GetCellValue(SheetChecks, tc.cell, excelize.Options{RawCellValue: true}); got != tc.want {
			t.Errorf("Checks!%s = %q, want %q", tc.cell, got, tc.want)
		}
	}
	if got, _ := f.GetCellValue(SheetCover, "B9"); got != "fail" {
		t.Errorf("Cover master check = %q, want fail", got)
	}
}

// TestWriteFormulaConstants holds every formula of the edge-case output to SPEC §4: no numeric
// constant but 0, 1 and the unit factor 1000000 (cell references and sheet names aside), and
// every reference to another sheet quoted.
func TestWriteFormulaConstants(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeBook(t, edgesBook())))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	formulas := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				cell := cellRef(c+1, r+1)
				formula, err := f.GetCellFormula(sheet, cell)
				if err != nil || formula == "" {
					continue
				}
				formulas++
				for _, k := range formulaConstants(formula) {
					if k != "0" && k != "1" && k != "1000000" {
						t.Errorf("%s!%s: constant %s in formula %s", sheet, cell, k, formula)
					}
				}
				if strings.Contains(formula, "!") && !strings.Contains(formula, "'!") {
					t.Errorf("%s!%s: unquoted sheet reference in %s", sheet, cell, formula)
				}
			}
		}
	}
	if formulas < 500 {
		t.Fatalf("found %d formulas: the dump is not what it should be", formulas)
	}
}

// formulaConstants lists the numeric literals of a formula: digits not part of a cell reference, a
// quoted sheet name or a string.
func formulaConstants(f string) []string {
	var out []string
	inQuote, inString := false, false
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case inString:
			inString = c != '"'
		case inQuote:
			inQuote = c != '\''
		case c == '"':
			inString = true
		case c == '\'':
			inQuote = true
		case c >= '0' && c <= '9' || c == '.':
			j := i
			for j < len(f) && (f[j] >= '0' && f[j] <= '9' || f[j] == '.') {
				j++
			}
			prev := byte(' ')
			if i > 0 {
				prev = f[i-1]
			}
			if !(prev >= 'A' && prev <= 'Z' || prev == '$') { // not the row of a reference
				out = append(out, f[i:j])
			}
			i = j - 1
		}
	}
	return out
}

// TestWriteDocProps holds that the document's properties name the tool and the run time, not
// the library (SPEC §4).
func TestWriteDocProps(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeBook(t, bookOf(model.WorkedExample()))))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	when := testOptions.RunTime.UTC().Format(time.RFC3339)
	if doc.Creator != "minergap" || doc.LastModifiedBy != "minergap" || doc.Created != when || doc.Modified != when {
		t.Errorf("creator %q, last modified by %q, created %q, modified %q; want minergap, minergap, %s, %s",
			doc.Creator, doc.LastModifiedBy, doc.Created, doc.Modified, when, when)
	}
	app, err := f.GetAppProps()
	if err != nil {
		t.Fatal(err)
	}
	if app.Application != "minergap" {
		t.Errorf("application %q, want minergap", app.Application)
	}
}

// TestWriteExtents writes universes of several shapes (tables left empty, no miner at all): each
// sheet's declared extent must be the one its rows reach, or Write fails (sheetWriter.flush).
func TestWriteExtents(t *testing.T) {
	shapes := map[string]func(u *model.Universe){
		"no instruments": func(u *model.Universe) { u.Instruments = nil },
		"no projects":    func(u *model.Universe) { u.Projects = nil },
		"no scenarios":   func(u *model.Universe) { u.Scenarios = nil },
		"miners only":    func(u *model.Universe) { u.Projects, u.Instruments, u.Scenarios = nil, nil, nil },
		"no miners":      func(u *model.Universe) { u.Miners, u.Projects, u.Instruments = nil, nil, nil },
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			u := model.WorkedExample()
			shape(&u)
			var buf bytes.Buffer
			if err := Write(&buf, bookOf(u), model.Run(u), testOptions); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestWriteProjectBlocks: a miner sheet shows a scenario's projects only when the scenario
// computes them differently from the base case (a capex change, an override of a project
// value); any other scenario's sums read the base case's block.
func TestWriteProjectBlocks(t *testing.T) {
	u := model.WorkedExample()
	d := testkit.Dec
	base := u.Scenarios[0]
	with := func(name string, f func(*model.Scenario)) model.Scenario {
		s := base
		s.Name = name
		s.Overrides = nil
		f(&s)
		return s
	}
	u.Scenarios = []model.Scenario{
		with("plain", func(*model.Scenario) {}),
		with("dearer", func(s *model.Scenario) { s.CapexChange = d("0.15") }),
		with("cheaper shares", func(s *model.Scenario) { s.SharePriceChange = d("-0.3") }),
		with("dear debt", func(s *model.Scenario) {
			s.Overrides = map[model.AssumptionKey]decimal.Decimal{model.ProjectDebtRate: d("0.09")}
		}),
	}
	f, err := excelize.OpenReader(bytes.NewReader(writeUniverse(t, u)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("EX")
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "Projects: ") {
			titles = append(titles, r[0])
		}
	}
	want := []string{
		"Projects: base case, and each scenario without a block of its own (no capex change, no override of a project value)",
		"Projects: scenario dearer (Near-term)",
		"Projects: scenario dear debt (Near-term)",
	}
	if strings.Join(titles, "\n") != strings.Join(want, "\n") {
		t.Errorf("project blocks:\n%s\nwant:\n%s", strings.Join(titles, "\n"), strings.Join(want, "\n"))
	}
	// Remaining capex of each scenario column (D, E, F, G) sums its block's column M.
	lay := minerLayout{n: 2, tornado: true}
	baseRng := cellRef(pcRemaining.col(), lay.block(0)) + ":" + cellRef(pcRemaining.col(), lay.block(0)+1)
	for col, block := range map[string]int{"D": 0, "E": 1, "F": 0, "G": 2} {
		rng := cellRef(pcRemaining.col(), lay.block(block)) + ":" + cellRef(pcRemaining.col(), lay.block(block)+1)
		got, err := f.GetCellFormula("EX", col+itoa(msFirstRow+msRemainingCapex))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, rng) {
			t.Errorf("EX!%s remaining capex = %s, want a sum of %s (block %d; the base case's is %s)", col, got, rng, block, baseRng)
		}
	}
}

// storedNear holds the value stored in sheet!cell to want, a figure SPEC rounds: the stored value
// must round to it (half a unit of its last place, and a hair more for float storage).
func storedNear(t *testing.T, f *excelize.File, name, sheet, cell, want string) {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := decimal.NewFromString(v)
	if err != nil {
		t.Errorf("%s: %s!%s holds %q, not a number", name, sheet, cell, v)
		return
	}
	w := testkit.Dec(want)
	if got.Sub(w).Abs().GreaterThan(decimal.New(5, w.Exponent()-1).Add(decimal.New(1, -9))) {
		t.Errorf("%s: %s!%s = %s, want %s", name, sheet, cell, got, want)
	}
}

// TestBridgeLinesFollowTheModel: the Summary's bridge columns name miner-sheet lines in the order
// of the model's bridge, whose amounts give their values; a position whose every line differs
// shows that each column's lines are the model's, with the model's sign.
func TestBridgeLinesFollowTheModel(t *testing.T) {
	p := model.Position{RemainingCapex: testkit.Dec("1"), OtherUses: testkit.Dec("2"), MinimumCash: testkit.Dec("3"),
		Cash: testkit.Dec("4"), BTCValue: testkit.Dec("5"), UndrawnDebt: testkit.Dec("6"), OtherCommitted: testkit.Dec("7"),
		Prepayments: testkit.Dec("8"), CommittedProjectDebt: testkit.Dec("9")}
	line := map[int]string{msRemainingCapex: "1", msOtherUses: "2", msMinCash: "3", msCash: "4", msBTCValue: "5",
		msUndrawn: "6", msOtherCommitted: "7", msPrepayments: "8", msCommittedDebt: "9"}
	bridge := p.Bridge()
	for _, l := range bridgeLines {
		for _, ln := range l.lines {
			want := testkit.Dec(line[ln])
			if l.minus {
				want = want.Neg()
			}
			if len(bridge) == 0 || !bridge[0].Amount.Equal(want) {
				t.Fatalf("%s: line %d is not the model's next bridge line (%v)", l.label, ln, bridge)
			}
			bridge = bridge[1:]
		}
	}
	if len(bridge) != 0 {
		t.Errorf("the model's bridge has lines the Summary leaves out: %v", bridge)
	}
}
