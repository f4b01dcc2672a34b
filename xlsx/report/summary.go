package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
)

// The Summary sheet: a row per miner ranked by near-term gap, the universe's total, a chart.

const (
	suHeaderRow = 3
	suTotalRow  = 4
	suFirstRow  = 5
)

// Summary columns, 1-based: per scope owned IT MW, uses, sources, gap, gap before committed
// financing and surplus; then the market cap and one basic-dilution column per scenario, from
// suDilution on; then, per scope, the miner's bridge lines (bridgeLines), which the sector bridge
// below the table sums.
const (
	suTicker = iota + 1
	suCompany
	suNTMW
	suNTUses
	suNTSources
	suNTGap
	suNTGrossGap
	suNTSurplus
	suFPMW
	suFPUses
	suFPSources
	suFPGap
	suFPGrossGap
	suFPSurplus
	suMarketCap
	suGapToCap
	suDilution
)

// scopeCols are a scope's first Summary column (its owned IT MW); the others follow in order.
var scopeCols = [2]int{model.NearTerm: suNTMW, model.FullPipeline: suFPMW}

// bridgeLine is one line of the bridge from the uses to the gap (SPEC §3): a sum of
// sources-and-uses lines of a miner sheet, added (uses) or taken away (sources). Their lines,
// in order, are the model's bridge (model.Position.Bridge), which gives the values.
type bridgeLine struct {
	label string
	lines []int // positionLabels lines summed
	minus bool
}

var bridgeLines = []bridgeLine{
	{"Σ remaining capex", []int{msRemainingCapex}, false},
	{"+ other uses and minimum cash", []int{msOtherUses, msMinCash}, false},
	{"− cash", []int{msCash}, true},
	{"− BTC after haircut", []int{msBTCValue}, true},
	{"− undrawn committed debt", []int{msUndrawn}, true},
	{"− other committed funding", []int{msOtherCommitted}, true},
	{"− prepayments", []int{msPrepayments}, true},
	{"− committed project debt used", []int{msCommittedDebt}, true},
}

// bridgeCol is the Summary column of bridge line k of a scope, right of the dilution columns.
func (ow *writer) bridgeCol(scope model.Scope, k int) int {
	return suDilution + len(ow.r.Scenarios) + int(scope)*len(bridgeLines) + k
}

// bridgeFirstCol is the sector bridge's first column of amounts (C), right of its step labels.
const bridgeFirstCol = 3

// chartMiners is how many miners, largest near-term gap first, the Summary chart shows.
const chartMiners = 20

func (ow *writer) summaryHeaders() []header {
	ticker, bridge := "the miner; its sheet has every line", " (its sheet)"
	if ow.minerSheetsLeftOut() {
		ticker = "the miner; the link leads to its sheet, which has every line, or for a miner without one (see the Cover) to its rows on Scenarios"
		bridge = " (its sheet; without one, Inputs or the model's value)"
	}
	hs := []header{
		{"Ticker", ticker, 10},
		{"Company", "", 24},
	}
	for _, scope := range model.Scopes {
		what := "the near-term scope: Energized, Under construction and Contracted projects"
		if scope == model.FullPipeline {
			what = "the full pipeline: every project"
		}
		n := "Near-term"
		if scope == model.FullPipeline {
			n = "Full-pipeline"
		}
		hs = append(hs,
			header{n + " owned IT MW (MW)", "Σ IT MW × ownership over " + what, 11},
			header{n + " uses (USD m)", "Σ remaining capex + other uses + minimum cash over " + what, 12},
			header{n + " sources (USD m)", "cash + BTC after haircut + undrawn committed debt + other committed funding + prepayments + committed project debt used", 12},
			header{n + " gap (USD m)", "max(0, uses − sources): the funding gap", 12},
			header{n + " gap before committed financing (USD m)", "max(0, uses − cash − BTC after haircut): nets only the balance sheet's liquidity, as headline figures do", 14},
			header{n + " surplus (USD m)", "max(0, sources − uses); not netted against other miners' gaps", 11},
		)
	}
	hs = append(hs,
		header{"Market cap (USD m)", "share price × shares outstanding", 12},
		header{"Near-term gap / market cap (%)", "near-term gap / market cap; n/a when the market cap is 0", 11},
	)
	for _, sc := range ow.r.Scenarios {
		hs = append(hs, header{sc.Name + ": dilution, basic (%)",
			"new shares / PF basic shares in scenario " + sc.Name + " (" + sc.Scope.String() + "); the diluted and economic views are on Scenarios", 13})
	}
	for _, scope := range model.Scopes {
		for _, l := range bridgeLines {
			hs = append(hs, header{scope.String() + " bridge: " + l.label + " (USD m)",
				"the miner's line of the bridge from uses to gap − surplus" + bridge + "; the sector bridge below sums it", 12})
		}
	}
	hs = append(hs, ow.timelineSummaryHeaders()...)
	return hs
}

