package report

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
)

// A miner's sheet: sources and uses line by line (columns B and C for the two scopes, then one
// column per scenario, recomputed for the scenario's scope), the scenarios' financing side by
// side (links to Scenarios), the tornado chart of the tornado scenario (on a printed page of its
// own; its table is on the Sensitivity sheet), then the projects: a block for the base case and
// one per scenario that computes projects differently (model.ChangesProjects); the other
// scenarios' sums point at the base case's block, whose figures are theirs.

// Sources-and-uses lines, in row order from msFirstRow.
const (
	msRemainingCapex = iota
	msOtherUses
	msMinCash
	msUses
	msCash
	msBTCValue
	msUndrawn
	msOtherCommitted
	msPrepayments
	msCommittedDebt
	msSources
	msGap
	msSurplus
	msGrossGap
	msDebtCapacity
	msContractNOI
	msDisplaced
	msMW
	msShellCost
	msGPUCost
	msPeakNeed // the scope's secured case on the Timeline sheet; blank in scenario columns
	msRunway
	msCount
)

const (
	msHeaderRow = 4
	msFirstRow  = 5
	mfHeaderRow = msFirstRow + msCount + 1 // financing header
	mfFirstRow  = mfHeaderRow + 1
)

var positionLabels = [msCount]header{
	{"Remaining capex (USD m)", "Σ remaining capex of the scope's projects (project blocks below)", 0},
	{"Other uses (USD m)", "maturities, puts, buybacks and other cash needs within the build (Inputs)", 0},
	{"Minimum cash (USD m)", "cash kept on hand (Inputs)", 0},
	{"Uses (USD m)", "remaining capex + other uses + minimum cash", 0},
	{"Cash (USD m)", "cash and equivalents (Inputs)", 0},
	{"BTC held after haircut (USD m)", "BTC held × BTC price / 1,000,000 × (1 − BTC haircut), the scenario's price and haircut in its column", 0},
	{"Undrawn committed debt (USD m)", "corporate facilities signed but not drawn (Inputs)", 0},
	{"Other committed funding (USD m)", "committed preferred or JV equity not yet received (Inputs)", 0},
	{"Prepayments (USD m)", "Σ prepayments still to be received from tenants of the scope's projects", 0},
	{"Committed project debt used (USD m)", "Σ min(committed project debt, remaining capex) over the scope's projects", 0},
	{"Sources (USD m)", "cash + BTC after haircut + undrawn committed debt + other committed funding + prepayments + committed project debt used", 0},
	{"Funding gap (USD m)", "max(0, uses − sources)", 0},
	{"Surplus (USD m)", "max(0, sources − uses)", 0},
	{"Gap before committed financing (USD m)", "max(0, uses − cash − BTC after haircut): nets only the balance sheet's liquidity, as headline figures do; undrawn committed debt, other committed funding, prepayments and committed project debt used bridge it to the funding gap (gap − surplus)", 0},
	{"New project-debt capacity (USD m)", "Σ new project-debt capacity of the scope's projects (gross)", 0},
	{"Contracted run-rate NOI (USD m per year)", "Σ run-rate NOI of the scope's projects with a contract", 0},
	{"Displaced mining EBITDA (USD m per year)", "Σ mining EBITDA the scope's sites stop earning once converted (owned share)", 0},
	{"Owned IT MW (MW)", "Σ IT MW × ownership of the scope's projects", 0},
	{"Shell build cost (USD m)", "Σ owned IT MW × capex per MW × (1 + capex change) of the scope's projects", 0},
	{"GPU build cost (USD m)", "Σ owned IT MW × GPU capex per MW × (1 + capex change) of the scope's GPU-cloud projects", 0},
	{"Peak funding need (USD m)", "max(0, max over quarters of minimum cash − cash) in the scope's secured case, no new financing (Timeline); each scenario's lowest cash is on Scenarios", 0},
	{"Runway (quarter)", "the last quarter before cash first falls below the minimum cash in the scope's secured case (Timeline): now when it does so at once, blank when it never does", 0},
}

// projectCol is a column of a project block, counted from 0 (column A).
type projectCol int

// col is the spreadsheet's 1-based column number.
func (c projectCol) col() int { return int(c) + 1 }

// Project block columns.
const (
	pcName projectCol = iota
	pcStatus
	pcNearTerm
	pcOwnership
	pcMW
	pcCapexPerMW
	pcGPUCapexPerMW
	pcCapexChange
	pcShellCost
	pcGPUCost
	pcBuildCost
	pcCapexSpent
	pcRemaining
	pcHasContract
	pcCashRevenue
	pcNOIMargin
	pcNOI
	pcPrepayment
	pcCommitted
	pcCommittedUsed
	pcCommittedRate
	pcEligible
	pcLoanToCost
	pcByCost
	pcDebtRate
	pcMinDSCR
	pcAnnuity
	pcByCoverage
	pcCapacity
	pcDisplaced
	pcCount
)

