package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
)

// The Timeline sheet (SPEC §3b): per miner, the secured case's flow lines by quarter for both
// scopes with its cash, funding need and runway rows, then one cash row per scenario; above
// them the universe's near-term funding need by quarter and its line chart.
//
// The quarterly flows are the model's stored values (a copy of the model per quarter would be
// hundreds of formulas a miner); every row built on them is live: the cash rows are running sums
// of the flows from the opening cash, which links the miner's sheet, the need and runway rows
// follow the cash, and the Checks sheet ties each timeline's capex total to the live remaining
// capex. A scenario's row stores its net flow per quarter (Σ sign × flow) rather than each line:
// at the reader's limits (5,000 miners, 500,000 miner-scenario pairs) one row per scenario is what
// keeps the sheet within Excel's 1,048,576 rows (TestTimelineWithinLimits counts them).

// printWidthPerPage is how many character widths of columns the Timeline prints on a page across.
const printWidthPerPage = 190

// SheetTimeline is the name of the Timeline sheet, after the miner sheets.
const SheetTimeline = "Timeline"

const (
	tlHeaderRow   = 3
	tlUniverseRow = 4
	tlChartRow    = 6                  // the chart's top left cell, in column tlLine
	tlFirstRow    = tlUniverseRow + 23 // the first miner's first row, below the chart
)

// Timeline columns, 1-based.
const (
	tlTicker    = iota + 1
	tlCase                             // the scope's secured case or the scenario
	tlLine                             // the row's line
	tlSign                             // +1 or −1: how a flow line enters cash
	tlValue                            // a flow's total, the peak need, the lowest cash, the quarters of runway
	tlQuarter                          // the quarter of tlValue, or the runway
	tlOpening                          // cash at the end of the quarter before Q0
	tlQ0                               // Q0 … Q39 from here
	tlCapex     = tlQ0 + model.Horizon // a scenario's Σ capex, stored
	tlCapexDiff = tlCapex + 1          // a timeline's Σ capex − the remaining capex of the miner's sheet
	tlFlow0     = tlCapexDiff + 1      // a scenario's net flow in Q0 … Q39, stored
	tlCols      = tlFlow0 + model.Horizon - 1
)

// securedLines is how many of CashFlows.Lines a secured case has: the ones after them (new money,
// the new convertible's coupon, the new corporate debt's interest) come only with a scenario.
const securedLines = 12

// Rows of a scope's secured block, after its flow lines.
const (
	tlCashRow    = securedLines     // cash at the end of each quarter
	tlNeedRow    = securedLines + 1 // max(0, minimum cash − cash)
	tlRunwayRow  = securedLines + 2 // quarters below the minimum so far
	tlScopeRows  = securedLines + 3
	tlCapexLine  = 5 // Lines()[5] is Capex
	tlSecuredRow = 1 // the first scope's first row, after the miner's title row
)

const (
	tlSecuredCase = "secured"
	tlNeedLabel   = "Funding need: max(0, minimum cash − cash) (USD m)"
	tlCashLabel   = "Cash, end of quarter (USD m)"
)

// securedCaseName is the Case column of a scope's secured rows, which the universe row matches.
func securedCaseName(scope model.Scope) string { return scope.String() + ", " + tlSecuredCase }

// timelineTop is the first row (the title row) of miner i's block (a Result.Miners index).
func (ow *writer) timelineTop(i int) int {
	return tlFirstRow + i*ow.timelineBlockRows()
}

// timelineBlockRows is a miner's rows: its title, two scopes, a row per scenario, a blank row.
func (ow *writer) timelineBlockRows() int { return 1 + 2*tlScopeRows + len(ow.r.Scenarios) + 1 }

// timelineScopeRow is the row of line k (a flow line, tlCashRow, tlNeedRow or tlRunwayRow) of
// miner i's secured block on scope.
func (ow *writer) timelineScopeRow(i int, scope model.Scope, k int) int {
	return ow.timelineTop(i) + tlSecuredRow + int(scope)*tlScopeRows + k
}

