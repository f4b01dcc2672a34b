package report

import (
	"strings"

	"github.com/shopspring/decimal"

	"minergap/model"
	"minergap/xlsx"
)

// scenarioCol is a column of the Scenarios sheet, counted from 0 (column A): one row per miner
// and scenario, every figure of SPEC §3.
type scenarioCol int

// col is the spreadsheet's 1-based column number.
func (c scenarioCol) col() int { return int(c) + 1 }

// Scenarios sheet columns.
const (
	scTicker scenarioCol = iota
	scScenario
	scScope
	scShareEquity
	scShareConvertible
	scShareCorporate
	scShareProject
	scPrice
	scGap
	scCapacity
	scPDLimit
	scPD
	scPDGross
	scExistingPrincipal
	scCVLimit
	scCV
	scCVGross
	scPFEBITDA
	scND0
	scCDLimit
	scCD
	scCDGross
	scEQ
	scEQGross
	scIssuePrice
	scNewShares
	scConversionPrice
	scNewConvShares
	scExistingConvert
	scExistingWarrant
	scExistingDilutive
	scPFBasic
	scPFDiluted
	scDilutionBasic
	scDilutionDiluted
	scEconomicConvert
	scEconomicShares
	scDilutionEconomic
	scPFDebt
	scPFNetDebt
	scNetLeverage
	scExistingInterest
	scPFInterest
	scCoverage
	scCashFlowPerShare
	scFlagFirst                   // the first of the flags, one column per flagNames entry
	scFlagLast  = scFlagFirst + 5 // the last of the flags
	// SPEC §3c's solves, stored values (sensitivity.go).
	scSharePriceForTarget = scFlagLast + 1
	scCapexToCloseGap     = scFlagLast + 2
	scCount               = scFlagLast + 3 // columns before the timeline's
)

// The timeline's columns (timeline.go), after the solves.
const (
	scMinCash scenarioCol = scCount + iota
	scMinCashQuarter
	scTroughCoverage
	scTroughQuarter
	scFCFPerShare
	scTimelineShortfall
	scTimelineCount // columns in all
)

const (
	scHeaderRow = 3
	scFirstRow  = 4
)

var flagNames = []model.Flag{model.SpillProjectDebt, model.SpillConvertible, model.SpillCorporateDebt,
	model.LeverageAboveMax, model.CoverageBelowMin, model.NonPositiveEBITDA}

