package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// Cover, Summary, Checks and Log: the sheets a reader starts and ends with.

const (
	suHeaderRow = 3
	suTotalRow  = 4
	suFirstRow  = 5
)

// Summary columns, 1-based; one diluted-dilution column per scenario follows suDilution.
const (
	suTicker = iota + 1
	suCompany
	suNTUses
	suNTSources
	suNTGap
	suFPUses
	suFPSources
	suFPGap
	suMarketCap
	suGapToCap
	suDilution
)

// outChartMiners is how many miners, largest near-term gap first, the Summary chart shows.
const outChartMiners = 20

func (ow *outWriter) summaryHeaders() []outHeader {
	hs := []outHeader{
		{"Ticker", "the miner; its sheet has every line", 10},
		{"Company", "", 24},
		{"Near-term uses (USD m)", "Σ remaining capex of Energized, Under construction and Contracted projects + other uses + minimum cash", 12},
		{"Near-term sources (USD m)", "cash + BTC after haircut + undrawn committed debt + other committed funding + prepayments + committed project debt used", 12},
		{"Near-term gap (USD m)", "max(0, near-term uses − near-term sources)", 12},
		{"Full-pipeline uses (USD m)", "as near-term, over every project", 12},
		{"Full-pipeline sources (USD m)", "as near-term, over every project", 12},
		{"Full-pipeline gap (USD m)", "max(0, full-pipeline uses − full-pipeline sources)", 12},
		{"Market cap (USD m)", "share price × shares outstanding", 12},
		{"Near-term gap / market cap (%)", "near-term gap / market cap; n/a when the market cap is 0", 11},
	}
	for _, sc := range ow.r.Scenarios {
		hs = append(hs, outHeader{sc.Name + ": dilution, diluted (%)",
			"(new shares + new conversion shares) / PF diluted shares in scenario " + sc.Name + " (" + sc.Scope.String() + ")", 13})
	}
	return hs
}