// timelineScenarioRow is the cash row of miner i's financed case in scenario s.
func (ow *writer) timelineScenarioRow(i, s int) int {
	return ow.timelineTop(i) + tlSecuredRow + 2*tlScopeRows + s
}

// timelineCell is a Timeline cell, sheet included, for other sheets to link to.
func timelineCell(col, row int) string { return xlsx.Quote(SheetTimeline) + "!" + cellRef(col, row) }

// quarterLabels is the header row's Q0 … Q39 range, absolute.
func quarterLabels() string {
	return "$" + colName(tlQ0) + "$" + strconv.Itoa(tlHeaderRow) + ":$" + colName(tlQ0+model.Horizon-1) + "$" + strconv.Itoa(tlHeaderRow)
}

// quartersOf is row r's Q0 … Q39 range.
func quartersOf(r int) string { return cellRef(tlQ0, r) + ":" + cellRef(tlQ0+model.Horizon-1, r) }

func (ow *writer) timelineHeaders() []header {
	hs := []header{
		{"Ticker", "the miner", 10},
		{"Case", "the scope's secured case (only what is in hand or signed, no new financing) or the scenario's financed case", 22},
		{"Line", "the flow line (stored) or the row computed from them (live)", 34},
		{"Sign", "+1 when the flow adds to cash, −1 when it takes from it", 6},
		{"Total / peak / lowest (USD m)", "a flow's total over Q0 … Q39; the cash row's lowest cash; the need row's peak funding need; the runway row's quarters before cash first falls below the minimum", 13},
		{"Quarter", "the first quarter at the peak need or the lowest cash; on the runway row, the runway: the last quarter before cash first falls below the minimum cash (now when it does so in Q0; blank when it never does)", 10},
		{"Opening cash (USD m)", "cash + BTC after haircut + other committed funding (the miner's sheet, the case's column; Inputs for a miner without a sheet): cash at the end of the quarter before Q0", 12},
	}
	q0 := ow.timelineQ0()
	for k := range model.Horizon {
		hs = append(hs, header{q0.Add(k).String(), "", 10})
	}
	hs[tlQ0-1].Note = "quarters Q0 … Q39, Q0 holding the as-of date; flows in USD m per quarter (stored values), cash a live running sum: cash of the quarter before + Σ sign × flows"
	hs = append(hs, header{"Σ capex (USD m)", "a scenario's capex over Q0 … Q39 (stored); the secured cases' is the Capex row's total", 12},
		header{"Σ capex − remaining capex (USD m)", "the timeline's capex total − the remaining capex of its scope on the miner's sheet (the scenario's column for a scenario; for a miner without a sheet, the model's difference, stored): 0 when the timeline spends exactly what is left to build; the Checks sheet holds each miner's largest to the tolerance", 14})
	for k := range model.Horizon {
		hs = append(hs, header{"Net flow " + q0.Add(k).String() + " (USD m)", "", 10})
	}
	hs[tlFlow0-1].Note = "a scenario's net flow in each quarter: Σ sign × its flow lines (stored); its cash row is their running sum from the opening cash"
	return hs
}

// timelineQ0 is the timeline's Q0: the quarter of the as-of date.
func (ow *writer) timelineQ0() model.Quarter {
	if len(ow.r.Timelines) > 0 {
		return ow.r.Timelines[0].Q0
	}
	return model.QuarterOf(ow.u.Assumptions.AsOf)
}

// timelineExtent is the Timeline's extent: its columns, down to the last miner's block.
func (ow *writer) timelineExtent() [2]int {
	last := tlUniverseRow
	if n := len(ow.r.Miners); n > 0 {
		last = ow.timelineTop(n-1) + ow.timelineBlockRows() - 2 // the block's last row is blank
	}
	return [2]int{len(ow.timelineHeaders()), last}
}

