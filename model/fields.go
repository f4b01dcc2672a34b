package model

import "github.com/shopspring/decimal"

// The input vocabulary of SPEC §2: every table's name and every field's canonical header, spelled
// once. A Ref's Table and Field are these strings; the reader matches headers against them, the
// template writes them, the Inputs sheet heads its columns with them, and error messages name
// them. An assumption's name (AssumptionDefs) is also its Scenarios override column.

// Names of the Universe's tables, as a Ref's Table and as the input workbook's sheets.
const (
	TableAssumptions = "Assumptions"
	TableMiners      = "Miners"
	TableProjects    = "Projects"
	TableInstruments = "Instruments"
	TableScenarios   = "Scenarios"
)

// Fields shared by several tables.
const (
	FieldTicker  = "Ticker"
	FieldInclude = "Include"
	FieldSource  = "Source"
	FieldNote    = "Note"
)

// Fields of the Assumptions table. On Assumptions a value's Ref has Field FieldValue and the
// AssumptionKey as its Row.
const (
	FieldAssumption = "Assumption"
	FieldValue      = "Value"
	FieldUnit       = "Unit"
)

// Fields of the Miners table.
const (
	FieldCompany           = "Company"
	FieldSharePrice        = "Share price"
	FieldSharesOutstanding = "Shares outstanding"
	FieldCash              = "Cash"
	FieldBTCHeld           = "BTC held"
	FieldDebt              = "Debt"
	FieldInterest          = "Interest"
	FieldUndrawnDebt       = "Undrawn committed debt"
	FieldUndrawnDebtRate   = "Undrawn debt rate"
	FieldOtherCommitted    = "Other committed funding"
	FieldOtherUses         = "Other uses"
	FieldMinimumCash       = "Minimum cash"
	FieldMiningEBITDA      = "Mining EBITDA"
)

// Fields of the Projects table. Capex per MW, GPU capex per MW, NOI margin and Project debt rate
// are spelled as the assumptions they override.
const (
	FieldProject              = "Project"
	FieldStatus               = "Status"
	FieldModel                = "Model"
	FieldITMW                 = "IT MW"
	FieldCapexPerMW           = "Capex per MW"
	FieldGPUCapexPerMW        = "GPU capex per MW"
	FieldCapexSpent           = "Capex spent"
	FieldStartDate            = "Start date"
	FieldEnergizationDate     = "Energization date"
	FieldTenant               = "Tenant"
	FieldContractValue        = "Contract value"
	FieldContractYears        = "Contract years"
	FieldPrepayment           = "Prepayment"
	FieldNOIMargin            = "NOI margin"
	FieldCommittedProjectDebt = "Committed project debt"
	FieldLoanToCost           = "Loan-to-cost"
	FieldProjectDebtRate      = "Project debt rate"
	FieldOwnership            = "Ownership"
	FieldDisplacedEBITDA      = "Displaced mining EBITDA"
)

// Fields of the Instruments table.
const (
	FieldInstrument      = "Instrument"
	FieldType            = "Type"
	FieldPrincipal       = "Principal"
	FieldShares          = "Shares"
	FieldConversionPrice = "Conversion price"
	FieldCapPrice        = "Cap price"
	FieldCoupon          = "Coupon"
	FieldMaturity        = "Maturity"
)

// Fields of the Scenarios table, besides one column per assumption that a scenario may override.
const (
	FieldScenario         = "Scenario"
	FieldScope            = "Scope"
	FieldEquity           = "Equity"
	FieldConvertible      = "Convertible"
	FieldCorporateDebt    = "Corporate debt"
	FieldProjectDebt      = "Project debt"
	FieldSharePriceChange = "Share price change"
	FieldCapexChange      = "Capex change"
)

// MixFields are the scenario mix's fields in the order of Scenario's mix: equity, convertible,
// corporate debt, project debt.
var MixFields = [4]string{FieldEquity, FieldConvertible, FieldCorporateDebt, FieldProjectDebt}

// projectLevel maps the assumptions a project row may set for itself to that row's field.
var projectLevel = map[AssumptionKey]string{
	CapexPerMW:        FieldCapexPerMW,
	GPUCapexPerMW:     FieldGPUCapexPerMW,
	NOIMargin:         FieldNOIMargin,
	ProjectLoanToCost: FieldLoanToCost,
	ProjectDebtRate:   FieldProjectDebtRate,
}

// ProjectField is the Projects field through which a project sets assumption k for itself, and
// whether there is one.
func ProjectField(k AssumptionKey) (string, bool) {
	f, ok := projectLevel[k]
	return f, ok
}

// numberField is one numeric field of a table whose rows are Ts: its name, its Kind, and its value
// on a row (invalid when the row leaves it blank). The tables below are every numeric field of
// every table; Validate bounds each value by its Kind (SPEC §2 "Values").
type numberField[T any] struct {
	field string
	kind  Kind
	value func(*T) decimal.NullDecimal
}

// given is a value a row always has.
func given(x decimal.Decimal) decimal.NullDecimal { return decimal.NewNullDecimal(x) }