var scenarioHeaders = []header{
	{"Ticker", "the miner", 10},
	{"Scenario", "the financing scenario (Inputs)", 38},
	{"Scope", "the projects the scenario finances: Near-term or Full pipeline", 13},
	{"Equity share (fraction)", "the scenario's equity share / the sum of the four shares", 9},
	{"Convertible share (fraction)", "convertible share / the sum of the four shares", 9},
	{"Corporate debt share (fraction)", "corporate debt share / the sum of the four shares", 9},
	{"Project debt share (fraction)", "project debt share / the sum of the four shares", 9},
	{"Share price P (USD)", "share price × (1 + the scenario's share price change)", 10},
	{"Gap G (USD m)", "the funding gap recomputed for the scenario's scope with its changes and overrides (the miner's sheet)", 11},
	{"Project-debt capacity (USD m)", "Σ new project-debt capacity of the scope's projects, gross (the miner's sheet)", 11},
	{"Project debt limit, net (USD m)", "capacity × (1 − debt fee)", 11},
	{"Project debt, net (USD m)", "min(project debt share × G, project debt limit)", 11},
	{"Project debt, gross (USD m)", "project debt / (1 − debt fee)", 11},
	{"Existing convertible principal (USD m)", "Σ principal of the miner's convertibles (Inputs): the cap holds all convertibles, old and new", 11},
	{"Convertible limit, net (USD m)", "max(0, max convertible × P × shares outstanding − existing convertible principal) × (1 − convertible fee)", 11},
	{"Convertible, net (USD m)", "min(convertible share × G, convertible limit)", 11},
	{"Convertible, gross (USD m)", "convertible / (1 − convertible fee)", 11},
	{"PF EBITDA (USD m per year)", "mining EBITDA − Σ displaced mining EBITDA + Σ run-rate NOI of the scope's projects with a contract", 11},
	{"Net debt before corporate debt ND0 (USD m)", "debt + undrawn committed debt + committed project debt used + project debt gross + convertible gross − minimum cash", 12},
	{"Corporate debt limit, net (USD m)", "0 when PF EBITDA ≤ 0; else max(0, max net leverage × PF EBITDA − ND0) × (1 − debt fee)", 11},
	{"Corporate debt, net (USD m)", "min(corporate debt share × G, corporate debt limit)", 11},
	{"Corporate debt, gross (USD m)", "corporate debt / (1 − debt fee)", 11},
	{"Equity, net (USD m)", "G − project debt − convertible − corporate debt: the equity share of G plus every shortfall of the other three (the spills)", 11},
	{"Equity, gross (USD m)", "equity / (1 − equity fee)", 11},
	{"Issue price (USD)", "P × (1 − equity discount)", 10},
	{"New shares (m)", "equity gross / issue price", 10},
	{"New conversion price (USD)", "P × (1 + convertible premium)", 10},
	{"New conversion shares (m)", "convertible gross / new conversion price", 10},
	{"Existing convertible shares (m)", "Σ principal / conversion price of the miner's convertibles (if-converted)", 10},
	{"Existing warrant shares (m)", "Σ warrant shares × max(0, P − strike) / P (treasury-stock method)", 10},
	{"Existing dilutive shares (m)", "existing convertible shares + existing warrant shares", 10},
	{"PF basic shares (m)", "shares outstanding + new shares", 10},
	{"PF diluted shares (m)", "PF basic shares + new conversion shares + existing dilutive shares", 10},
	{"Dilution, basic (%)", "new shares / PF basic shares", 9},
	{"Dilution, diluted (%)", "(new shares + new conversion shares) / PF diluted shares: the GAAP if-converted view", 9},
	{"Existing convertible shares, economic (m)", "Σ principal / conversion price × max(0, P − K) / P, K the cap price of a capped call when given, else the conversion price: shares a note settled net of its principal would issue", 10},
	{"Economic shares (m)", "PF basic shares + existing convertible shares, economic + existing warrant shares (new convertibles, issued above P, count none)", 10},
	{"Dilution, economic (%)", "new shares / economic shares: the view after net share settlement and capped calls", 9},
	{"PF debt (USD m)", "debt + undrawn committed debt + committed project debt used + project debt, convertible and corporate debt gross", 11},
	{"PF net debt (USD m)", "PF debt − minimum cash − surplus; negative is net cash", 11},
	{"Net leverage (x)", "PF net debt / PF EBITDA; n/a when PF EBITDA ≤ 0", 9},
	{"Existing interest (USD m per year)", "Interest from Inputs when given; else max(0, debt − Σ convertible principal) × corporate debt rate + Σ principal × coupon (Assumptions values)", 11},
	{"PF interest (USD m per year)", "existing interest + undrawn committed debt × undrawn debt rate + Σ committed project debt used × its signed rate + project debt gross × project debt rate + corporate debt gross × corporate debt rate + convertible gross × convertible coupon", 11},
	{"Interest coverage (x)", "PF EBITDA / PF interest; n/a when PF EBITDA ≤ 0 or PF interest is 0", 9},
	{"Cash flow per diluted share (USD)", "(PF EBITDA − PF interest + Σ existing convertible principal × coupon + convertible gross × convertible coupon) / PF diluted shares: coupons of notes counted as shares are added back; n/a without diluted shares", 11},
	{"Flag: spill: project debt", "project debt below its share of G by more than the flag tolerance × max(1, G) (Inputs): the shortfall goes to equity", 19},
	{"Flag: spill: convertible", "convertible below its share of G by more than the flag tolerance × max(1, G): the shortfall goes to equity", 19},
	{"Flag: spill: corporate debt", "corporate debt below its share of G by more than the flag tolerance × max(1, G): the shortfall goes to equity", 19},
	{"Flag: leverage above max", "net leverage above max net leverage × (1 + flag tolerance)", 19},
	{"Flag: coverage below min", "interest coverage below min interest coverage × (1 − flag tolerance)", 19},
	{"Flag: non-positive EBITDA", "PF EBITDA ≤ 0: no corporate debt, leverage and coverage n/a", 19},
	{"Share price for target dilution (USD)", "a solve stored as a value (SPEC §3c): the lowest share price P at which basic dilution is at most the Target dilution (Inputs), by 60 halvings of 0.01 × P to 100 × P; n/a when 100 × P does not reach it", 12},
	{"Capex change to close the gap (fraction)", "a solve stored as a value (SPEC §3c): the largest capex change, on top of the scenario's own, at which the gap is 0 (negative: the cut the plan needs), by 60 halvings of −0.99 to 10; n/a when −0.99 leaves a gap", 12},
}