func (ow *writer) writeTimeline() error {
	hs := ow.timelineHeaders()
	// Printed as densely as Scenarios (about 190 character widths a page, three pages for its
	// columns): five pages across.
	total := 0.0
	for _, h := range hs {
		total += h.Width
	}
	s, err := ow.streamPages(SheetTimeline, widths(hs), freeze(tlLine, tlUniverseRow), int(math.Ceil(total/printWidthPerPage)))
	if err != nil {
		return err
	}
	how := "The flows are the model's stored values (SPEC §3b), not formulas; the cash, funding need and runway rows are live formulas over them, and the Checks sheet ties each timeline's capex to the live remaining capex."
	if ow.stored {
		how = "Every figure is the model's stored value, without its formula (see the Cover); the Checks sheet ties each timeline's capex to the remaining capex."
	}
	if err := s.intro("Timeline: cash by quarter, when the money is needed and when it runs out",
		"USD m per quarter. "+how+" A scenario's row stores its net flow per quarter, right of its cash. Hover a header for its meaning."); err != nil {
		return err
	}
	if err := s.headers(tlHeaderRow, 1, hs); err != nil {
		return err
	}
	n := len(ow.r.Miners)
	if err := s.row(tlUniverseRow, ow.universeNeedRow()...); err != nil {
		return err
	}
	for i := range n {
		if err := ow.writeMinerTimeline(s, i); err != nil {
			return err
		}
	}
	if n > 0 {
		if err := ow.needChart(); err != nil {
			return err
		}
	}
	return s.flush()
}

// universeNeedRow is the sum over miners of the near-term funding need in each quarter: the
// need rows of the near-term secured cases, found by their Case and Line.
func (ow *writer) universeNeedRow() []any {
	n := len(ow.r.Miners)
	row := make([]any, tlCols)
	row[tlTicker-1] = ow.val(xlsx.StyleHeader, "All miners")
	row[tlCase-1] = ow.val(xlsx.StyleDefault, securedCaseName(model.NearTerm))
	row[tlLine-1] = ow.val(xlsx.StyleDefault, tlNeedLabel)
	var need [model.Horizon]decimal.Decimal
	for _, tl := range ow.r.Timelines {
		c := &tl.Secured[model.NearTerm]
		for k := range need {
			need[k] = need[k].Add(decimal.Max(decimal.Zero, ow.u.Miners[tl.Index].MinimumCash.Sub(c.Cash[k])))
		}
	}
	peak, at := decimal.Zero, -1
	for k, v := range need {
		if v.GreaterThan(peak) {
			peak, at = v, k
		}
	}
	r := tlUniverseRow
	last := tlFirstRow + n*ow.timelineBlockRows() - 1
	abs := func(c int) string { return "$" + colName(c) + "$" }
	for k := range model.Horizon {
		c := tlQ0 + k
		if n == 0 {
			row[c-1] = ow.val(xlsx.StyleTotalMoney, 0.0)
			continue
		}
		rng := func(col string) string { return col + strconv.Itoa(tlFirstRow) + ":" + col + strconv.Itoa(last) }
		row[c-1] = ow.cell(xlsx.StyleTotalMoney, "SUMIFS("+rng(colName(c))+","+rng(abs(tlCase))+","+abs(tlCase)+strconv.Itoa(r)+
			","+rng(abs(tlLine))+","+abs(tlLine)+strconv.Itoa(r)+")", num(need[k]))
	}
	row[tlValue-1] = ow.cell(xlsx.StyleTotalMoney, "MAX("+quartersOf(r)+")", num(peak))
	label := ""
	if at >= 0 {
		label = ow.timelineQ0().Add(at).String()
	}
	row[tlQuarter-1] = ow.cell(xlsx.StyleFormulaText, peakQuarterFormula(r), label)
	return row
}

// peakQuarterFormula is the first quarter of row r at the peak in its tlValue cell; blank when
// the peak is 0.
func peakQuarterFormula(r int) string {
	v := cellRef(tlValue, r)
	return "IF(" + v + `<=0,"",INDEX(` + quarterLabels() + ",1,MATCH(" + v + "," + quartersOf(r) + ",0)))"
}