var projectHeaders = []header{
	{"Project", "", 24},
	{"Status", "", 16},
	{"Near-term (1 = yes)", "1 when the status is not Pipeline: the project is in the near-term scope", 11},
	{"Ownership (fraction)", "the miner's share of the site (Inputs; 1 when blank): MW and every amount of the project row count at this share", 10},
	{"Owned IT MW (MW)", "critical IT MW (Inputs) × ownership", 10},
	{"Capex per MW (USD m per MW)", "the project's own capex per MW, else the (scenario's) assumption", 12},
	{"GPU capex per MW (USD m per MW)", "GPU cloud projects: own GPU capex per MW, else the assumption; 0 for colocation", 12},
	{"Capex change (fraction)", "the scenario's capex change; 0 in the base case", 10},
	{"Shell build cost (USD m)", "owned IT MW × capex per MW × (1 + capex change)", 12},
	{"GPU build cost (USD m)", "owned IT MW × GPU capex per MW × (1 + capex change)", 12},
	{"Build cost (USD m)", "shell build cost + GPU build cost", 12},
	{"Capex spent (USD m)", "from Inputs × ownership; the whole build cost when Energized and blank", 12},
	{"Remaining capex (USD m)", "max(0, build cost − capex spent)", 12},
	{"Contract (1 = yes)", "1 when contract value > 0 and contract years > 0", 10},
	{"Cash revenue (USD m per year)", "(contract value × ownership − prepayment) / contract years, with a contract; else 0", 12},
	{"NOI margin (fraction)", "the project's own NOI margin, else the (scenario's) assumption", 10},
	{"Run-rate NOI (USD m per year)", "cash revenue × NOI margin", 12},
	{"Prepayment (USD m)", "prepayment still to be received, from Inputs × ownership", 12},
	{"Committed project debt (USD m)", "project debt signed and not drawn, from Inputs × ownership", 12},
	{"Committed debt used (USD m)", "min(committed project debt, remaining capex): it cannot fund another site", 12},
	{"Committed debt rate (fraction)", "the project's own project debt rate, else the Assumptions value: signed debt keeps its rate in every scenario", 10},
	{"Eligible for new project debt (1 = yes)", "1 with a contract and a status other than Pipeline", 11},
	{"Loan-to-cost (fraction)", "own loan-to-cost, else the (scenario's) assumption", 10},
	{"Capacity by cost (USD m)", "eligible: min(loan-to-cost × build cost, remaining capex); else 0", 12},
	{"Project debt rate (fraction)", "own project debt rate, else the (scenario's) assumption", 10},
	{"Min DSCR (x)", "the (scenario's) project debt min DSCR", 9},
	{"Annuity factor (years)", "(1 − (1 + rate)^−n) / rate with n the whole contract years; n when the rate is 0", 10},
	{"Capacity by coverage (USD m)", "eligible: run-rate NOI / min DSCR × annuity factor; else 0", 12},
	{"New project-debt capacity (USD m)", "eligible: max(0, min(by cost, by coverage) − committed debt used); else 0", 13},
	{"Displaced mining EBITDA (USD m per year)", "mining EBITDA the site stops earning once its conversion starts (Inputs) × ownership", 12},
}

var projectHeaderHeight = headerHeight(projectHeaders)