// scenarioRow is the Scenarios row of miner i (Result.Miners index) and scenario s.
func (ow *writer) scenarioRow(i, s int) int { return scFirstRow + i*len(ow.r.Scenarios) + s }

// scenarioCell is the Scenarios cell, sheet included, of column col for miner i and scenario s:
// what every other sheet links to.
func (ow *writer) scenarioCell(i, s int, col scenarioCol) string {
	return xlsx.Quote(SheetScenarios) + "!" + cellRef(col.col(), ow.scenarioRow(i, s))
}

// allScenarioHeaders are the Scenarios sheet's columns: SPEC §3's, then the timeline's.
func allScenarioHeaders() []header {
	return append(scenarioHeaders[:len(scenarioHeaders):len(scenarioHeaders)], timelineScenarioHeaders...)
}

// scenariosExtent is the Scenarios sheet's extent: its columns, a row per miner and scenario.
func (ow *writer) scenariosExtent() [2]int {
	last := scHeaderRow
	if n := len(ow.r.Miners) * len(ow.r.Scenarios); n > 0 {
		last = ow.scenarioRow(len(ow.r.Miners)-1, len(ow.r.Scenarios)-1)
	}
	return [2]int{len(allScenarioHeaders()), last}
}

func (ow *writer) writeScenarios() error {
	hs := allScenarioHeaders()
	last := ow.scenariosExtent()[1]
	s, err := ow.streamPages(SheetScenarios, widths(hs), freeze(3, scHeaderRow), 3)
	if err != nil {
		return err
	}
	note := "USD m unless stated. Net amounts sum to the gap G; limits cap gross amounts; a shortfall spills to equity. Hover a header for its formula. The two solves are stored as values, not formulas; so are trough coverage and FCF per diluted share (the model's quarterly timeline); the lowest cash links the Timeline sheet."
	if ow.minerSheetsLeftOut() {
		note += " For a miner without a sheet (see the Cover), the figures its sheet would give (G, the capacity, the project sums in PF EBITDA, ND0, PF debt, PF net debt and PF interest) are the model's values."
	}
	if err := s.intro("Scenarios: each miner financed by each scenario", note); err != nil {
		return err
	}
	if err := s.headers(scHeaderRow, 1, hs); err != nil {
		return err
	}
	s.filter(scHeaderRow, len(hs), last)
	for i := range ow.r.Miners {
		for si := range ow.r.Scenarios {
			if err := s.row(ow.scenarioRow(i, si), ow.scenarioCells(i, si)...); err != nil {
				return err
			}
		}
	}
	if n := len(ow.r.Miners) * len(ow.r.Scenarios); n > 0 {
		top := cellRef(scFlagFirst.col(), scFirstRow)
		if err := s.flagged(top+":"+cellRef(scFlagLast.col(), scFirstRow+n-1), top); err != nil {
			return err
		}
		flag := cellRef(scTimelineShortfall.col(), scFirstRow)
		if err := s.flagged(flag+":"+cellRef(scTimelineShortfall.col(), scFirstRow+n-1), flag); err != nil {
			return err
		}
	}
	return s.flush()
}