// writeMinerTimeline writes miner i's block.
func (ow *writer) writeMinerTimeline(s *sheetWriter, i int) error {
	mr := ow.r.Miners[i]
	m := ow.u.Miners[mr.Index]
	tl := &ow.r.Timelines[i]
	lay := ow.minerLay(i)
	q0 := tl.Q0
	top := ow.timelineTop(i)
	minCash := "$" + colName(tlValue) + "$" + strconv.Itoa(top)
	if err := s.row(top, ow.val(xlsx.StyleHeader, m.Ticker), ow.val(xlsx.StyleHeader, m.Company),
		ow.val(xlsx.StyleDefault, "Minimum cash (USD m)"), nil,
		ow.cell(xlsx.StyleLinkMoney, ow.in(ow.lay.miner(mr.Index, model.FieldMinimumCash)), num(m.MinimumCash))); err != nil {
		return err
	}
	opening := func(scope model.Scope, si int) string {
		return lay.position(scope, si, msCash) + "+" + lay.position(scope, si, msBTCValue) + "+" + lay.position(scope, si, msOtherCommitted)
	}
	// The result keeps each case's cash line alone: the secured cases' lines are computed again,
	// one miner's at a time.
	secured := model.SecuredOf(*ow.u, mr, ow.u.Assumptions.TimelineParams())
	for _, scope := range model.Scopes {
		c := &secured[scope]
		name := securedCaseName(scope)
		first := ow.timelineScopeRow(i, scope, 0)
		lines := c.Flows.Lines()[:securedLines]
		for k, l := range lines {
			r := first + k
			row := make([]any, tlQ0+model.Horizon-1, tlCapexDiff)
			row[tlTicker-1], row[tlCase-1], row[tlLine-1] = m.Ticker, name, l.Name+" (USD m)"
			row[tlSign-1] = l.Sign
			row[tlValue-1] = ow.cell(xlsx.StyleMoney, "SUM("+quartersOf(r)+")", num(l.Line.Sum()))
			for q, v := range l.Line {
				row[tlQ0+q-1] = ow.val(xlsx.StyleMoney, num(v))
			}
			if k == tlCapexLine {
				row = append(row, nil, ow.cell(xlsx.StyleMoney, formulaOf(cellRef(tlValue, r), "-", lay.position(scope, -1, msRemainingCapex)),
					num(l.Line.Sum().Sub(mr.Positions[scope].RemainingCapex))))
			}
			if err := s.row(r, row...); err != nil {
				return err
			}
		}
		signs := "$" + colName(tlSign) + "$" + strconv.Itoa(first) + ":$" + colName(tlSign) + "$" + strconv.Itoa(first+securedLines-1)
		cashR, needR, runR := first+tlCashRow, first+tlNeedRow, first+tlRunwayRow
		cash := make([]any, tlQ0+model.Horizon-1)
		need := make([]any, tlQ0+model.Horizon-1)
		run := make([]any, tlQ0+model.Horizon-1)
		for _, row := range [][]any{cash, need, run} {
			row[tlTicker-1], row[tlCase-1] = m.Ticker, name
		}
		cash[tlLine-1], need[tlLine-1] = tlCashLabel, tlNeedLabel
		run[tlLine-1] = "Quarters below minimum cash so far"
		minimum, below := c.Cash[0], 0
		for q := range model.Horizon {
			col := colName(tlQ0 + q)
			prev := cellRef(tlOpening, cashR)
			if q > 0 {
				prev = cellRef(tlQ0+q-1, cashR)
			}
			cash[tlQ0+q-1] = ow.cell(xlsx.StyleMoney, prev+"+SUMPRODUCT("+signs+","+col+strconv.Itoa(first)+":"+col+strconv.Itoa(first+securedLines-1)+")", num(c.Cash[q]))
			here := cellRef(tlQ0+q, cashR)
			need[tlQ0+q-1] = ow.cell(xlsx.StyleMoney, "MAX(0,"+minCash+"-"+here+")", num(decimal.Max(decimal.Zero, m.MinimumCash.Sub(c.Cash[q]))))
			if c.Cash[q].LessThan(m.MinimumCash) {
				below++
			}
			f := "IF(" + here + "<" + minCash + ",1,0)"
			if q > 0 {
				f += "+" + cellRef(tlQ0+q-1, runR)
			}
			run[tlQ0+q-1] = ow.cell(xlsx.StyleFormulaNumber, f, below)
			minimum = decimal.Min(minimum, c.Cash[q])
		}
		cash[tlValue-1] = ow.cell(xlsx.StyleMoney, "MIN("+quartersOf(cashR)+")", num(minimum))
		cash[tlOpening-1] = ow.cell(xlsx.StyleLinkMoney, opening(scope, -1), num(c.Opening))
		need[tlValue-1] = ow.cell(xlsx.StyleMoney, "MAX("+quartersOf(needR)+")", num(c.PeakNeed))
		need[tlQuarter-1] = ow.cell(xlsx.StyleFormulaText, peakQuarterFormula(needR), c.PeakQuarter.Label(q0))
		runway := 0 // quarters before cash first falls below the minimum
		for runway < model.Horizon && !c.Cash[runway].LessThan(m.MinimumCash) {
			runway++
		}
		v := cellRef(tlValue, runR)
		run[tlValue-1] = ow.cell(xlsx.StyleFormulaNumber, "COUNTIF("+quartersOf(runR)+",0)", runway)
		run[tlQuarter-1] = ow.cell(xlsx.StyleFormulaText, "IF("+v+">=COLUMNS("+quartersOf(runR)+`),"",IF(`+v+`=0,"now",INDEX(`+quarterLabels()+",1,"+v+")))", c.Runway.Label(q0))
		for k, row := range [][]any{cash, need, run} {
			if err := s.row(cashR+k, row...); err != nil {
				return err
			}
		}
	}
	for si := range ow.r.Scenarios {
		fc := &tl.Financed[si]
		r := ow.timelineScenarioRow(i, si)
		row := make([]any, tlCols)
		row[tlTicker-1], row[tlCase-1], row[tlLine-1] = m.Ticker, ow.r.Scenarios[si].Name, tlCashLabel+"; its net flows right"
		row[tlValue-1] = ow.cell(xlsx.StyleMoney, "MIN("+quartersOf(r)+")", num(fc.MinCash))
		row[tlQuarter-1] = ow.cell(xlsx.StyleFormulaText, "INDEX("+quarterLabels()+",1,MATCH("+cellRef(tlValue, r)+","+quartersOf(r)+",0))", fc.MinCashQuarter.Label(q0))
		row[tlOpening-1] = ow.cell(xlsx.StyleLinkMoney, opening(fc.Scope, si), num(fc.Opening))
		for q := range model.Horizon {
			prev := cellRef(tlOpening, r)
			if q > 0 {
				prev = cellRef(tlQ0+q-1, r)
			}
			row[tlQ0+q-1] = ow.cell(xlsx.StyleMoney, prev+"+"+cellRef(tlFlow0+q, r), num(fc.Cash[q]))
			row[tlFlow0+q-1] = ow.val(xlsx.StyleMoney, num(fc.Net(q)))
		}
		row[tlCapex-1] = ow.val(xlsx.StyleMoney, num(fc.CapexTotal))
		row[tlCapexDiff-1] = ow.cell(xlsx.StyleMoney, formulaOf(cellRef(tlCapex, r), "-", lay.position(fc.Scope, si, msRemainingCapex)),
			num(fc.CapexTotal.Sub(mr.Financings[si].Position.RemainingCapex)))
		if err := s.row(r, row...); err != nil {
			return err
		}
	}
	return nil
}