// Financing lines on a miner's sheet: links to the Scenarios sheet columns.
var minerFinancing = []struct {
	label string
	col   scenarioCol
	style xlsx.Style
}{
	{"Project debt, net (USD m)", scPD, xlsx.StyleLinkMoney},
	{"Convertible, net (USD m)", scCV, xlsx.StyleLinkMoney},
	{"Corporate debt, net (USD m)", scCD, xlsx.StyleLinkMoney},
	{"Equity, net (USD m)", scEQ, xlsx.StyleLinkMoney},
	{"Project debt, gross (USD m)", scPDGross, xlsx.StyleLinkMoney},
	{"Convertible, gross (USD m)", scCVGross, xlsx.StyleLinkMoney},
	{"Corporate debt, gross (USD m)", scCDGross, xlsx.StyleLinkMoney},
	{"Equity, gross (USD m)", scEQGross, xlsx.StyleLinkMoney},
	{"New shares (m)", scNewShares, xlsx.StyleLinkShares},
	{"New conversion shares (m)", scNewConvShares, xlsx.StyleLinkShares},
	{"Existing dilutive shares (m)", scExistingDilutive, xlsx.StyleLinkShares},
	{"PF diluted shares (m)", scPFDiluted, xlsx.StyleLinkShares},
	{"Dilution, basic (%)", scDilutionBasic, xlsx.StyleLinkPercent},
	{"Dilution, diluted (%)", scDilutionDiluted, xlsx.StyleLinkPercent},
	{"Dilution, economic (%)", scDilutionEconomic, xlsx.StyleLinkPercent},
	{"PF EBITDA (USD m per year)", scPFEBITDA, xlsx.StyleLinkMoney},
	{"PF net debt (USD m)", scPFNetDebt, xlsx.StyleLinkMoney},
	{"Net leverage (x)", scNetLeverage, xlsx.StyleLinkMultiple},
	{"PF interest (USD m per year)", scPFInterest, xlsx.StyleLinkMoney},
	{"Interest coverage (x)", scCoverage, xlsx.StyleLinkMultiple},
	{"Cash flow per diluted share (USD)", scCashFlowPerShare, xlsx.StyleLinkPrice},
	{"Flag: spill: project debt", scFlagFirst + 0, xlsx.StyleLink},
	{"Flag: spill: convertible", scFlagFirst + 1, xlsx.StyleLink},
	{"Flag: spill: corporate debt", scFlagFirst + 2, xlsx.StyleLink},
	{"Flag: leverage above max", scFlagFirst + 3, xlsx.StyleLink},
	{"Flag: coverage below min", scFlagFirst + 4, xlsx.StyleLink},
	{"Flag: non-positive EBITDA", scFlagFirst + 5, xlsx.StyleLink},
	{"Share price for target dilution (USD)", scSharePriceForTarget, xlsx.StyleLinkPrice},
	{"Capex change to close the gap (%)", scCapexToCloseGap, xlsx.StyleLinkPercent},
}

// minerFlagLine is the first flag line of minerFinancing.
var minerFlagLine = func() int {
	for k, line := range minerFinancing {
		if line.col == scFlagFirst {
			return k
		}
	}
	return 0
}()

// minerLayout is where a miner's figures sit on its sheet. Every sheet that points into a miner
// sheet asks it for the cell. A miner without a sheet (MaxMinerSheets) has no such cells: its
// layout gives the lines that come from Inputs alone as their formulas over Inputs, and "" for
// the others, whose figures are then stored as values (formulaOf).
type minerLayout struct {
	sheet string // the sheet's quoted name and "!", ready for a reference; "" without a sheet
	n     int    // projects
	// blocks is, by scenario, its project block: 0, the base case's, or one of its own
	// (projectBlocks); the same for every miner
	blocks []int
	// inputs is the formula over Inputs of a line of a case (scenario < 0: the base case) that
	// comes from Inputs alone, else ""
	inputs func(scenario, line int) string
	// tornado is whether the sheet has the tornado chart, which takes tornadoRows rows between
	// the financing lines and the project blocks
	tornado bool
}

// tornadoRows are the rows a miner sheet's tornado takes: its title and the chart's height.
const tornadoRows = 17

// tornadoRow is the row of a miner sheet's tornado title; the chart sits below it.
var tornadoRow = mfFirstRow + len(minerFinancing) + 1

// minerLay is the layout of miner i's sheet (a Result.Miners index).
func (ow *writer) minerLay(i int) minerLayout {
	mi := ow.r.Miners[i].Index
	return minerLayout{sheet: ow.minerQ[i], n: len(ow.r.Miners[i].Projects), blocks: ow.projectBlocks,
		inputs:  func(scenario, line int) string { return ow.inputsFormula(mi, scenario, line) },
		tornado: ow.hasTornado(i)}
}

// hasTornado is whether miner i has tornado bars to chart.
func (ow *writer) hasTornado(i int) bool {
	ms := ow.tornadoOf(i)
	return ms != nil && len(ms.Tornado) > 0
}

// titledMinerSheets is the most miner sheets whose printed pages repeat both what they freeze on
// screen, the title and header rows and the label column. LibreOffice's import slows with the
// square of the number of sheets that repeat both rows and columns (a hundred miner sheets open
// in 72 s, two hundred in 271 s, against 10 s and 21 s when each repeats one of the two), so in
// a workbook of more miner sheets each repeats its label column alone: a page down is a table
// with its own header row (the financing lines, a project block) more often than the sources
// and uses.
const titledMinerSheets = 30

// minerTitles are the rows and columns a miner sheet repeats on every printed page, as panes
// that freeze them (see titledMinerSheets).
func (ow *writer) minerTitles() *excelize.Panes {
	if ow.sheets > titledMinerSheets {
		return freeze(1, 0)
	}
	return freeze(1, msHeaderRow)
}