// scenarioValue is the stored value of Scenarios column col for miner i and scenario s, the
// model's figure; the miner's sheet links to it and must store the same.
func (ow *writer) scenarioValue(i, s int, col scenarioCol) any {
	fin := ow.r.Miners[i].Financings[s]
	switch col {
	case scPD:
		return num(fin.ProjectDebt)
	case scCV:
		return num(fin.Convertible)
	case scCD:
		return num(fin.CorporateDebt)
	case scEQ:
		return num(fin.Equity)
	case scPDGross:
		return num(fin.ProjectDebtGross)
	case scCVGross:
		return num(fin.ConvertibleGross)
	case scCDGross:
		return num(fin.CorporateDebtGross)
	case scEQGross:
		return num(fin.EquityGross)
	case scNewShares:
		return num(fin.NewShares)
	case scNewConvShares:
		return num(fin.NewConversionShares)
	case scExistingDilutive:
		return num(fin.ExistingDilutiveShares)
	case scPFDiluted:
		return num(fin.PFDilutedShares)
	case scDilutionBasic:
		return num(fin.DilutionBasic)
	case scDilutionDiluted:
		return num(fin.DilutionDiluted)
	case scDilutionEconomic:
		return num(fin.DilutionEconomic)
	case scPFEBITDA:
		return num(fin.PFEBITDA)
	case scPFNetDebt:
		return num(fin.PFNetDebt)
	case scNetLeverage:
		return numOrNA(fin.NetLeverage)
	case scPFInterest:
		return num(fin.PFInterest)
	case scCoverage:
		return numOrNA(fin.InterestCoverage)
	case scCashFlowPerShare:
		return numOrNA(fin.CashFlowPerShare)
	}
	if col == scSharePriceForTarget || col == scCapexToCloseGap {
		return ow.solveValue(i, s, col)
	}
	if col >= scFlagFirst && col <= scFlagLast {
		return flagText(fin, flagNames[col-scFlagFirst])
	}
	return nil
}

func flagText(fin model.Financing, f model.Flag) string {
	for _, g := range fin.Flags {
		if g == f {
			return string(f)
		}
	}
	return ""
}