// needChart draws the universe's near-term funding need by quarter as a line chart. It must be
// added before the sheet is flushed: after Flush, excelize drops it without an error.
func (ow *writer) needChart() error {
	r := strconv.Itoa(tlUniverseRow)
	q := func(row string) string {
		return "'" + SheetTimeline + "'!$" + colName(tlQ0) + "$" + row + ":$" + colName(tlQ0+model.Horizon-1) + "$" + row
	}
	if err := ow.addChart(SheetTimeline, cellRef(tlLine, tlChartRow), &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name:       "'" + SheetTimeline + "'!$" + colName(tlCase) + "$" + r,
			Categories: q(strconv.Itoa(tlHeaderRow)),
			Values:     q(r),
		}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: "Funding need of all miners by quarter, near term, secured case (USD m)"}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		XAxis:     quarterAxis(),
		YAxis:     valueAxis(),
		Dimension: excelize.ChartDimension{Width: 900, Height: 380},
	}); err != nil {
		return fmt.Errorf("add funding need chart: %w", err)
	}
	return nil
}

// timelineChecks are the Timeline's rows on the Checks sheet, after every other check: per miner,
// the largest difference, either way, between a timeline's Σ capex and the live remaining capex
// of its scope (the Timeline's difference column: both secured cases and every scenario). One
// row per miner keeps the Checks sheet within Excel's rows at the reader's limits.
func (ow *writer) timelineChecks(first int) []check {
	const what = "every timeline's Σ capex = remaining capex (the miner's sheet; Timeline, largest difference)"
	var out []check
	row := first
	for i, mr := range ow.r.Miners {
		tl := &ow.r.Timelines[i]
		worst := decimal.Zero // the difference of the largest magnitude, its sign kept; + on a tie, as the formula
		keep := func(d decimal.Decimal) {
			if c := d.Abs().Cmp(worst.Abs()); c > 0 || c == 0 && d.GreaterThan(worst) {
				worst = d
			}
		}
		for _, scope := range model.Scopes {
			keep(tl.Secured[scope].CapexTotal.Sub(mr.Positions[scope].RemainingCapex))
		}
		for si, fin := range mr.Financings {
			keep(tl.Financed[si].CapexTotal.Sub(fin.Position.RemainingCapex))
		}
		top := ow.timelineTop(i)
		rng := xlsx.Quote(SheetTimeline) + "!" + cellRef(tlCapexDiff, top) + ":" + cellRef(tlCapexDiff, top+ow.timelineBlockRows()-1)
		// The difference of the largest magnitude: MAX(MAX, MIN) by magnitude without an array.
		f := "IF(MAX(" + rng + ")>=-MIN(" + rng + "),MAX(" + rng + "),MIN(" + rng + "))"
		out = append(out, check{what, ow.u.Miners[mr.Index].Ticker, "both scopes and every scenario", f, worst, row})
		row++
	}
	return out
}