var minerNumbers = []numberField[Miner]{
	{FieldSharePrice, KindPrice, func(m *Miner) decimal.NullDecimal { return given(m.SharePrice) }},
	{FieldSharesOutstanding, KindShares, func(m *Miner) decimal.NullDecimal { return given(m.SharesOutstanding) }},
	{FieldCash, KindMoney, func(m *Miner) decimal.NullDecimal { return given(m.Cash) }},
	{FieldBTCHeld, KindBTC, func(m *Miner) decimal.NullDecimal { return given(m.BTCHeld) }},
	{FieldDebt, KindMoney, func(m *Miner) decimal.NullDecimal { return given(m.Debt) }},
	{FieldInterest, KindMoney, func(m *Miner) decimal.NullDecimal { return m.Interest }},
	{FieldUndrawnDebt, KindMoney, func(m *Miner) decimal.NullDecimal { return given(m.UndrawnDebt) }},
	{FieldUndrawnDebtRate, KindRate, func(m *Miner) decimal.NullDecimal { return m.UndrawnDebtRate }},
	{FieldOtherCommitted, KindMoney, func(m *Miner) decimal.NullDecimal { return given(m.OtherCommitted) }},
	{FieldOtherUses, KindMoney, func(m *Miner) decimal.NullDecimal { return given(m.OtherUses) }},
	{FieldMinimumCash, KindMoney, func(m *Miner) decimal.NullDecimal { return given(m.MinimumCash) }},
	{FieldMiningEBITDA, KindMoney, func(m *Miner) decimal.NullDecimal { return given(m.MiningEBITDA) }},
}

var projectNumbers = []numberField[Project]{
	{FieldITMW, KindMW, func(p *Project) decimal.NullDecimal { return given(p.MW) }},
	{FieldCapexPerMW, KindPerMW, func(p *Project) decimal.NullDecimal { return p.CapexPerMW }},
	{FieldGPUCapexPerMW, KindPerMW, func(p *Project) decimal.NullDecimal { return p.GPUCapexPerMW }},
	{FieldCapexSpent, KindMoney, func(p *Project) decimal.NullDecimal { return p.CapexSpent }},
	{FieldContractValue, KindMoney, func(p *Project) decimal.NullDecimal { return given(p.ContractValue) }},
	{FieldContractYears, KindYears, func(p *Project) decimal.NullDecimal { return given(p.ContractYears) }},
	{FieldPrepayment, KindMoney, func(p *Project) decimal.NullDecimal { return given(p.Prepayment) }},
	{FieldNOIMargin, KindRate, func(p *Project) decimal.NullDecimal { return p.NOIMargin }},
	{FieldCommittedProjectDebt, KindMoney, func(p *Project) decimal.NullDecimal { return given(p.CommittedProjectDebt) }},
	{FieldLoanToCost, KindRate, func(p *Project) decimal.NullDecimal { return p.LoanToCost }},
	{FieldProjectDebtRate, KindRate, func(p *Project) decimal.NullDecimal { return p.ProjectDebtRate }},
	{FieldOwnership, KindRate, func(p *Project) decimal.NullDecimal { return p.Ownership }},
	{FieldDisplacedEBITDA, KindMoney, func(p *Project) decimal.NullDecimal { return given(p.DisplacedEBITDA) }},
}

var instrumentNumbers = []numberField[Instrument]{
	{FieldPrincipal, KindMoney, func(i *Instrument) decimal.NullDecimal { return given(i.Principal) }},
	{FieldShares, KindShares, func(i *Instrument) decimal.NullDecimal { return given(i.Shares) }},
	{FieldConversionPrice, KindPrice, func(i *Instrument) decimal.NullDecimal { return given(i.ConversionPrice) }},
	{FieldCapPrice, KindPrice, func(i *Instrument) decimal.NullDecimal { return i.CapPrice }},
	{FieldCoupon, KindRate, func(i *Instrument) decimal.NullDecimal { return given(i.Coupon) }},
}

// scenarioNumbers are the Scenarios fields besides the overrides, whose kinds are their
// assumptions' (AssumptionDefs).
var scenarioNumbers = []numberField[Scenario]{
	{FieldEquity, KindRate, func(s *Scenario) decimal.NullDecimal { return given(s.Equity) }},
	{FieldConvertible, KindRate, func(s *Scenario) decimal.NullDecimal { return given(s.Convertible) }},
	{FieldCorporateDebt, KindRate, func(s *Scenario) decimal.NullDecimal { return given(s.CorporateDebt) }},
	{FieldProjectDebt, KindRate, func(s *Scenario) decimal.NullDecimal { return given(s.ProjectDebt) }},
	{FieldSharePriceChange, KindChange, func(s *Scenario) decimal.NullDecimal { return given(s.SharePriceChange) }},
	{FieldCapexChange, KindChange, func(s *Scenario) decimal.NullDecimal { return given(s.CapexChange) }},
}

// fieldKinds indexes the tables above by table and field.
var fieldKinds = func() map[string]map[string]Kind {
	out := map[string]map[string]Kind{}
	add := func(table, field string, k Kind) {
		if out[table] == nil {
			out[table] = map[string]Kind{}
		}
		out[table][field] = k
	}
	for _, f := range minerNumbers {
		add(TableMiners, f.field, f.kind)
	}
	for _, f := range projectNumbers {
		add(TableProjects, f.field, f.kind)
	}
	for _, f := range instrumentNumbers {
		add(TableInstruments, f.field, f.kind)
	}
	for _, f := range scenarioNumbers {
		add(TableScenarios, f.field, f.kind)
	}
	for _, d := range AssumptionDefs {
		add(TableScenarios, d.Name, d.Kind)
	}
	return out
}()

// FieldKind is the Kind of a numeric field of a table (a Scenarios override column has its
// assumption's), and whether the field is numeric. On Assumptions the kind is the row's:
// AssumptionDefs[key].Kind.
func FieldKind(table, field string) (Kind, bool) {
	k, ok := fieldKinds[table][field]
	return k, ok
}