// minerExtent is the extent of miner i's sheet: the lines' columns (the line, two scopes, a
// column per scenario and its note) or the project columns, whichever is wider; the project
// blocks and, below them, a row per project column that has a note.
func (ow *writer) minerExtent(i int) [2]int {
	lay := minerLayout{n: len(ow.r.Miners[i].Projects), blocks: ow.projectBlocks, tornado: ow.hasTornado(i)}
	return [2]int{max(4+len(ow.r.Scenarios), len(projectHeaders)), lay.block(lay.blockCount()) - 2 + projectNotes}
}

// projectNotes is how many project columns have a note, each a row below a miner's project blocks.
var projectNotes = func() int {
	n := 0
	for _, h := range projectHeaders {
		if h.Note != "" {
			n++
		}
	}
	return n
}()

// formulaOf is the formula made of parts, or "" when a part is "": a line of a miner without a
// sheet that does not come from Inputs alone (minerLayout). The cell then stores the model's
// value without a formula.
func formulaOf(parts ...string) string {
	for _, p := range parts {
		if p == "" {
			return ""
		}
	}
	return strings.Join(parts, "")
}

// projectBlocks numbers, by scenario, the project block a scenario's sums read: 0, the base
// case's, when the model computes its projects as the base case (model.ChangesProjects), else
// a block of its own, 1, 2, … in scenario order.
func projectBlocks(scenarios []model.Scenario) []int {
	blocks := make([]int, len(scenarios))
	n := 0
	for si, s := range scenarios {
		if model.ChangesProjects(s) {
			n++
			blocks[si] = n
		}
	}
	return blocks
}

// blockOf is the project block of the base case (scenario < 0) or of a scenario.
func (l minerLayout) blockOf(scenario int) int {
	if scenario < 0 {
		return 0
	}
	return l.blocks[scenario]
}

// blockCount is how many project blocks the sheet has, the base case's included.
func (l minerLayout) blockCount() int {
	n := 1
	for _, b := range l.blocks {
		n = max(n, b+1)
	}
	return n
}

// position is the cell, sheet included, of a sources-and-uses line of a scope's base case
// (scenario < 0) or of a scenario. Without a sheet, it is the line's formula over Inputs, or ""
// (see minerLayout).
func (l minerLayout) position(scope model.Scope, scenario, line int) string {
	if l.sheet == "" {
		return l.inputs(scenario, line)
	}
	return l.sheet + cellRef(positionCol(scope, scenario), msFirstRow+line)
}

// projects is the range, sheet included, of project column pc in the block of the base case
// (scenario < 0) or of a scenario (the base case's when it shares it); empty when the miner has
// no project or no sheet.
func (l minerLayout) projects(scenario int, pc projectCol) string {
	if l.n == 0 || l.sheet == "" {
		return ""
	}
	return l.sheet + l.projectRange(scenario, pc)
}

// projectRange is projects without the sheet, for formulas on the miner's own sheet.
func (l minerLayout) projectRange(scenario int, pc projectCol) string {
	first := l.block(l.blockOf(scenario))
	return cellRef(pc.col(), first) + ":" + cellRef(pc.col(), first+l.n-1)
}

// block is the first data row of project block b (0: base case; see projectBlocks).
func (l minerLayout) block(b int) int {
	first := mfFirstRow + len(minerFinancing) + 2 // title row of block 0
	if l.tornado {
		first += tornadoRows
	}
	return first + b*(l.n+3) + 2
}

// positionCol is the sources-and-uses column of a scope (base case) or a scenario.
func positionCol(scope model.Scope, scenario int) int {
	if scenario >= 0 {
		return 4 + scenario
	}
	return 2 + int(scope)
}