// summaryExtent is the Summary's extent: its columns, or the sector bridge's (its Step column and
// four per scope) if wider; down to the sector bridge (a title, a header, its steps).
func (ow *writer) summaryExtent() [2]int {
	lastRow, lastCol := suTotalRow, len(ow.summaryHeaders())
	if n := len(ow.r.Miners); n > 0 {
		lastRow = sectorBridgeTop(suFirstRow+n-1) + 1 + len(bridgeLines) + 3
		lastCol = max(lastCol, 1+4*len(model.Scopes))
	}
	return [2]int{lastCol, lastRow}
}

func (ow *writer) writeSummary() error {
	hs := ow.summaryHeaders()
	s, err := ow.stream(SheetSummary, widths(hs), freeze(1, suTotalRow))
	if err != nil {
		return err
	}
	if err := s.intro("Summary: funding gap by miner, largest near-term gap first",
		"USD m. The total row is the whole universe, the figure to hold against headline sector gaps: it adds gaps only, so a miner's surplus is not netted against another's gap (the surplus columns, and the sector bridge below, show by how much). Hover a header for its formula."); err != nil {
		return err
	}
	if err := s.headers(suHeaderRow, 1, hs); err != nil {
		return err
	}
	n := len(ow.r.Miners)
	last := suFirstRow + n - 1
	// the total row sits between the header and the miners, so it is inside the filter's range
	s.filter(suHeaderRow, len(hs), max(suTotalRow, last))
	ranked := ow.ranked()

	// Total row: every column of numbers summed, but the ratios.
	total := []any{ow.val(xlsx.StyleHeader, "All miners"), ow.val(xlsx.StyleDefault, strconv.Itoa(n)+" miners")}
	rows := make([][]any, n)
	sums := map[int]decimal.Decimal{}
	for k, i := range ranked {
		rows[k] = ow.summaryRow(i, suFirstRow+k, sums)
	}
	for c := suNTMW; c < suGapToCap; c++ {
		total = append(total, ow.sumCell(c, n, last, sums[c]))
	}
	var ratio any = na
	if sums[suMarketCap].IsPositive() {
		ratio = num(sums[suNTGap].DivRound(sums[suMarketCap], model.Places))
	}
	total = append(total, ow.cell(xlsx.StylePercent, "IF("+cellRef(suMarketCap, suTotalRow)+`<=0,"n/a",`+
		cellRef(suNTGap, suTotalRow)+"/"+cellRef(suMarketCap, suTotalRow)+")", ratio))
	for range ow.r.Scenarios {
		total = append(total, nil)
	}
	for _, scope := range model.Scopes {
		for k := range bridgeLines {
			c := ow.bridgeCol(scope, k)
			total = append(total, ow.sumCell(c, n, last, sums[c]))
		}
	}
	for _, scope := range model.Scopes {
		c := ow.suPeakCol(scope)
		total = append(total, ow.sumCell(c, n, last, sums[c]))
	}
	if err := s.row(suTotalRow, total...); err != nil {
		return err
	}
	for k, i := range ranked {
		r := suFirstRow + k
		if err := s.row(r, rows[k]...); err != nil {
			return err
		}
		if to := ow.minerLink(i); to != "" {
			if err := ow.hyperlink(SheetSummary, cellRef(suTicker, r), to); err != nil {
				return err
			}
		}
	}
	if n == 0 {
		return s.flush()
	}
	if err := ow.gapChart(n, last); err != nil {
		return err
	}
	if err := ow.sectorBridge(s, sectorBridgeTop(last), sums); err != nil {
		return err
	}
	return s.flush()
}

// minerLink is where a miner's ticker on Summary leads: its sheet, or without one its first row
// on Scenarios; "" when it has neither.
func (ow *writer) minerLink(i int) string {
	switch {
	case ow.minerSheet[i] != "":
		return ow.minerQ[i] + "A1"
	case len(ow.r.Scenarios) > 0:
		return xlsx.Quote(SheetScenarios) + "!" + cellRef(scTicker.col(), ow.scenarioRow(i, 0))
	}
	return ""
}

// sectorBridgeTop is the sector bridge's title row, below the gap chart under the miners' last row.
func sectorBridgeTop(last int) int { return last + 23 }

// sumCell is a total-row cell: the sum of column c over the miners' rows.
func (ow *writer) sumCell(c, n, last int, sum decimal.Decimal) any {
	st := xlsx.StyleTotalMoney
	if n == 0 {
		return ow.val(st, 0.0)
	}
	return ow.cell(st, "SUM("+cellRef(c, suFirstRow)+":"+cellRef(c, last)+")", num(sum))
}

