package report

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
)

// The Cover sheet: what the workbook is, where it came from, and its contents.
func (ow *writer) writeCover() error {
	s, err := ow.stream(SheetCover, []float64{34, 60, 40}, nil)
	if err != nil {
		return err
	}
	r := 1
	line := func(cells ...any) error {
		err := s.row(r, cells...)
		r++
		return err
	}
	label := func(t string) excelize.Cell { return ow.val(xlsx.StyleHeader, t) }
	if err := s.intro("Funding gaps of Bitcoin miners building AI data centers", "How much capital each miner still needs to raise to build what it has announced, and what raising it by equity, convertibles, corporate or project debt does to shareholders and credit metrics."); err != nil {
		return err
	}
	r = 4
	var asOf any
	if !ow.u.Assumptions.AsOf.IsZero() {
		asOf = ow.cell(xlsx.StyleLinkDate, ow.in(ow.lay.assumption(model.AsOfDate)), ow.u.Assumptions.AsOf)
	}
	facts := [][]any{
		{label("Input file"), ow.b.File},
		{label("Input SHA-256"), ow.b.SHA256},
		{label("Tool version"), ow.o.Version},
		{label("Run time"), ow.o.RunTime.UTC().Format("2006-01-02 15:04:05 UTC")},
		{label("As of date"), asOf},
		{label("Master check"), ow.live(xlsx.StyleLink, "'Checks'!F"+strconv.Itoa(ckMasterRow), ow.masterPass())},
	}
	masterRow := r + len(facts) - 1
	if note := ow.minerSheetsNote(); note != "" {
		facts = append(facts, []any{label("Miner sheets"), ow.val(xlsx.StyleWrap, note)})
	}
	if note := ow.storedNote(); note != "" {
		facts = append(facts, []any{label("Formulas"), ow.val(xlsx.StyleWrap, note)})
	}
	if len(ow.r.Miners) > 0 {
		var nt, fp decimal.Decimal
		for _, mr := range ow.r.Miners {
			nt = nt.Add(mr.Positions[model.NearTerm].Gap)
			fp = fp.Add(mr.Positions[model.FullPipeline].Gap)
		}
		facts = append(facts,
			[]any{label("Universe near-term gap (USD m)"), ow.cell(xlsx.StyleLinkMoney, "'Summary'!"+cellRef(suNTGap, suTotalRow), num(nt))},
			[]any{label("Universe full-pipeline gap (USD m)"), ow.cell(xlsx.StyleLinkMoney, "'Summary'!"+cellRef(suFPGap, suTotalRow), num(fp))})
	}
	for _, f := range facts {
		if err := line(f...); err != nil {
			return err
		}
	}
	if err := s.passFail("B"+strconv.Itoa(masterRow), "B"+strconv.Itoa(masterRow)); err != nil {
		return err
	}
	r++
	if err := line(label("Scenarios run"), label("Mix (equity, convertible, corporate debt, project debt)"), label("Scope and changes")); err != nil {
		return err
	}
	for _, sc := range ow.r.Scenarios {
		mix := fmt.Sprintf("%s, %s, %s, %s", percentText(sc.Equity), percentText(sc.Convertible), percentText(sc.CorporateDebt), percentText(sc.ProjectDebt))
		changes := scenarioChanges(sc)
		if err := line(ow.val(xlsx.StyleWrap, sc.Name), mix, ow.val(xlsx.StyleWrap, changes)); err != nil {
			return err
		}
	}
	r++
	if err := line(label("Contents"), label("What it holds")); err != nil {
		return err
	}
	contents := ow.coverContents()
	for _, c := range contents {
		if err := ow.hyperlink(SheetCover, "A"+strconv.Itoa(r), xlsx.Quote(c[0])+"!A1"); err != nil {
			return err
		}
		if err := line(ow.val(xlsx.StyleHyperlink, c[0]), ow.val(xlsx.StyleWrap, c[1])); err != nil {
			return err
		}
	}
	r++
	if err := line(label("Legend"), label("Meaning")); err != nil {
		return err
	}
	for _, l := range xlsx.Legend {
		if err := line(ow.val(l.Style, l.Sample), l.Text); err != nil {
			return err
		}
	}
	return s.flush()
}

// coverExtent is the Cover's extent: three columns; the title, its note and a blank row, the
// facts, then three blocks of a blank row, a header and their lines: scenarios, contents, legend.
func (ow *writer) coverExtent() [2]int {
	facts := 6 // input file, SHA-256, version, run time, as-of date, master check
	if ow.minerSheetsNote() != "" {
		facts++
	}
	if ow.storedNote() != "" {
		facts++
	}
	if len(ow.r.Miners) > 0 {
		facts += 2 // the universe's gaps
	}
	return [2]int{3, 3 + facts + 2 + len(ow.r.Scenarios) + 2 + len(ow.coverContents()) + 2 + len(xlsx.Legend)}
}