func (ow *writer) writeMiner(i int) error {
	mr := ow.r.Miners[i]
	m := ow.u.Miners[mr.Index]
	lay := ow.minerLay(i)
	widths := widths(projectHeaders)
	widths[0] = 40
	for c := 1; c < 3+len(ow.r.Scenarios) && c < len(widths); c++ {
		widths[c] = max(widths[c], 20) // room for a flag in words
	}
	if err := ow.extent(ow.minerSheet[i], ow.minerExtent(i)); err != nil {
		return err
	}
	s, err := ow.streamTitled(ow.minerSheet[i], widths, freeze(1, msHeaderRow), ow.minerTitles(), 1)
	if err != nil {
		return err
	}
	title := m.Ticker
	if m.Company != "" {
		title += ": " + m.Company
	}
	if err := s.intro(title, "USD m unless stated. Near-term: Energized, Under construction and Contracted projects; full pipeline: all. Each scenario column recomputes sources and uses for its scope with its changes and overrides (its project block below, or the base case's when its changes leave the projects as they are). "+
		"Tornado table and grids: sheet "+SheetSensitivity+", rows "+strconv.Itoa(ow.sensLay(i).top)+"–"+strconv.Itoa(ow.sensLay(i).top+seBlockRows-1)+"."); err != nil {
		return err
	}
	hdr := []any{ow.val(xlsx.StyleHeader, "Sources and uses"), ow.val(xlsx.StyleHeader, "Near-term"), ow.val(xlsx.StyleHeader, "Full pipeline")}
	hh := []header{{Width: widths[0]}, {Width: widths[1]}, {Width: widths[2]}}
	for k, sc := range ow.r.Scenarios {
		title := sc.Name + " (" + sc.Scope.String() + ")"
		hdr = append(hdr, ow.val(xlsx.StyleHeader, title))
		if 3+k < len(widths) {
			hh = append(hh, header{Title: title, Width: widths[3+k]})
		}
	}
	// A miner's sheet explains its figures in a visible column rather than in notes: a workbook
	// of a thousand miners would hold tens of thousands of notes, and each note costs more to
	// add than the one before.
	hdr = append(hdr, ow.val(xlsx.StyleHeader, "How it is computed"))
	if err := s.rowHeight(msHeaderRow, headerHeight(hh), hdr...); err != nil {
		return err
	}
	// Sources and uses, line by line.
	for line := 0; line < msCount; line++ {
		cells := []any{ow.val(xlsx.StyleDefault, positionLabels[line].Title)}
		for _, scope := range model.Scopes {
			cells = append(cells, ow.positionCell(i, lay, line, scope, -1, mr.Positions[scope]))
		}
		for si, fin := range mr.Financings {
			cells = append(cells, ow.positionCell(i, lay, line, fin.Scope, si, fin.Position))
		}
		if line == msUses || line == msSources || line == msGap {
			for c := 1; c < len(cells); c++ {
				cell := cells[c].(excelize.Cell)
				cell.StyleID = ow.st.ID(xlsx.StyleTotalMoney)
				cells[c] = cell
			}
		}
		cells = append(cells, ow.val(xlsx.StyleNote, positionLabels[line].Note))
		if err := s.row(msFirstRow+line, cells...); err != nil {
			return err
		}
	}
	// Financing per scenario, side by side.
	fh := []any{ow.val(xlsx.StyleHeader, "Financing (links to Scenarios)"), ow.val(xlsx.StyleHeader, ""), ow.val(xlsx.StyleHeader, "")}
	for _, sc := range ow.r.Scenarios {
		fh = append(fh, ow.val(xlsx.StyleHeader, sc.Name))
	}
	fh = append(fh, ow.val(xlsx.StyleHeader, "How it is computed (Scenarios)"))
	if err := s.rowHeight(mfHeaderRow, headerHeight(hh), fh...); err != nil {
		return err
	}
	for k, line := range minerFinancing {
		cells := []any{line.label, nil, nil}
		for si := range mr.Financings {
			cells = append(cells, ow.cell(line.style, ow.scenarioCell(i, si, line.col), ow.scenarioValue(i, si, line.col)))
		}
		cells = append(cells, ow.val(xlsx.StyleNote, scenarioHeaders[line.col].Note))
		if err := s.row(mfFirstRow+k, cells...); err != nil {
			return err
		}
	}
	if len(ow.r.Scenarios) > 0 {
		first := mfFirstRow + minerFlagLine
		last := first + 5
		top := cellRef(4, first)
		if err := s.flagged(top+":"+cellRef(3+len(ow.r.Scenarios), last), top); err != nil {
			return err
		}
	}
	if lay.tornado {
		ms := ow.tornadoOf(i)
		sc := ow.r.Scenarios[ms.Scenario]
		if err := s.row(tornadoRow, ow.val(xlsx.StyleTitle, "Tornado: "+sc.Name+" ("+sc.Scope.String()+"); its table: "+SheetSensitivity+", rows "+
			strconv.Itoa(ow.sensLay(i).top+seTornadoHead)+"–"+strconv.Itoa(ow.sensLay(i).top+seTornadoBars+len(ms.Tornado)-1))); err != nil {
			return err
		}
		// The chart starts a printed page, and sits from column B: LibreOffice prints what is
		// drawn over a repeated column on every page across.
		ow.fin.later(s.name, func() error { return ow.f.InsertPageBreak(s.name, cellRef(1, tornadoRow)) })
		if err := ow.tornadoChart(s.name, cellRef(2, tornadoRow+1), ow.sensLay(i), m.Ticker, len(ms.Tornado)); err != nil {
			return err
		}
	}
	// Project blocks.
	if err := ow.writeProjectBlock(s, lay, -1, ow.u.Assumptions, mr.Projects); err != nil {
		return err
	}
	for si, fin := range mr.Financings {
		if lay.blockOf(si) == 0 {
			continue // its projects are the base case's
		}
		if err := ow.writeProjectBlock(s, lay, si, fin.Assumptions, fin.Projects); err != nil {
			return err
		}
	}
	// What each project column means, once, below the blocks.
	r := lay.block(lay.blockCount()) - 2
	if err := s.row(r, ow.val(xlsx.StyleTitle, "Project columns: how each is computed")); err != nil {
		return err
	}
	for _, h := range projectHeaders {
		if h.Note == "" {
			continue
		}
		r++
		if err := s.row(r, ow.val(xlsx.StyleHeader, h.Title), ow.val(xlsx.StyleNote, h.Note)); err != nil {
			return err
		}
	}
	return s.flush()
}