func (ow *outWriter) writeSummary() error {
	hs := ow.summaryHeaders()
	s, err := ow.stream(SheetSummary, outWidths(hs), outFreeze(1, suTotalRow))
	if err != nil {
		return err
	}
	if err := s.intro("Summary: funding gap by miner, largest near-term gap first", "USD m. The total row is the whole universe, the figure to hold against headline sector gaps. Hover a header for its formula."); err != nil {
		return err
	}
	if err := s.headers(suHeaderRow, 1, hs); err != nil {
		return err
	}
	n := len(ow.r.Miners)
	last := suFirstRow + n - 1
	// Total row.
	total := []any{ow.val(xlsx.StyleHeader, "All miners"), ow.val(xlsx.StyleDefault, strconv.Itoa(n)+" miners")}
	var sums [suGapToCap]decimal.Decimal
	for _, mr := range ow.r.Miners {
		nt, fp := mr.Positions[model.NearTerm], mr.Positions[model.FullPipeline]
		for c, d := range map[int]decimal.Decimal{suNTUses: nt.Uses, suNTSources: nt.Sources, suNTGap: nt.Gap,
			suFPUses: fp.Uses, suFPSources: fp.Sources, suFPGap: fp.Gap, suMarketCap: mr.MarketCap} {
			sums[c] = sums[c].Add(d)
		}
	}
	for c := suNTUses; c <= suMarketCap; c++ {
		if n == 0 {
			total = append(total, ow.val(xlsx.StyleTotalMoney, 0.0))
			continue
		}
		total = append(total, ow.cell(xlsx.StyleTotalMoney, "SUM("+outRef(c, suFirstRow)+":"+outRef(c, last)+")", outNum(sums[c])))
	}
	var ratio any = outNA
	if sums[suMarketCap].IsPositive() {
		ratio = outNum(sums[suNTGap].DivRound(sums[suMarketCap], 16))
	}
	total = append(total, ow.cell(xlsx.StylePercent, "IF("+outRef(suMarketCap, suTotalRow)+`<=0,"n/a",`+
		outRef(suNTGap, suTotalRow)+"/"+outRef(suMarketCap, suTotalRow)+")", ratio))
	if err := s.row(suTotalRow, total...); err != nil {
		return err
	}
	for k, i := range ow.outRanked() {
		mr := ow.r.Miners[i]
		m := ow.u.Miners[mr.Index]
		r := suFirstRow + k
		sheet := ow.minerQ[i]
		pos := func(scope model.Scope, line int) string {
			return sheet + outRef(outPositionCol(scope, -1), msFirstRow+line)
		}
		nt, fp := mr.Positions[model.NearTerm], mr.Positions[model.FullPipeline]
		cells := []any{
			ow.val(xlsx.StyleHyperlink, m.Ticker), m.Company,
			ow.cell(xlsx.StyleLinkMoney, pos(model.NearTerm, msUses), outNum(nt.Uses)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.NearTerm, msSources), outNum(nt.Sources)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.NearTerm, msGap), outNum(nt.Gap)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.FullPipeline, msUses), outNum(fp.Uses)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.FullPipeline, msSources), outNum(fp.Sources)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.FullPipeline, msGap), outNum(fp.Gap)),
			ow.cell(xlsx.StyleMoney, ow.in(ow.lay.miner(mr.Index, imSharePrice))+"*"+ow.in(ow.lay.miner(mr.Index, imShares)), outNum(mr.MarketCap)),
			ow.cell(xlsx.StylePercent, "IF("+outRef(suMarketCap, r)+`<=0,"n/a",`+outRef(suNTGap, r)+"/"+outRef(suMarketCap, r)+")", outNull(mr.GapToMarketCap)),
		}
		for si := range ow.r.Scenarios {
			cells = append(cells, ow.cell(xlsx.StyleLinkPercent, "'Scenarios'!"+outRef(scDilutionDiluted, ow.scenarioRow(i, si)),
				outNum(mr.Financings[si].DilutionDiluted)))
		}
		if err := s.row(r, cells...); err != nil {
			return err
		}
		if err := ow.f.SetCellHyperLink(SheetSummary, outRef(suTicker, r), xlsx.Quote(ow.minerSheet[i])+"!A1", "Location"); err != nil {
			return err
		}
	}
	if n > 0 {
		shown := min(n, outChartMiners)
		cats := "'Summary'!$A$" + strconv.Itoa(suFirstRow) + ":$A$" + strconv.Itoa(suFirstRow+shown-1)
		vals := func(c int) string {
			return "'Summary'!$" + outCol[c] + "$" + strconv.Itoa(suFirstRow) + ":$" + outCol[c] + "$" + strconv.Itoa(suFirstRow+shown-1)
		}
		title := "Funding gap (USD m)"
		if n > shown {
			title = fmt.Sprintf("Funding gap, %d largest (USD m)", shown)
		}
		if err := ow.f.AddChart(SheetSummary, outRef(suTicker, last+3), &excelize.Chart{
			Type: excelize.Col,
			Series: []excelize.ChartSeries{
				{Name: "'Summary'!$" + outCol[suNTGap] + "$" + strconv.Itoa(suHeaderRow), Categories: cats, Values: vals(suNTGap)},
				{Name: "'Summary'!$" + outCol[suFPGap] + "$" + strconv.Itoa(suHeaderRow), Categories: cats, Values: vals(suFPGap)},
			},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 360},
		}); err != nil {
			return fmt.Errorf("add gap chart: %w", err)
		}
	}
	return s.flush()
}

// Checks.
const (
	ckHeaderRow = 3
	ckMasterRow = 4
	ckFirstRow  = 5
)

var outCheckHeaders = []outHeader{
	{"Check", "what must hold", 56},
	{"Ticker", "the miner", 10},
	{"Scope or scenario", "the scope (base case) or the scenario checked", 24},
	{"Difference (USD m)", "left side − right side of the identity; 0 when it holds", 14},
	{"Tolerance (USD m)", "the largest difference that passes (Inputs)", 13},
	{"Result", "pass when |difference| ≤ tolerance, else fail", 9},
	{"Failed (1 = yes)", "1 when the check fails; the master check counts them", 9},
}