// minerSheetsNote is what the Cover says of the miner sheets left out (MaxMinerSheets,
// MaxMinerSheetCells, Excel's rows): "" when every miner has its sheet.
func (ow *writer) minerSheetsNote() string {
	const rest = " What a miner's sheet computes line by line (sources and uses, project sums) is stored there as the model's value, or computed from Inputs."
	if n := len(ow.r.Miners); n > ow.sheetsUpTo {
		return "This workbook has " + xlsx.Count(n) + " miners; above " + xlsx.Count(ow.sheetsUpTo) +
			" the per-miner sheets are left out: every miner is on Summary, Scenarios, Timeline and Sensitivity." + rest
	}
	var notes []string
	for _, left := range []struct {
		miners []int
		why    string
	}{
		{ow.tooLong, "would take more rows than a sheet holds (" + xlsx.Count(maxRow) + ")"},
		{ow.overBudget, "would take the miner sheets past " + xlsx.Count(cmp.Or(ow.o.minerCells, MaxMinerSheetCells)) +
			" cells, the most a workbook gives them (the sheets before them in the input took the rest)"},
	} {
		var tickers []string
		for _, i := range left.miners {
			tickers = append(tickers, ow.u.Miners[ow.r.Miners[i].Index].Ticker)
		}
		switch len(tickers) {
		case 0:
		case 1:
			notes = append(notes, "No sheet for "+tickers[0]+": its projects, in a block for the base case and for each scenario that changes them, "+left.why+".")
		default:
			notes = append(notes, "No sheets for "+strings.Join(tickers, ", ")+": the projects of each, in a block for the base case and for each scenario that changes them, "+left.why+".")
		}
	}
	if len(notes) == 0 {
		return ""
	}
	on := " It is on Summary, Scenarios, Timeline and Sensitivity."
	if len(ow.tooLong)+len(ow.overBudget) > 1 {
		on = " They are on Summary, Scenarios, Timeline and Sensitivity."
	}
	return strings.Join(notes, " ") + on + rest
}

// storedNote is what the Cover says of a workbook that stores the model's values without their
// formulas (MaxLiveCells): "" for one of live formulas.
func (ow *writer) storedNote() string {
	if !ow.stored {
		return ""
	}
	return "This workbook has about " + xlsx.Count(ow.cellCount/1_000_000) + " million cells, above the " + xlsx.Count(cmp.Or(ow.o.liveCells, MaxLiveCells)) +
		" it holds as live formulas: every figure is the model's value, stored without its formula, so that a spreadsheet can open it (LibreOffice takes about half a kilobyte a formula cell). " +
		"The Checks sheet keeps its formulas and holds the stored figures to the model's identities. Split the workbook into smaller ones for live formulas."
}

// scenarioChanges is how a scenario departs from the base case, in words: its scope, its share
// price and capex changes with their signs, and each override with its value, in the order of
// the Assumptions sheet (rates as percentages), e.g. "Near-term; capex +15%; overrides Project
// debt rate 9%".
func scenarioChanges(sc model.Scenario) string {
	changes := sc.Scope.String()
	if !sc.SharePriceChange.IsZero() {
		changes += "; share price " + signedPercentText(sc.SharePriceChange)
	}
	if !sc.CapexChange.IsZero() {
		changes += "; capex " + signedPercentText(sc.CapexChange)
	}
	var overrides []string
	for _, d := range model.AssumptionDefs {
		v, ok := sc.Overrides[d.Key]
		if !ok {
			continue
		}
		text := v.String()
		if d.Kind == model.KindRate || d.Kind == model.KindChange {
			text = percentText(v)
		}
		overrides = append(overrides, d.Name+" "+text)
	}
	if len(overrides) > 0 {
		changes += "; overrides " + strings.Join(overrides, ", ")
	}
	return changes
}

// signedPercentText is percentText with the sign of a rise written: +15%, -30%.
func signedPercentText(d decimal.Decimal) string {
	if d.Sign() > 0 {
		return "+" + percentText(d)
	}
	return percentText(d)
}

func percentText(d decimal.Decimal) string {
	return d.Mul(decimal.NewFromInt(100)).Round(2).String() + "%"
}

// coverContents are the Cover's contents: each sheet, in order, and what it holds.
func (ow *writer) coverContents() [][2]string {
	contents := [][2]string{
		{SheetSummary, "a row per miner: uses, sources and gap in both scopes, gap / market cap, dilution per scenario; universe totals; a chart"},
		{SheetScenarios, "a row per miner and scenario: every financing figure, flags in words"},
	}
	for i, name := range ow.minerSheet {
		if name == "" {
			continue // left out (MaxMinerSheets)
		}
		m := ow.u.Miners[ow.r.Miners[i].Index]
		contents = append(contents, [2]string{name, "sources and uses line by line, financing side by side, projects: " + m.Company})
	}
	contents = append(contents,
		[2]string{SheetTimeline, "cash by quarter: each miner's secured case in both scopes with its peak funding need and runway, each scenario's cash; the universe's funding need and its chart"},
		[2]string{SheetSensitivity, "per miner: dilution and gap grids as heat maps, the tornado table and chart, stored values checked against Scenarios"},
		[2]string{SheetInputs, "every value used, defaults included, each with its source"},
		[2]string{SheetChecks, "identities every result must satisfy, and the master check"},
		[2]string{SheetLog, "notes and warnings from reading and computing"})
	return contents
}