// positionCell is one sources-and-uses figure: line of scope (base case when scenario < 0).
func (ow *writer) positionCell(i int, lay minerLayout, line int, scope model.Scope, scenario int, p model.Position) any {
	mi := ow.r.Miners[i].Index
	col := positionCol(scope, scenario)
	c := colName(col)
	r := func(l int) string { return c + strconv.Itoa(msFirstRow+l) }
	rng := func(pc projectCol) string { return lay.projectRange(scenario, pc) }
	sum := func(pc projectCol, v decimal.Decimal) any {
		if lay.n == 0 {
			return ow.val(xlsx.StyleMoney, 0.0)
		}
		if scope == model.NearTerm {
			return ow.cell(xlsx.StyleMoney, "SUMPRODUCT("+rng(pc)+","+rng(pcNearTerm)+")", num(v))
		}
		return ow.cell(xlsx.StyleMoney, "SUM("+rng(pc)+")", num(v))
	}
	link := func(v decimal.Decimal) any {
		return ow.cell(xlsx.StyleLinkMoney, ow.inputsFormula(mi, scenario, line), num(v))
	}
	switch line {
	case msRemainingCapex:
		return sum(pcRemaining, p.RemainingCapex)
	case msOtherUses:
		return link(p.OtherUses)
	case msMinCash:
		return link(p.MinimumCash)
	case msUses:
		return ow.cell(xlsx.StyleMoney, "SUM("+r(msRemainingCapex)+":"+r(msMinCash)+")", num(p.Uses))
	case msCash:
		return link(p.Cash)
	case msBTCValue:
		return ow.cell(xlsx.StyleMoney, ow.inputsFormula(mi, scenario, line), num(p.BTCValue))
	case msUndrawn:
		return link(p.UndrawnDebt)
	case msOtherCommitted:
		return link(p.OtherCommitted)
	case msPrepayments:
		return sum(pcPrepayment, p.Prepayments)
	case msCommittedDebt:
		return sum(pcCommittedUsed, p.CommittedProjectDebt)
	case msSources:
		return ow.cell(xlsx.StyleMoney, "SUM("+r(msCash)+":"+r(msCommittedDebt)+")", num(p.Sources))
	case msGap:
		return ow.cell(xlsx.StyleMoney, "MAX(0,"+r(msUses)+"-"+r(msSources)+")", num(p.Gap))
	case msSurplus:
		return ow.cell(xlsx.StyleMoney, "MAX(0,"+r(msSources)+"-"+r(msUses)+")", num(p.Surplus))
	case msGrossGap:
		return ow.cell(xlsx.StyleMoney, "MAX(0,"+r(msUses)+"-"+r(msCash)+"-"+r(msBTCValue)+")", num(p.GrossGap))
	case msDebtCapacity:
		return sum(pcCapacity, p.DebtCapacity)
	case msContractNOI:
		return sum(pcNOI, p.ContractNOI)
	case msDisplaced:
		return sum(pcDisplaced, p.DisplacedEBITDA)
	case msMW:
		return sum(pcMW, p.MW)
	case msShellCost:
		return sum(pcShellCost, p.ShellCost)
	case msGPUCost:
		return sum(pcGPUCost, p.GPUCost)
	case msPeakNeed, msRunway:
		return ow.timelinePositionCell(i, line, scope, scenario)
	}
	return nil
}

// inputsFormula is the formula of sources-and-uses line of miner mi (a Universe.Miners index)
// in the base case (scenario < 0) or a scenario when the line comes from Inputs alone: the
// miner's own value, or its BTC after the haircut at the case's price; "" for the lines summed
// over its projects or computed from other lines.
func (ow *writer) inputsFormula(mi, scenario, line int) string {
	if field, ok := ownLines[line]; ok {
		return ow.in(ow.lay.miner(mi, field))
	}
	if line == msBTCValue {
		return ow.in(ow.lay.miner(mi, model.FieldBTCHeld)) + "*" + ow.in(ow.lay.scenarioAssumption(scenario, model.BTCPrice)) +
			"/1000000*(1-" + ow.in(ow.lay.scenarioAssumption(scenario, model.BTCHaircut)) + ")"
	}
	return ""
}