// summaryRow is miner i's row at r; it adds the row's figures to sums, by column.
func (ow *writer) summaryRow(i, r int, sums map[int]decimal.Decimal) []any {
	mr := ow.r.Miners[i]
	m := ow.u.Miners[mr.Index]
	lay := ow.minerLay(i)
	cells := make([]any, ow.suRunwayCol())
	set := func(c int, v any) { cells[c-1] = v }
	link := func(c int, st xlsx.Style, scope model.Scope, line int, d decimal.Decimal) {
		set(c, ow.figure(st, lay.position(scope, -1, line), num(d)))
		sums[c] = sums[c].Add(d)
	}
	ticker := xlsx.StyleHyperlink
	if ow.minerLink(i) == "" {
		ticker = xlsx.StyleDefault
	}
	set(suTicker, ow.val(ticker, m.Ticker))
	set(suCompany, m.Company)
	for _, scope := range model.Scopes {
		p, c := mr.Positions[scope], scopeCols[scope]
		link(c, xlsx.StyleLinkNumber, scope, msMW, p.MW)
		link(c+1, xlsx.StyleLinkMoney, scope, msUses, p.Uses)
		link(c+2, xlsx.StyleLinkMoney, scope, msSources, p.Sources)
		link(c+3, xlsx.StyleLinkMoney, scope, msGap, p.Gap)
		link(c+4, xlsx.StyleLinkMoney, scope, msGrossGap, p.GrossGap)
		link(c+5, xlsx.StyleLinkMoney, scope, msSurplus, p.Surplus)
		bridge := p.Bridge() // signed: the sources taken away
		for k, l := range bridgeLines {
			refs := make([]string, len(l.lines))
			v := decimal.Zero
			for j, line := range l.lines {
				refs[j] = lay.position(scope, -1, line)
				v = v.Add(bridge[0].Amount)
				bridge = bridge[1:]
			}
			f := strings.Join(refs, "+")
			if slices.Contains(refs, "") {
				f = "" // a miner without a sheet, and a line Inputs alone does not give
			}
			if l.minus {
				f = formulaOf("-(", f, ")")
			}
			c := ow.bridgeCol(scope, k)
			set(c, ow.figure(xlsx.StyleLinkMoney, f, num(v)))
			sums[c] = sums[c].Add(v)
		}
	}
	set(suMarketCap, ow.cell(xlsx.StyleMoney, ow.in(ow.lay.miner(mr.Index, model.FieldSharePrice))+"*"+ow.in(ow.lay.miner(mr.Index, model.FieldSharesOutstanding)), num(mr.MarketCap)))
	sums[suMarketCap] = sums[suMarketCap].Add(mr.MarketCap)
	set(suGapToCap, ow.cell(xlsx.StylePercent, "IF("+cellRef(suMarketCap, r)+`<=0,"n/a",`+cellRef(suNTGap, r)+"/"+cellRef(suMarketCap, r)+")", numOrNA(mr.GapToMarketCap)))
	for si := range ow.r.Scenarios {
		set(suDilution+si, ow.cell(xlsx.StyleLinkPercent, ow.scenarioCell(i, si, scDilutionBasic), num(mr.Financings[si].DilutionBasic)))
	}
	ow.timelineSummaryCells(i, set, sums)
	return cells
}

// gapChart is the bar chart of the largest gaps, in both scopes.
func (ow *writer) gapChart(n, last int) error {
	shown := min(n, chartMiners)
	cats := "'Summary'!$A$" + strconv.Itoa(suFirstRow) + ":$A$" + strconv.Itoa(suFirstRow+shown-1)
	vals := func(c int) string {
		return "'Summary'!$" + colName(c) + "$" + strconv.Itoa(suFirstRow) + ":$" + colName(c) + "$" + strconv.Itoa(suFirstRow+shown-1)
	}
	title := "Funding gap (USD m)"
	if n > shown {
		title = fmt.Sprintf("Funding gap, %d largest (USD m)", shown)
	}
	if err := ow.addChart(SheetSummary, cellRef(suTicker, last+3), &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: "'Summary'!$" + colName(suNTGap) + "$" + strconv.Itoa(suHeaderRow), Categories: cats, Values: vals(suNTGap)},
			{Name: "'Summary'!$" + colName(suFPGap) + "$" + strconv.Itoa(suHeaderRow), Categories: cats, Values: vals(suFPGap)},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: chartFont()},
		XAxis:     categoryAxis(),
		YAxis:     valueAxis(),
		Dimension: excelize.ChartDimension{Width: 720, Height: 360},
	}); err != nil {
		return fmt.Errorf("add gap chart: %w", err)
	}
	return nil
}

