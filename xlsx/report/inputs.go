package report

import (
	"strconv"

	"github.com/shopspring/decimal"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// The Inputs sheet lists every value the model used, one per row, with where it came from:
// Table, Ticker, Item, Field, Value, Unit, Source. Formulas elsewhere point at column E.
const (
	inColValue = 5
	inFirstRow = 4
)

// Fields of a miner on Inputs, in row order.
const (
	imCompany = iota
	imSharePrice
	imShares
	imCash
	imBTCHeld
	imDebt
	imInterest
	imUndrawn
	imUndrawnRate
	imOtherCommitted
	imOtherUses
	imMinCash
	imEBITDA
	imCount
)

// Fields of a project on Inputs, in row order.
const (
	ipStatus = iota
	ipModel
	ipMW
	ipCapexPerMW
	ipGPUCapexPerMW
	ipCapexSpent
	ipStart
	ipEnergization
	ipTenant
	ipContractValue
	ipContractYears
	ipPrepayment
	ipNOIMargin
	ipCommittedDebt
	ipLoanToCost
	ipDebtRate
	ipCount
)

// Fields of an instrument on Inputs, in row order.
const (
	iiType = iota
	iiPrincipal
	iiShares
	iiConversionPrice
	iiCapPrice
	iiCoupon
	iiMaturity
	iiCount
)

// Fields of a scenario on Inputs: the scope, the mix, the changes, then the value each
// assumption takes in the scenario (its override, or the Assumptions value).
const (
	isScope = iota
	isEquity
	isConvertible
	isCorporateDebt
	isProjectDebt
	isSharePriceChange
	isCapexChange
	isAssumptions // + AssumptionKey - 1 (As of date is not a scenario value)
)

const isCount = isAssumptions + int(model.MinInterestCoverage)

// inputsLayout says on which Inputs row each value sits.
type inputsLayout struct {
	tolerance int
	scenarios int
	miners    int
	projects  int
	instrs    int
	last      int
}

func newOutInputsLayout(u *model.Universe, nScenarios int) inputsLayout {
	var l inputsLayout
	l.tolerance = inFirstRow + len(model.AssumptionDefs)
	l.scenarios = l.tolerance + 2
	l.miners = l.scenarios + nScenarios*isCount + 1
	l.projects = l.miners + len(u.Miners)*imCount + 1
	l.instrs = l.projects + len(u.Projects)*ipCount + 1
	l.last = l.instrs + len(u.Instruments)*iiCount - 1
	return l
}

func (l inputsLayout) assumption(k model.AssumptionKey) int { return inFirstRow + int(k) }
func (l inputsLayout) scenario(s, field int) int            { return l.scenarios + s*isCount + field }
func (l inputsLayout) miner(i, field int) int               { return l.miners + i*imCount + field }
func (l inputsLayout) project(j, field int) int             { return l.projects + j*ipCount + field }
func (l inputsLayout) instrument(k, field int) int          { return l.instrs + k*iiCount + field }

// scenarioAssumption is the row of assumption k's value in scenario s; s < 0 is the base case.
func (l inputsLayout) scenarioAssumption(s int, k model.AssumptionKey) int {
	if s < 0 {
		return l.assumption(k)
	}
	return l.scenario(s, isAssumptions+int(k)-1)
}

// in is a reference to an Inputs value cell from another sheet.
func (ow *writer) in(row int) string { return "'Inputs'!E" + strconv.Itoa(row) }

// checkTolerance is the largest difference, in USD m, a check on the Checks sheet lets pass:
// the float arithmetic of a spreadsheet recalculating drifts by far less.
var checkTolerance = decimal.New(1, -6)

var inputsHeaders = []header{
	{"Table", "the input sheet the value belongs to", 12},
	{"Ticker", "the miner the value belongs to", 10},
	{"Item", "the project, instrument or scenario the value belongs to", 24},
	{"Field", "the input column or assumption name", 30},
	{"Value", "the value used: blue when read or defaulted, black when it is taken from another row of this sheet", 14},
	{"Unit", "money in USD m, shares in m, prices in USD, power in critical IT MW, rates as fractions", 22},
	{"Source", "where the value came from: the input cell, or default (the tool's default, or the Assumptions value a blank project field falls back to)", 44},
}

func (ow *writer) writeInputs() error {
	s, err := ow.stream(SheetInputs, widths(inputsHeaders), freeze(0, inFirstRow-1))
	if err != nil {
		return err
	}
	if err := s.intro("Inputs: every value the model used", "One value per row. Source names the input cell, or default when the workbook left it blank. Formulas on every other sheet point at column E."); err != nil {
		return err
	}
	if err := s.headers(inFirstRow-1, 1, inputsHeaders); err != nil {
		return err
	}
	put := func(row int, table, ticker, item, field string, v any, unit, source string) error {
		return s.row(row, table, ticker, item, field, v, ow.val(xlsx.StyleUnit, unit), source)
	}
	a := ow.u.Assumptions
	for _, d := range model.AssumptionDefs {
		ref := model.Ref{Table: model.TableAssumptions, Row: int(d.Key), Field: "Value"}
		var v any
		switch {
		case d.Key == model.AsOfDate:
			v = ow.val(xlsx.StyleInputDate, a.AsOf)
		case d.Key == model.BTCPrice && !a.HasBTCPrice:
			v = nil
		default:
			v = ow.val(xlsx.InputStyle(d.Kind), num(a.Get(d.Key)))
		}
		if err := put(ow.lay.assumption(d.Key), model.TableAssumptions, "", "", d.Name, v, d.Unit, ow.b.Source(ref)); err != nil {
			return err
		}
	}
	if err := put(ow.lay.tolerance, "Checks", "", "", "Check tolerance",
		ow.val(xlsx.StyleInputTolerance, num(checkTolerance)), "USD m", "default"); err != nil {
		return err
	}
	for si, sc := range ow.r.Scenarios {
		if err := ow.writeInputsScenario(s, si, sc); err != nil {
			return err
		}
	}
	for i, m := range ow.u.Miners {
		if err := ow.writeInputsMiner(s, i, m); err != nil {
			return err
		}
	}
	for j, p := range ow.u.Projects {
		if err := ow.writeInputsProject(s, j, p); err != nil {
			return err
		}
	}
	for k, in := range ow.u.Instruments {
		if err := ow.writeInputsInstrument(s, k, in); err != nil {
			return err
		}
	}
	return s.flush()
}

func (ow *writer) writeInputsScenario(s *sheetWriter, si int, sc model.Scenario) error {
	src := func(field string) string {
		return ow.b.Source(model.Ref{Table: model.TableScenarios, Row: si, Field: field})
	}
	rows := []struct {
		field string
		v     any
	}{
		{"Scope", ow.val(xlsx.StyleInputText, sc.Scope.String())},
		{"Equity", ow.val(xlsx.StyleInputPercent, num(sc.Equity))},
		{"Convertible", ow.val(xlsx.StyleInputPercent, num(sc.Convertible))},
		{"Corporate debt", ow.val(xlsx.StyleInputPercent, num(sc.CorporateDebt))},
		{"Project debt", ow.val(xlsx.StyleInputPercent, num(sc.ProjectDebt))},
		{"Share price change", ow.val(xlsx.StyleInputPercent, num(sc.SharePriceChange))},
		{"Capex change", ow.val(xlsx.StyleInputPercent, num(sc.CapexChange))},
	}
	for f, r := range rows {
		unit := "fraction"
		if f == isScope {
			unit = ""
		}
		if err := s.row(ow.lay.scenario(si, f), model.TableScenarios, "", sc.Name, r.field, r.v, ow.val(xlsx.StyleUnit, unit), src(r.field)); err != nil {
			return err
		}
	}
	a := ow.u.Assumptions
	for _, d := range model.AssumptionDefs[1:] {
		row := ow.lay.scenarioAssumption(si, d.Key)
		var v any
		source := "Assumptions (no override)"
		if o, ok := sc.Overrides[d.Key]; ok {
			v = ow.val(xlsx.InputStyle(d.Kind), num(o))
			source = src(d.Name)
		} else {
			base := a.Get(d.Key)
			v = ow.cell(xlsx.FormulaStyle(d.Kind), "E"+strconv.Itoa(ow.lay.assumption(d.Key)), num(base))
		}
		if err := s.row(row, model.TableScenarios, "", sc.Name, d.Name+" (used)", v, ow.val(xlsx.StyleUnit, d.Unit), source); err != nil {
			return err
		}
	}
	return nil
}

func (ow *writer) writeInputsMiner(s *sheetWriter, i int, m model.Miner) error {
	a := ow.u.Assumptions
	src := func(field string) string {
		return ow.b.Source(model.Ref{Table: model.TableMiners, Row: i, Field: field})
	}
	money := func(d decimal.Decimal) any { return ow.val(xlsx.StyleInputMoney, num(d)) }
	type row struct {
		field, unit string
		v           any
		source      string
	}
	rows := [imCount]row{
		imCompany:        {"Company", "", ow.val(xlsx.StyleInputText, m.Company), src("Company")},
		imSharePrice:     {"Share price", "USD", ow.val(xlsx.StyleInputPrice, num(m.SharePrice)), src("Share price")},
		imShares:         {"Shares outstanding", "m", ow.val(xlsx.StyleInputShares, num(m.SharesOutstanding)), src("Shares outstanding")},
		imCash:           {"Cash", "USD m", money(m.Cash), src("Cash")},
		imBTCHeld:        {"BTC held", "BTC", ow.val(xlsx.StyleInputNumber, num(m.BTCHeld)), src("BTC held")},
		imDebt:           {"Debt", "USD m", money(m.Debt), src("Debt")},
		imInterest:       {"Interest", "USD m per year", nil, "blank: derived from debt, the corporate debt rate and coupons (see Scenarios)"},
		imUndrawn:        {"Undrawn committed debt", "USD m", money(m.UndrawnDebt), src("Undrawn committed debt")},
		imUndrawnRate:    {"Undrawn debt rate", "fraction", nil, src("Undrawn debt rate")},
		imOtherCommitted: {"Other committed funding", "USD m", money(m.OtherCommitted), src("Other committed funding")},
		imOtherUses:      {"Other uses", "USD m", money(m.OtherUses), src("Other uses")},
		imMinCash:        {"Minimum cash", "USD m", money(m.MinimumCash), src("Minimum cash")},
		imEBITDA:         {"Mining EBITDA", "USD m per year", money(m.MiningEBITDA), src("Mining EBITDA")},
	}
	if m.Interest.Valid {
		rows[imInterest].v = money(m.Interest.Decimal)
		rows[imInterest].source = src("Interest")
	}
	if m.UndrawnDebtRate.Valid {
		rows[imUndrawnRate].v = ow.val(xlsx.StyleInputPercent, num(m.UndrawnDebtRate.Decimal))
	} else {
		rows[imUndrawnRate].v = ow.cell(xlsx.StyleRate, "E"+strconv.Itoa(ow.lay.assumption(model.CorporateDebtRate)),
			num(a.Get(model.CorporateDebtRate)))
		rows[imUndrawnRate].source = "default: Corporate debt rate"
	}
	for f, r := range rows {
		if err := s.row(ow.lay.miner(i, f), model.TableMiners, m.Ticker, "", r.field, r.v, ow.val(xlsx.StyleUnit, r.unit), r.source); err != nil {
			return err
		}
	}
	return nil
}

func (ow *writer) writeInputsProject(s *sheetWriter, j int, p model.Project) error {
	a := ow.u.Assumptions
	src := func(field string) string {
		return ow.b.Source(model.Ref{Table: model.TableProjects, Row: j, Field: field})
	}
	type row struct {
		field, unit string
		v           any
		source      string
	}
	orDefault := func(field string, k model.AssumptionKey, kind model.Kind, v decimal.NullDecimal) row {
		if v.Valid {
			return row{field, input.Unit(kind), ow.val(xlsx.InputStyle(kind), num(v.Decimal)), src(field)}
		}
		def := model.AssumptionDefs[k]
		return row{field, input.Unit(kind),
			ow.cell(xlsx.FormulaStyle(kind), "E"+strconv.Itoa(ow.lay.assumption(k)), num(a.Get(k))),
			"default: " + def.Name + " (a scenario's override applies)"}
	}
	date := func(field string, t interface{ IsZero() bool }, v any) row {
		if t.IsZero() {
			return row{field, "date", nil, "blank"}
		}
		return row{field, "date", v, src(field)}
	}
	money := func(field string, d decimal.Decimal) row {
		return row{field, "USD m", ow.val(xlsx.StyleInputMoney, num(d)), src(field)}
	}
	rows := [ipCount]row{
		ipStatus:        {"Status", "", ow.val(xlsx.StyleInputText, p.Status.String()), src("Status")},
		ipModel:         {"Model", "", ow.val(xlsx.StyleInputText, p.Business.String()), src("Model")},
		ipMW:            {"IT MW", "MW", ow.val(xlsx.StyleInputNumber, num(p.MW)), src("IT MW")},
		ipCapexPerMW:    orDefault("Capex per MW", model.CapexPerMW, model.KindPerMW, p.CapexPerMW),
		ipGPUCapexPerMW: orDefault("GPU capex per MW", model.GPUCapexPerMW, model.KindPerMW, p.GPUCapexPerMW),
		ipCapexSpent:    {"Capex spent", "USD m", ow.val(xlsx.StyleInputMoney, 0.0), "default: 0"},
		ipStart:         date("Start date", p.Start, ow.val(xlsx.StyleInputDate, p.Start)),
		ipEnergization:  date("Energization date", p.Energization, ow.val(xlsx.StyleInputDate, p.Energization)),
		ipTenant:        {"Tenant", "", ow.val(xlsx.StyleInputText, p.Tenant), src("Tenant")},
		ipContractValue: money("Contract value", p.ContractValue),
		ipContractYears: {"Contract years", "years", ow.val(xlsx.StyleInputNumber, num(p.ContractYears)), src("Contract years")},
		ipPrepayment:    money("Prepayment", p.Prepayment),
		ipNOIMargin:     orDefault("NOI margin", model.NOIMargin, model.KindRate, p.NOIMargin),
		ipCommittedDebt: money("Committed project debt", p.CommittedProjectDebt),
		ipLoanToCost:    orDefault("Loan-to-cost", model.ProjectLoanToCost, model.KindRate, p.LoanToCost),
		ipDebtRate:      orDefault("Project debt rate", model.ProjectDebtRate, model.KindRate, p.ProjectDebtRate),
	}
	if p.CapexSpent.Valid {
		rows[ipCapexSpent] = money("Capex spent", p.CapexSpent.Decimal)
	} else if p.Status == model.Energized {
		rows[ipCapexSpent].v = nil
		rows[ipCapexSpent].source = "default: the whole build cost (Energized)"
	}
	if p.Tenant == "" {
		rows[ipTenant].v, rows[ipTenant].source = nil, "blank"
	}
	for f, r := range rows {
		if err := s.row(ow.lay.project(j, f), model.TableProjects, p.Ticker, p.Name, r.field, r.v, ow.val(xlsx.StyleUnit, r.unit), r.source); err != nil {
			return err
		}
	}
	return nil
}

func (ow *writer) writeInputsInstrument(s *sheetWriter, k int, in model.Instrument) error {
	src := func(field string) string {
		return ow.b.Source(model.Ref{Table: model.TableInstruments, Row: k, Field: field})
	}
	type row struct {
		field, unit string
		v           any
		source      string
	}
	rows := [iiCount]row{
		iiType:            {"Type", "", ow.val(xlsx.StyleInputText, in.Type.String()), src("Type")},
		iiPrincipal:       {"Principal", "USD m", ow.val(xlsx.StyleInputMoney, num(in.Principal)), src("Principal")},
		iiShares:          {"Shares", "m", ow.val(xlsx.StyleInputShares, num(in.Shares)), src("Shares")},
		iiConversionPrice: {"Conversion price", "USD", ow.val(xlsx.StyleInputPrice, num(in.ConversionPrice)), src("Conversion price")},
		iiCapPrice:        {"Cap price", "USD", nil, "blank (shown, not used)"},
		iiCoupon:          {"Coupon", "fraction", ow.val(xlsx.StyleInputPercent, num(in.Coupon)), src("Coupon")},
		iiMaturity:        {"Maturity", "date", nil, "blank"},
	}
	if in.CapPrice.Valid {
		rows[iiCapPrice].v = ow.val(xlsx.StyleInputPrice, num(in.CapPrice.Decimal))
		rows[iiCapPrice].source = src("Cap price") + " (shown, not used)"
	}
	if !in.Maturity.IsZero() {
		rows[iiMaturity].v, rows[iiMaturity].source = ow.val(xlsx.StyleInputDate, in.Maturity), src("Maturity")
	}
	for f, r := range rows {
		if err := s.row(ow.lay.instrument(k, f), model.TableInstruments, in.Ticker, in.Name, r.field, r.v, ow.val(xlsx.StyleUnit, r.unit), r.source); err != nil {
			return err
		}
	}
	return nil
}