// ownLines are the sources-and-uses lines that are a miner's own value on Inputs, and its field.
var ownLines = map[int]string{msOtherUses: model.FieldOtherUses, msMinCash: model.FieldMinimumCash, msCash: model.FieldCash,
	msUndrawn: model.FieldUndrawnDebt, msOtherCommitted: model.FieldOtherCommitted}

// writeProjectBlock writes the projects of miner i under the base case (scenario < 0) or a scenario.
func (ow *writer) writeProjectBlock(s *sheetWriter, lay minerLayout, scenario int, a model.Assumptions, prs []model.ProjectResult) error {
	first := lay.block(lay.blockOf(scenario))
	title := "Projects: base case"
	if lay.blockCount() < len(ow.r.Scenarios)+1 {
		title = "Projects: base case, and each scenario without a block of its own (no capex change, no override of a project value)"
	}
	if scenario >= 0 {
		sc := ow.r.Scenarios[scenario]
		title = "Projects: scenario " + sc.Name + " (" + sc.Scope.String() + ")"
	}
	if err := s.row(first-2, ow.val(xlsx.StyleTitle, title)); err != nil {
		return err
	}
	hdr := make([]any, len(projectHeaders))
	for k, h := range projectHeaders {
		hdr[k] = ow.val(xlsx.StyleHeader, h.Title)
	}
	if err := s.rowHeight(first-1, projectHeaderHeight, hdr...); err != nil {
		return err
	}
	for k, pr := range prs {
		if err := s.row(first+k, ow.projectRow(first+k, scenario, a, pr)...); err != nil {
			return err
		}
	}
	return nil
}

func oneIf(b bool) int {
	if b {
		return 1
	}
	return 0
}