// sectorBridge writes, from row top, the universe's bridge from Σ uses to Σ gaps for each scope
// (SPEC §4): each bridge line summed over the miners, = Σ (gap − surplus), + the surpluses not
// netted, = Σ gaps; and draws each scope's as a waterfall (stacked columns: an invisible base and
// the step's bar).
func (ow *writer) sectorBridge(s *sheetWriter, top int, sums map[int]decimal.Decimal) error {
	if err := s.row(top, ow.val(xlsx.StyleTitle, "Sector bridge: from the uses of every miner to the sum of their gaps")); err != nil {
		return err
	}
	// A step's label spans columns A and B (the Ticker column alone would cut it).
	hdr := []any{ow.val(xlsx.StyleHeader, "Step"), ow.val(xlsx.StyleHeader, "")}
	for _, scope := range model.Scopes {
		n := scope.String()
		hdr = append(hdr, ow.val(xlsx.StyleHeader, n+" (USD m)"), ow.val(xlsx.StyleHeader, n+" running total"),
			ow.val(xlsx.StyleHeader, n+" chart base"), ow.val(xlsx.StyleHeader, n+" chart bar"))
	}
	if err := s.rowHeight(top+1, 30, hdr...); err != nil {
		return err
	}
	type step struct {
		label string
		total bool // a subtotal: its bar stands on 0
	}
	steps := make([]step, 0, len(bridgeLines)+3)
	for _, l := range bridgeLines {
		steps = append(steps, step{l.label, false})
	}
	steps = append(steps, step{"= Σ (gap − surplus)", true}, step{"+ surpluses, not netted", false}, step{"= Σ gaps", true})
	first := top + 2
	rows := make([][]any, len(steps))
	for k, st := range steps {
		rows[k] = []any{ow.val(xlsx.StyleDefault, st.label), nil}
	}
	for _, scope := range model.Scopes {
		amount := bridgeFirstCol + 4*int(scope) // the scope's first column
		var running decimal.Decimal
		for k, st := range steps {
			r := first + k
			x := func(off int) string { return cellRef(amount+off, r) }
			prev := "0"
			if k > 0 {
				prev = cellRef(amount+1, r-1)
			}
			var d decimal.Decimal
			var f string
			switch {
			case k < len(bridgeLines):
				c := ow.bridgeCol(scope, k)
				d, f = sums[c], cellRef(c, suTotalRow)
			case st.label == "+ surpluses, not netted":
				c := scopeCols[scope] + 5
				d, f = sums[c], cellRef(c, suTotalRow)
			default: // a subtotal: the running total so far
				d, f = running, prev
			}
			runningF, baseF, barF := prev+"+"+x(0), "MIN("+prev+","+x(1)+")", "ABS("+x(0)+")"
			base, bar := decimal.Min(running, running.Add(d)), d.Abs()
			next := running.Add(d)
			if st.total {
				runningF, baseF, barF = x(0), "0", x(0)
				base, bar, next = decimal.Zero, d, d
			}
			running = next
			rows[k] = append(rows[k], ow.cell(xlsx.StyleMoney, f, num(d)), ow.cell(xlsx.StyleMoney, runningF, num(running)),
				ow.cell(xlsx.StyleMoney, baseF, num(base)), ow.cell(xlsx.StyleMoney, barF, num(bar)))
		}
	}
	for k, cells := range rows {
		if err := s.sw.MergeCell(cellRef(1, first+k), cellRef(2, first+k)); err != nil {
			return err
		}
		if err := s.row(first+k, cells...); err != nil {
			return err
		}
	}
	last := first + len(steps) - 1
	for _, scope := range model.Scopes {
		amount := bridgeFirstCol + 4*int(scope)
		rng := func(c int) string {
			return "'Summary'!$" + colName(c) + "$" + strconv.Itoa(first) + ":$" + colName(c) + "$" + strconv.Itoa(last)
		}
		cats := "'Summary'!$A$" + strconv.Itoa(first) + ":$A$" + strconv.Itoa(last)
		var points []excelize.ChartDataPoint
		for k, st := range steps {
			if st.total {
				points = append(points, excelize.ChartDataPoint{Index: k, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}}})
			}
		}
		if err := ow.addChart(SheetSummary, cellRef(1+9*int(scope), last+2), &excelize.Chart{
			Type: excelize.ColStacked,
			Series: []excelize.ChartSeries{
				{Name: "base", Categories: cats, Values: rng(amount + 2),
					Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFFFF"}, Transparency: 100}},
				{Name: scope.String(), Categories: cats, Values: rng(amount + 3),
					Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"5B9BD5"}}, DataPoint: points},
			},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Sector bridge, " + strings.ToLower(scope.String()) + " (USD m)"}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			XAxis:     categoryAxis(),
			YAxis:     valueAxis(),
			Dimension: excelize.ChartDimension{Width: 640, Height: 360},
		}); err != nil {
			return fmt.Errorf("add sector bridge chart: %w", err)
		}
	}
	return nil
}