func (ow *writer) scenarioCells(i, si int) []any {
	mr := ow.r.Miners[i]
	mi := mr.Index
	m := ow.u.Miners[mi]
	sc := ow.r.Scenarios[si]
	fin := mr.Financings[si]
	r := ow.scenarioRow(i, si)
	x := func(c scenarioCol) string { return cellRef(c.col(), r) }
	mIn := func(field string) string { return ow.in(ow.lay.miner(mi, field)) }
	sIn := func(field string) string { return ow.in(ow.lay.scenario(si, field)) }
	asm := func(k model.AssumptionKey) string { return ow.in(ow.lay.scenarioAssumption(si, k)) }
	base := func(k model.AssumptionKey) string { return ow.in(ow.lay.assumption(k)) }
	lay := ow.minerLay(i)
	pos := func(line int) string { return lay.position(fin.Scope, si, line) }
	n := func(d decimal.Decimal) float64 { return num(d) }

	row := make([]any, scTimelineCount)
	set := func(col scenarioCol, st xlsx.Style, formula string, v any) { row[col] = ow.figure(st, formula, v) }
	row[scTicker] = m.Ticker
	row[scScenario] = ow.val(xlsx.StyleWrap, sc.Name)
	row[scScope] = sc.Scope.String()

	mixSum := "(" + sIn(model.FieldEquity) + "+" + sIn(model.FieldConvertible) + "+" + sIn(model.FieldCorporateDebt) + "+" + sIn(model.FieldProjectDebt) + ")"
	for k, field := range model.MixFields {
		set(scShareEquity+scenarioCol(k), xlsx.StylePercent, sIn(field)+"/"+mixSum, n(fin.Mix[k]))
	}
	set(scPrice, xlsx.StylePrice, mIn(model.FieldSharePrice)+"*(1+"+sIn(model.FieldSharePriceChange)+")", n(fin.Price))
	set(scGap, xlsx.StyleLinkMoney, pos(msGap), n(fin.Gap))
	set(scCapacity, xlsx.StyleLinkMoney, pos(msDebtCapacity), n(fin.Position.DebtCapacity))
	debtFee := asm(model.DebtFee)
	cvFee := asm(model.ConvertibleFee)
	set(scPDLimit, xlsx.StyleMoney, x(scCapacity)+"*(1-"+debtFee+")", n(fin.ProjectDebtLimit))
	set(scPD, xlsx.StyleMoney, "MIN("+x(scShareProject)+"*"+x(scGap)+","+x(scPDLimit)+")", n(fin.ProjectDebt))
	set(scPDGross, xlsx.StyleMoney, x(scPD)+"/(1-"+debtFee+")", n(fin.ProjectDebtGross))
	set(scCVLimit, xlsx.StyleMoney, "MAX(0,"+asm(model.MaxConvertible)+"*"+x(scPrice)+"*"+mIn(model.FieldSharesOutstanding)+"-"+x(scExistingPrincipal)+")*(1-"+cvFee+")", n(fin.ConvertibleLimit))
	set(scCV, xlsx.StyleMoney, "MIN("+x(scShareConvertible)+"*"+x(scGap)+","+x(scCVLimit)+")", n(fin.Convertible))
	set(scCVGross, xlsx.StyleMoney, x(scCV)+"/(1-"+cvFee+")", n(fin.ConvertibleGross))
	set(scPFEBITDA, xlsx.StyleMoney, formulaOf(mIn(model.FieldMiningEBITDA), "-", pos(msDisplaced), "+", pos(msContractNOI)), n(fin.PFEBITDA))
	committed := pos(msCommittedDebt)
	set(scND0, xlsx.StyleMoney, formulaOf(mIn(model.FieldDebt), "+", mIn(model.FieldUndrawnDebt), "+", committed, "+", x(scPDGross), "+", x(scCVGross), "-", mIn(model.FieldMinimumCash)), n(fin.NetDebtBefore))
	set(scCDLimit, xlsx.StyleMoney, "IF("+x(scPFEBITDA)+"<=0,0,MAX(0,"+asm(model.MaxNetLeverage)+"*"+x(scPFEBITDA)+"-"+x(scND0)+")*(1-"+debtFee+"))", n(fin.CorporateDebtLimit))
	set(scCD, xlsx.StyleMoney, "MIN("+x(scShareCorporate)+"*"+x(scGap)+","+x(scCDLimit)+")", n(fin.CorporateDebt))
	set(scCDGross, xlsx.StyleMoney, x(scCD)+"/(1-"+debtFee+")", n(fin.CorporateDebtGross))
	g := x(scGap)
	set(scEQ, xlsx.StyleMoney, g+"-"+x(scPD)+"-"+x(scCV)+"-"+x(scCD), n(fin.Equity))
	set(scEQGross, xlsx.StyleMoney, x(scEQ)+"/(1-"+asm(model.EquityFee)+")", n(fin.EquityGross))
	set(scIssuePrice, xlsx.StylePrice, x(scPrice)+"*(1-"+asm(model.EquityDiscount)+")", n(fin.IssuePrice))
	set(scNewShares, xlsx.StyleShares, x(scEQGross)+"/"+x(scIssuePrice), n(fin.NewShares))
	set(scConversionPrice, xlsx.StylePrice, x(scPrice)+"*(1+"+asm(model.ConvertiblePremium)+")", n(fin.ConversionPrice))
	set(scNewConvShares, xlsx.StyleShares, x(scCVGross)+"/"+x(scConversionPrice), n(fin.NewConversionShares))

	// Existing instruments, term by term.
	var convShares, economicShares, warrantShares, principal, coupons []string
	for _, k := range ow.convs[i] {
		p := ow.in(ow.lay.instrument(k, model.FieldPrincipal))
		conversion := ow.in(ow.lay.instrument(k, model.FieldConversionPrice))
		convShares = append(convShares, p+"/"+conversion)
		cap := conversion // a capped call absorbs dilution up to its cap
		if ow.u.Instruments[k].CapPrice.Valid {
			cap = ow.in(ow.lay.instrument(k, model.FieldCapPrice))
		}
		economicShares = append(economicShares, p+"/"+conversion+"*MAX(0,"+x(scPrice)+"-"+cap+")/"+x(scPrice))
		principal = append(principal, p)
		coupons = append(coupons, p+"*"+ow.in(ow.lay.instrument(k, model.FieldCoupon)))
	}
	for _, k := range ow.warrants[i] {
		warrantShares = append(warrantShares, ow.in(ow.lay.instrument(k, model.FieldShares))+"*MAX(0,"+x(scPrice)+"-"+
			ow.in(ow.lay.instrument(k, model.FieldConversionPrice))+")/"+x(scPrice))
	}
	sumOf := func(terms []string) string {
		if len(terms) == 0 {
			return "0"
		}
		return strings.Join(terms, "+")
	}
	set(scExistingPrincipal, xlsx.StyleMoney, sumOf(principal), n(fin.ExistingConvertiblePrincipal))
	set(scExistingConvert, xlsx.StyleShares, sumOf(convShares), n(fin.ExistingConvertShares))
	set(scExistingWarrant, xlsx.StyleShares, sumOf(warrantShares), n(fin.ExistingWarrantShares))
	set(scExistingDilutive, xlsx.StyleShares, x(scExistingConvert)+"+"+x(scExistingWarrant), n(fin.ExistingDilutiveShares))
	set(scPFBasic, xlsx.StyleShares, mIn(model.FieldSharesOutstanding)+"+"+x(scNewShares), n(fin.PFBasicShares))
	set(scPFDiluted, xlsx.StyleShares, x(scPFBasic)+"+"+x(scNewConvShares)+"+"+x(scExistingDilutive), n(fin.PFDilutedShares))
	set(scDilutionBasic, xlsx.StylePercent, x(scNewShares)+"/"+x(scPFBasic), n(fin.DilutionBasic))
	set(scDilutionDiluted, xlsx.StylePercent, "("+x(scNewShares)+"+"+x(scNewConvShares)+")/"+x(scPFDiluted), n(fin.DilutionDiluted))
	set(scEconomicConvert, xlsx.StyleShares, sumOf(economicShares), n(fin.EconomicConvertShares))
	set(scEconomicShares, xlsx.StyleShares, x(scPFBasic)+"+"+x(scEconomicConvert)+"+"+x(scExistingWarrant), n(fin.EconomicShares))
	set(scDilutionEconomic, xlsx.StylePercent, x(scNewShares)+"/"+x(scEconomicShares), n(fin.DilutionEconomic))
	set(scPFDebt, xlsx.StyleMoney, formulaOf(mIn(model.FieldDebt), "+", mIn(model.FieldUndrawnDebt), "+", committed, "+", x(scPDGross), "+", x(scCVGross), "+", x(scCDGross)), n(fin.PFDebt))
	set(scPFNetDebt, xlsx.StyleMoney, formulaOf(x(scPFDebt), "-", mIn(model.FieldMinimumCash), "-", pos(msSurplus)), n(fin.PFNetDebt))
	ebitda := x(scPFEBITDA)
	set(scNetLeverage, xlsx.StyleMultiple, "IF("+ebitda+`<=0,"n/a",`+x(scPFNetDebt)+"/"+ebitda+")", numOrNA(fin.NetLeverage))
	if m.Interest.Valid {
		set(scExistingInterest, xlsx.StyleLinkMoney, mIn(model.FieldInterest), n(fin.ExistingInterest))
	} else {
		debt := mIn(model.FieldDebt)
		if len(principal) > 0 {
			debt += "-" + x(scExistingPrincipal)
		}
		f := "MAX(0," + debt + ")*" + base(model.CorporateDebtRate)
		if len(coupons) > 0 {
			f += "+" + sumOf(coupons)
		}
		set(scExistingInterest, xlsx.StyleMoney, f, n(fin.ExistingInterest))
	}
	// Committed project debt used, each at its project's rate: a SUMPRODUCT over the block.
	// Without the miner's sheet there is no block to sum over: "", and the cell stores the
	// model's value.
	committedInterest := "0"
	if lay.n > 0 {
		rng := func(pc projectCol) string { return lay.projects(si, pc) }
		committedInterest = ""
		if used := rng(pcCommittedUsed); used != "" {
			committedInterest = "SUMPRODUCT(" + used + "," + rng(pcCommittedRate)
			if fin.Scope == model.NearTerm {
				committedInterest += "," + rng(pcNearTerm)
			}
			committedInterest += ")"
		}
	}
	set(scPFInterest, xlsx.StyleMoney, formulaOf(x(scExistingInterest), "+", mIn(model.FieldUndrawnDebt), "*", mIn(model.FieldUndrawnDebtRate), "+", committedInterest,
		"+", x(scPDGross), "*", asm(model.ProjectDebtRate), "+", x(scCDGross), "*", asm(model.CorporateDebtRate),
		"+", x(scCVGross), "*", asm(model.ConvertibleCoupon)), n(fin.PFInterest))
	set(scCoverage, xlsx.StyleMultiple, "IF(OR("+ebitda+"<=0,"+x(scPFInterest)+`<=0),"n/a",`+ebitda+"/"+x(scPFInterest)+")", numOrNA(fin.InterestCoverage))
	set(scCashFlowPerShare, xlsx.StylePrice, "IF("+x(scPFDiluted)+`<=0,"n/a",(`+ebitda+"-"+x(scPFInterest)+"+"+sumOf(coupons)+
		"+"+x(scCVGross)+"*"+asm(model.ConvertibleCoupon)+")/"+x(scPFDiluted)+")", numOrNA(fin.CashFlowPerShare))

	// Flags follow the model's tolerance rule (model.FlagTolerance, kept on Inputs), so that a
	// limit that binds exactly is flagged in no engine, whatever its float rounding.
	tol := ow.in(ow.lay.flagTolerance)
	spill := func(share, amount scenarioCol, f model.Flag) string {
		return "IF(" + x(share) + "*" + g + "-" + x(amount) + ">" + tol + "*MAX(1," + g + `),"` + string(f) + `","")`
	}
	flags := []string{
		spill(scShareProject, scPD, model.SpillProjectDebt),
		spill(scShareConvertible, scCV, model.SpillConvertible),
		spill(scShareCorporate, scCD, model.SpillCorporateDebt),
		"IF(" + ebitda + `<=0,"",IF(` + x(scNetLeverage) + ">" + asm(model.MaxNetLeverage) + "*(1+" + tol + `),"` + string(model.LeverageAboveMax) + `",""))`,
		"IF(ISNUMBER(" + x(scCoverage) + "),IF(" + x(scCoverage) + "<" + asm(model.MinInterestCoverage) + "*(1-" + tol + `),"` + string(model.CoverageBelowMin) + `",""),"")`,
		"IF(" + ebitda + `<=0,"` + string(model.NonPositiveEBITDA) + `","")`,
	}
	for k, f := range flags {
		set(scFlagFirst+scenarioCol(k), xlsx.StyleFormulaText, f, flagText(fin, flagNames[k]))
	}
	row[scSharePriceForTarget] = ow.val(xlsx.StylePrice, ow.solveValue(i, si, scSharePriceForTarget))
	row[scCapexToCloseGap] = ow.val(xlsx.StylePercent, ow.solveValue(i, si, scCapexToCloseGap))
	ow.timelineScenarioCells(i, si, set)
	return row
}