// projectRow is one project's figures at row r of its block. Every parameter the project does not
// give itself comes from the scenario's assumption value on Inputs (its override, or the base).
func (ow *writer) projectRow(r, scenario int, a model.Assumptions, pr model.ProjectResult) []any {
	j := pr.Index
	p := ow.u.Projects[j]
	in := func(field string) string { return ow.in(ow.lay.project(j, field)) }
	asm := func(k model.AssumptionKey) string { return ow.in(ow.lay.scenarioAssumption(scenario, k)) }
	// own points at the project's own value, or at the assumption when the model took it.
	own := func(field string, fromAssumption bool, k model.AssumptionKey) string {
		if fromAssumption {
			return asm(k)
		}
		return in(field)
	}
	x := func(c projectCol) string { return cellRef(c.col(), r) }
	eligible := pr.HasContract && p.Status != model.Pipeline
	row := make([]any, pcCount)
	row[pcName] = p.Name
	row[pcStatus] = p.Status.String()
	row[pcNearTerm] = ow.cell(xlsx.StyleFormulaNumber, "IF("+in(model.FieldStatus)+`="Pipeline",0,1)`, oneIf(p.Status != model.Pipeline))
	w := x(pcOwnership)
	row[pcOwnership] = ow.cell(xlsx.StyleLinkRate, in(model.FieldOwnership), num(pr.Ownership))
	row[pcMW] = ow.cell(xlsx.StyleFormulaNumber, in(model.FieldITMW)+"*"+w, num(pr.MW))
	row[pcCapexPerMW] = ow.cell(xlsx.StyleLinkPerMW, own(model.FieldCapexPerMW, pr.CapexPerMWDefault, model.CapexPerMW), num(pr.CapexPerMW))
	gpu := decimal.Zero
	if p.Business == model.GPUCloud {
		gpu = pr.GPUCapexPerMW
	}
	row[pcGPUCapexPerMW] = ow.cell(xlsx.StylePerMW, "IF("+in(model.FieldModel)+`="GPU cloud",`+own(model.FieldGPUCapexPerMW, pr.GPUCapexPerMWDefault, model.GPUCapexPerMW)+",0)", num(gpu))
	grow := ""
	if scenario >= 0 {
		row[pcCapexChange] = ow.cell(xlsx.StyleLinkRate, ow.in(ow.lay.scenario(scenario, model.FieldCapexChange)), num(ow.r.Scenarios[scenario].CapexChange))
		grow = "*(1+" + x(pcCapexChange) + ")"
	}
	row[pcShellCost] = ow.cell(xlsx.StyleMoney, x(pcMW)+"*"+x(pcCapexPerMW)+grow, num(pr.ShellCost))
	row[pcGPUCost] = ow.cell(xlsx.StyleMoney, x(pcMW)+"*"+x(pcGPUCapexPerMW)+grow, num(pr.GPUCost))
	row[pcBuildCost] = ow.cell(xlsx.StyleMoney, x(pcShellCost)+"+"+x(pcGPUCost), num(pr.BuildCost))
	switch {
	case p.CapexSpentIsBuildCost():
		row[pcCapexSpent] = ow.cell(xlsx.StyleMoney, x(pcBuildCost), num(pr.CapexSpent))
	default: // the Inputs value (0 when blank) × ownership
		row[pcCapexSpent] = ow.cell(xlsx.StyleMoney, in(model.FieldCapexSpent)+"*"+w, num(pr.CapexSpent))
	}
	row[pcRemaining] = ow.cell(xlsx.StyleMoney, "MAX(0,"+x(pcBuildCost)+"-"+x(pcCapexSpent)+")", num(pr.RemainingCapex))
	row[pcHasContract] = ow.cell(xlsx.StyleFormulaNumber, "IF(AND("+in(model.FieldContractValue)+">0,"+in(model.FieldContractYears)+">0),1,0)", oneIf(pr.HasContract))
	row[pcCashRevenue] = ow.cell(xlsx.StyleMoney, "IF("+x(pcHasContract)+"=1,("+in(model.FieldContractValue)+"*"+w+"-"+x(pcPrepayment)+")/"+in(model.FieldContractYears)+",0)", num(pr.CashRevenue))
	row[pcNOIMargin] = ow.cell(xlsx.StyleLinkRate, own(model.FieldNOIMargin, pr.NOIMarginDefault, model.NOIMargin), num(pr.NOIMargin))
	row[pcNOI] = ow.cell(xlsx.StyleMoney, x(pcCashRevenue)+"*"+x(pcNOIMargin), num(pr.NOI))
	row[pcPrepayment] = ow.cell(xlsx.StyleMoney, in(model.FieldPrepayment)+"*"+w, num(pr.Prepayment))
	row[pcCommitted] = ow.cell(xlsx.StyleMoney, in(model.FieldCommittedProjectDebt)+"*"+w, num(pr.CommittedDebt))
	row[pcCommittedUsed] = ow.cell(xlsx.StyleMoney, "MIN("+x(pcCommitted)+","+x(pcRemaining)+")", num(pr.CommittedDebtUsed))
	// Signed debt keeps its rate: the project's own, else the workbook's (never a scenario's).
	committedRate := ow.in(ow.lay.assumption(model.ProjectDebtRate))
	if !pr.ProjectDebtRateDefault {
		committedRate = in(model.FieldProjectDebtRate)
	}
	row[pcCommittedRate] = ow.cell(xlsx.StyleLinkRate, committedRate, num(pr.CommittedDebtRate))
	row[pcEligible] = ow.cell(xlsx.StyleFormulaNumber, x(pcHasContract)+"*"+x(pcNearTerm), oneIf(eligible))
	row[pcLoanToCost] = ow.cell(xlsx.StyleLinkRate, own(model.FieldLoanToCost, pr.LoanToCostDefault, model.ProjectLoanToCost), num(pr.LoanToCost))
	row[pcByCost] = ow.cell(xlsx.StyleMoney, "IF("+x(pcEligible)+"=1,MIN("+x(pcLoanToCost)+"*"+x(pcBuildCost)+","+x(pcRemaining)+"),0)", num(pr.CapacityByCost))
	row[pcDebtRate] = ow.cell(xlsx.StyleLinkRate, own(model.FieldProjectDebtRate, pr.ProjectDebtRateDefault, model.ProjectDebtRate), num(pr.ProjectDebtRate))
	dscr := a.Get(model.ProjectMinDSCR)
	row[pcMinDSCR] = ow.cell(xlsx.StyleLinkMultiple, asm(model.ProjectMinDSCR), num(dscr))
	n := "INT(" + in(model.FieldContractYears) + ")"
	rate := x(pcDebtRate)
	row[pcAnnuity] = ow.cell(xlsx.StyleFormulaNumber, "IF("+rate+"=0,"+n+",(1-(1+"+rate+")^(-"+n+"))/"+rate+")",
		num(pr.AnnuityFactor))
	row[pcByCoverage] = ow.cell(xlsx.StyleMoney, "IF("+x(pcEligible)+"=1,"+x(pcNOI)+"/"+x(pcMinDSCR)+"*"+x(pcAnnuity)+",0)", num(pr.CapacityByCoverage))
	row[pcCapacity] = ow.cell(xlsx.StyleMoney, "IF("+x(pcEligible)+"=1,MAX(0,MIN("+x(pcByCost)+","+x(pcByCoverage)+")-"+x(pcCommittedUsed)+"),0)", num(pr.DebtCapacity))
	row[pcDisplaced] = ow.cell(xlsx.StyleMoney, in(model.FieldDisplacedEBITDA)+"*"+w, num(pr.DisplacedEBITDA))
	return row
}