// checkRow is the row of check k of miner i: its two scopes, then two per scenario (the
// scenario's sources and uses, and its tranches).
func (ow *outWriter) checkRow(i, k int) int { return ckFirstRow + i*(2+2*len(ow.r.Scenarios)) + k }

func (ow *outWriter) writeChecks() error {
	s, err := ow.stream(SheetChecks, outWidths(outCheckHeaders), outFreeze(0, ckHeaderRow))
	if err != nil {
		return err
	}
	if err := s.intro("Checks: identities every result must satisfy", "Per miner, for each scope and each scenario: uses = sources + gap − surplus. Per scenario: the four net tranches sum to the gap."); err != nil {
		return err
	}
	if err := s.headers(ckHeaderRow, 1, outCheckHeaders); err != nil {
		return err
	}
	tol := ow.in(ow.lay.tolerance)
	failed := 0
	var rows [][]any
	add := func(label, ticker, what, formula string, diff decimal.Decimal, r int) {
		fail := diff.Abs().Cmp(outCheckTolerance) > 0
		res, bad := "pass", 0
		if fail {
			res, bad = "fail", 1
			failed++
		}
		d := outRef(4, r)
		rows = append(rows, []any{label, ticker, what,
			ow.cell(xlsx.StyleMoney, formula, outNum(diff)),
			ow.cell(xlsx.StyleLinkTolerance, tol, outNum(outCheckTolerance)),
			ow.cell(xlsx.StyleFormulaText, "IF(ABS("+d+")<="+outRef(5, r)+`,"pass","fail")`, res),
			ow.cell(xlsx.StyleFormulaNumber, "IF("+outRef(6, r)+`="pass",0,1)`, bad),
		})
	}
	for i, mr := range ow.r.Miners {
		ticker := ow.u.Miners[mr.Index].Ticker
		sheet := ow.minerQ[i]
		for k, scope := range model.Scopes {
			p := mr.Positions[scope]
			c := outCol[outPositionCol(scope, -1)]
			ref := func(line int) string { return sheet + c + strconv.Itoa(msFirstRow+line) }
			diff := p.Uses.Sub(p.Sources.Add(p.Gap).Sub(p.Surplus))
			add("uses = sources + gap − surplus", ticker, scope.String(),
				ref(msUses)+"-("+ref(msSources)+"+"+ref(msGap)+"-"+ref(msSurplus)+")", diff, ow.checkRow(i, k))
		}
		for si, fin := range mr.Financings {
			p := fin.Position
			c := outCol[outPositionCol(fin.Scope, si)]
			ref := func(line int) string { return sheet + c + strconv.Itoa(msFirstRow+line) }
			diff := p.Uses.Sub(p.Sources.Add(p.Gap).Sub(p.Surplus))
			add("uses = sources + gap − surplus", ticker, ow.r.Scenarios[si].Name,
				ref(msUses)+"-("+ref(msSources)+"+"+ref(msGap)+"-"+ref(msSurplus)+")", diff, ow.checkRow(i, 2+2*si))
			r := ow.scenarioRow(i, si)
			x := func(col int) string { return "'Scenarios'!" + outRef(col, r) }
			diff = fin.ProjectDebt.Add(fin.Convertible).Add(fin.CorporateDebt).Add(fin.Equity).Sub(fin.Gap)
			add("project debt + convertible + corporate debt + equity = gap", ticker, ow.r.Scenarios[si].Name,
				x(scPD)+"+"+x(scCV)+"+"+x(scCD)+"+"+x(scEQ)+"-"+x(scGap), diff, ow.checkRow(i, 3+2*si))
		}
	}
	last := ckFirstRow + len(rows) - 1
	master := "pass"
	if failed > 0 {
		master = "fail"
	}
	count := ow.val(xlsx.StyleFormulaNumber, 0)
	if len(rows) > 0 {
		count = ow.cell(xlsx.StyleFormulaNumber, "SUM(G"+strconv.Itoa(ckFirstRow)+":G"+strconv.Itoa(last)+")", failed)
	}
	if err := s.row(ckMasterRow, ow.val(xlsx.StyleTitle, "Master check: every check below passes"), nil, nil,
		nil, nil, ow.cell(xlsx.StyleFormulaText, "IF(G"+strconv.Itoa(ckMasterRow)+`=0,"pass","fail")`, master), count); err != nil {
		return err
	}
	for k, cells := range rows {
		if err := s.row(ckFirstRow+k, cells...); err != nil {
			return err
		}
	}
	if err := s.passFail("F"+strconv.Itoa(ckMasterRow)+":F"+strconv.Itoa(max(last, ckMasterRow)), "F"+strconv.Itoa(ckMasterRow)); err != nil {
		return err
	}
	return s.flush()
}