// timelinePositionCell is a miner sheet's peak need or runway line: the scope's secured case on
// the Timeline sheet; blank in a scenario's column (its lowest cash is on Scenarios).
func (ow *writer) timelinePositionCell(i, line int, scope model.Scope, scenario int) any {
	if scenario >= 0 {
		return nil
	}
	tl := &ow.r.Timelines[i]
	c := &tl.Secured[scope]
	if line == msPeakNeed {
		return ow.cell(xlsx.StyleLinkMoney, timelineCell(tlValue, ow.timelineScopeRow(i, scope, tlNeedRow)), num(c.PeakNeed))
	}
	return ow.cell(xlsx.StyleLink, timelineCell(tlQuarter, ow.timelineScopeRow(i, scope, tlRunwayRow)), c.Runway.Label(tl.Q0))
}

// suPeakCol is the Summary column of a scope's peak funding need, after the bridge lines; the
// near-term runway follows them.
func (ow *writer) suPeakCol(scope model.Scope) int {
	return ow.bridgeCol(model.FullPipeline, len(bridgeLines)-1) + 1 + int(scope)
}

func (ow *writer) suRunwayCol() int { return ow.suPeakCol(model.FullPipeline) + 1 }

func (ow *writer) timelineSummaryHeaders() []header {
	return []header{
		{"Near-term peak funding need (USD m)", "max(0, max over quarters of minimum cash − cash) with only what is in hand or signed, near term (Timeline): the most the miner must raise, and by when (its quarter is on Timeline)", 13},
		{"Full-pipeline peak funding need (USD m)", "the same for the full pipeline (Timeline)", 13},
		{"Near-term runway (quarter)", "the last quarter before cash first falls below the minimum cash, near term, secured case (Timeline): now when it does so at once, blank when it never does", 11},
	}
}

