package model

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