// masterPass is the master check's result: pass when every check passes.
func (ow *outWriter) masterPass() string {
	for _, mr := range ow.r.Miners {
		for _, p := range mr.Positions {
			if p.Uses.Sub(p.Sources.Add(p.Gap).Sub(p.Surplus)).Abs().Cmp(outCheckTolerance) > 0 {
				return "fail"
			}
		}
		for _, fin := range mr.Financings {
			if p := fin.Position; p.Uses.Sub(p.Sources.Add(p.Gap).Sub(p.Surplus)).Abs().Cmp(outCheckTolerance) > 0 {
				return "fail"
			}
			if fin.ProjectDebt.Add(fin.Convertible).Add(fin.CorporateDebt).Add(fin.Equity).Sub(fin.Gap).Abs().Cmp(outCheckTolerance) > 0 {
				return "fail"
			}
		}
	}
	return "pass"
}

// Cover.
func (ow *outWriter) writeCover() error {
	s, err := ow.stream(SheetCover, []float64{34, 72, 50}, nil)
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
	if err := line(ow.val(xlsx.StyleTitle, "Funding gaps of Bitcoin miners building AI data centers")); err != nil {
		return err
	}
	if err := line(ow.val(xlsx.StyleNote, "How much capital each miner still needs to raise to build what it has announced, and what raising it by equity, convertibles, corporate or project debt does to shareholders and credit metrics.")); err != nil {
		return err
	}
	r++
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
		{label("Master check"), ow.cell(xlsx.StyleLink, "'Checks'!F"+strconv.Itoa(ckMasterRow), ow.masterPass())},
	}
	masterRow := r + len(facts) - 1
	if len(ow.r.Miners) > 0 {
		var nt, fp decimal.Decimal
		for _, mr := range ow.r.Miners {
			nt = nt.Add(mr.Positions[model.NearTerm].Gap)
			fp = fp.Add(mr.Positions[model.FullPipeline].Gap)
		}
		facts = append(facts,
			[]any{label("Universe near-term gap (USD m)"), ow.cell(xlsx.StyleLinkMoney, "'Summary'!"+outRef(suNTGap, suTotalRow), outNum(nt))},
			[]any{label("Universe full-pipeline gap (USD m)"), ow.cell(xlsx.StyleLinkMoney, "'Summary'!"+outRef(suFPGap, suTotalRow), outNum(fp))})
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
		mix := fmt.Sprintf("%s, %s, %s, %s", outPct(sc.Equity), outPct(sc.Convertible), outPct(sc.CorporateDebt), outPct(sc.ProjectDebt))
		changes := sc.Scope.String()
		if !sc.SharePriceChange.IsZero() {
			changes += "; share price " + outPct(sc.SharePriceChange)
		}
		if !sc.CapexChange.IsZero() {
			changes += "; capex " + outPct(sc.CapexChange)
		}
		if len(sc.Overrides) > 0 {
			var names []string
			for _, d := range model.AssumptionDefs {
				if _, ok := sc.Overrides[d.Key]; ok {
					names = append(names, d.Name)
				}
			}
			changes += "; overrides " + strings.Join(names, ", ")
		}
		if err := line(sc.Name, mix, changes); err != nil {
			return err
		}
	}
	r++
	if err := line(label("Contents"), label("What it holds")); err != nil {
		return err
	}
	contents := [][2]string{
		{SheetSummary, "a row per miner: uses, sources and gap in both scopes, gap / market cap, dilution per scenario; universe totals; a chart"},
		{model.TableScenarios, "a row per miner and scenario: every financing figure, flags in words"},
	}
	for i, name := range ow.minerSheet {
		m := ow.u.Miners[ow.r.Miners[i].Index]
		contents = append(contents, [2]string{name, "sources and uses line by line, financing side by side, projects: " + m.Company})
	}
	contents = append(contents,
		[2]string{SheetInputs, "every value used, defaults included, each with its source"},
		[2]string{SheetChecks, "identities every result must satisfy, and the master check"},
		[2]string{SheetLog, "notes and warnings from reading and computing"})
	for _, c := range contents {
		if err := ow.f.SetCellHyperLink(SheetCover, "A"+strconv.Itoa(r), xlsx.Quote(c[0])+"!A1", "Location"); err != nil {
			return err
		}
		if err := line(ow.val(xlsx.StyleHyperlink, c[0]), c[1]); err != nil {
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

func outPct(d decimal.Decimal) string { return d.Mul(decimal.NewFromInt(100)).Round(2).String() + "%" }

// Log.
var outLogHeaders = []outHeader{
	{"Level", "note or warning", 10},
	{"Where", "the file, sheet or cell concerned", 40},
	{"Message", "what was noticed", 100},
}

func (ow *outWriter) writeLog() error {
	s, err := ow.stream(SheetLog, outWidths(outLogHeaders), outFreeze(0, 3))
	if err != nil {
		return err
	}
	if err := s.row(1, ow.val(xlsx.StyleTitle, "Log: notes and warnings")); err != nil {
		return err
	}
	if err := s.headers(3, 1, outLogHeaders); err != nil {
		return err
	}
	r := 4
	for _, e := range ow.b.Log {
		if err := s.row(r, string(e.Level), e.Pos.String(), e.Text); err != nil {
			return err
		}
		r++
	}
	for _, n := range ow.r.Notes {
		where := ow.b.File
		if n.Ref != nil {
			where = ow.b.Source(*n.Ref)
			if where == "default" {
				where = ow.refWhere(*n.Ref)
			}
		}
		level := input.LevelNote
		if n.Warning {
			level = input.LevelWarning
		}
		if err := s.row(r, string(level), where, n.Text); err != nil {
			return err
		}
		r++
	}
	if r == 4 {
		if err := s.row(r, string(input.LevelNote), ow.b.File, "nothing to report"); err != nil {
			return err
		}
	}
	return s.flush()
}

// refWhere names an input value that has no cell (a default): its table, the row's key and the
// field, e.g. Projects IREN / Sweetwater 1: Capex spent.
func (ow *outWriter) refWhere(r model.Ref) string {
	key := ""
	switch r.Table {
	case model.TableMiners:
		if r.Row >= 0 && r.Row < len(ow.u.Miners) {
			key = ow.u.Miners[r.Row].Ticker
		}
	case model.TableProjects:
		if r.Row >= 0 && r.Row < len(ow.u.Projects) {
			key = ow.u.Projects[r.Row].Ticker + " / " + ow.u.Projects[r.Row].Name
		}
	case model.TableInstruments:
		if r.Row >= 0 && r.Row < len(ow.u.Instruments) {
			key = ow.u.Instruments[r.Row].Ticker + " / " + ow.u.Instruments[r.Row].Name
		}
	case model.TableScenarios:
		if r.Row >= 0 && r.Row < len(ow.r.Scenarios) {
			key = ow.r.Scenarios[r.Row].Name
		}
	case model.TableAssumptions:
		if r.Row >= 0 && r.Row < len(model.AssumptionDefs) {
			key = model.AssumptionDefs[r.Row].Name
		}
	}
	where := r.Table
	if key != "" {
		where += " " + key
	}
	if r.Field != "" && r.Field != "Value" {
		where += ": " + r.Field
	}
	return where
}