// timelineSummaryCells fills miner i's Summary cells from the Timeline sheet and adds the peak
// needs to sums.
func (ow *writer) timelineSummaryCells(i int, set func(int, any), sums map[int]decimal.Decimal) {
	tl := &ow.r.Timelines[i]
	for _, scope := range model.Scopes {
		c := ow.suPeakCol(scope)
		need := tl.Secured[scope].PeakNeed
		set(c, ow.cell(xlsx.StyleLinkMoney, timelineCell(tlValue, ow.timelineScopeRow(i, scope, tlNeedRow)), num(need)))
		sums[c] = sums[c].Add(need)
	}
	set(ow.suRunwayCol(), ow.cell(xlsx.StyleLink, timelineCell(tlQuarter, ow.timelineScopeRow(i, model.NearTerm, tlRunwayRow)),
		tl.Secured[model.NearTerm].Runway.Label(tl.Q0)))
}

var timelineScenarioHeaders = []header{
	{"Lowest cash (USD m)", "the lowest cash at a quarter's end over Q0 … Q39 in the scenario's financed case (its cash row on Timeline)", 11},
	{"Lowest cash quarter", "the first quarter at the lowest cash (Timeline)", 10},
	{"Trough interest coverage (x)", "the lowest quarterly EBITDA / interest over the quarters with interest (stored: the model's timeline); n/a when no quarter has interest; negative when EBITDA is", 10},
	{"Trough coverage quarter", "the first quarter at the trough coverage (stored)", 10},
	{"FCF per diluted share (USD)", "(Σ EBITDA − interest − principal over the four quarters after the last build quarter + existing convertible coupons + new convertible gross × coupon) / PF diluted shares (stored: the model's timeline); n/a when the four quarters pass Q39", 11},
	{"Flag: timeline shortfall", "minimum cash − lowest cash above the flag tolerance × max(1, minimum cash): the static gap did not cover interest and timing", 19},
}

// timelineScenarioCells sets the timeline's Scenarios cells of miner i and scenario si.
func (ow *writer) timelineScenarioCells(i, si int, set func(scenarioCol, xlsx.Style, string, any)) {
	tl := &ow.r.Timelines[i]
	fc := &tl.Financed[si]
	r := ow.timelineScenarioRow(i, si)
	set(scMinCash, xlsx.StyleLinkMoney, timelineCell(tlValue, r), num(fc.MinCash))
	set(scMinCashQuarter, xlsx.StyleLink, timelineCell(tlQuarter, r), fc.MinCashQuarter.Label(tl.Q0))
	// Stored values: the quarterly EBITDA and interest stay in the model.
	set(scTroughCoverage, xlsx.StyleMultiple, "", numOrNA(fc.TroughCoverage))
	set(scTroughQuarter, xlsx.StyleDefault, "", fc.TroughQuarter.Label(tl.Q0))
	set(scFCFPerShare, xlsx.StylePrice, "", numOrNA(fc.FCFPerShare))
	x := cellRef(scMinCash.col(), ow.scenarioRow(i, si))
	minimum := ow.in(ow.lay.miner(ow.r.Miners[i].Index, model.FieldMinimumCash))
	shortfall := ""
	for _, f := range fc.Flags {
		if f == model.TimelineShortfall {
			shortfall = string(f)
		}
	}
	set(scTimelineShortfall, xlsx.StyleFormulaText, "IF("+minimum+"-"+x+">"+ow.in(ow.lay.flagTolerance)+"*MAX(1,"+minimum+`),"`+
		string(model.TimelineShortfall)+`","")`, shortfall)
}

// quarterAxis is a category axis of the 40 quarters, its labels turned upright so that they do not
// run into each other, and labelled once a year where the reader honours the skip (Excel).
func quarterAxis() excelize.ChartAxis {
	a := categoryAxis()
	a.TickLabelSkip = 4
	a.Alignment = excelize.Alignment{TextRotation: -90}
	return a
}
