package model

import "github.com/shopspring/decimal"

// Flag names a condition worth an analyst's attention in a scenario. The strings are fixed by SPEC §3.
type Flag string

const (
	SpillProjectDebt   Flag = "spill: project debt"
	SpillConvertible   Flag = "spill: convertible"
	SpillCorporateDebt Flag = "spill: corporate debt"
	LeverageAboveMax   Flag = "leverage above max"
	CoverageBelowMin   Flag = "coverage below min"
	NonPositiveEBITDA  Flag = "non-positive EBITDA"
)

// FlagTolerance is t of SPEC §3's flag rule: a spill is flagged when its shortfall exceeds
// t × max(1, G), leverage when net leverage exceeds max × (1 + t), coverage when it falls below
// min × (1 − t). A limit that binds exactly is never flagged, in the model or in any spreadsheet
// engine that recomputes the output's flag formulas (the output keeps t on its Inputs sheet).
var FlagTolerance = decimal.New(1, -9)

// ProjectResult is one project's figures under one set of assumptions (base or a scenario's).
// The resolved parameters say which value was used; the *Default flags say it came from Assumptions.
type ProjectResult struct {
	Index int // into Universe.Projects

	CapexPerMW, GPUCapexPerMW, NOIMargin, LoanToCost, ProjectDebtRate                                    decimal.Decimal
	CapexPerMWDefault, GPUCapexPerMWDefault, NOIMarginDefault, LoanToCostDefault, ProjectDebtRateDefault bool
	CapexSpent                                                                                           decimal.Decimal // as used: the whole build cost when Energized and blank
	CapexSpentDefault                                                                                    bool

	// The miner's share (SPEC §3): Ownership is w, and MW, CapexSpent, Prepayment,
	// CommittedDebt and DisplacedEBITDA are the row's values × w.
	Ownership       decimal.Decimal
	MW              decimal.Decimal // owned critical IT MW
	Prepayment      decimal.Decimal
	CommittedDebt   decimal.Decimal // committed project debt signed, before the cap at remaining capex
	DisplacedEBITDA decimal.Decimal // per year
	// CommittedDebtRate is the rate committed project debt pays: the project's own, else the
	// workbook's assumption, never a scenario's override (that debt is signed).
	CommittedDebtRate decimal.Decimal
	// AnnuityFactor is (1 − (1 + r)^−n) / r at the project debt rate r over n, the whole contract
	// years (n when r is 0; 0 without contract years): the factor of the capacity by coverage.
	AnnuityFactor decimal.Decimal

	BuildCost          decimal.Decimal
	ShellCost          decimal.Decimal // the capex per MW part of the build cost
	GPUCost            decimal.Decimal // the GPU capex per MW part (GPU cloud only)
	RemainingCapex     decimal.Decimal
	HasContract        bool
	CashRevenue        decimal.Decimal // per year; 0 without a contract
	NOI                decimal.Decimal // run-rate, per year
	CommittedDebtUsed  decimal.Decimal
	CapacityByCost     decimal.Decimal // 0 when not eligible for new project debt
	CapacityByCoverage decimal.Decimal
	DebtCapacity       decimal.Decimal // new gross project debt the project can carry
}

// Position is a miner's sources and uses for one scope, line by line. Uses = Sources + Gap − Surplus.
type Position struct {
	Scope Scope

	// The scope's owned projects (SPEC §3: each project's values × its ownership).
	MW              decimal.Decimal // Σ owned critical IT MW
	ShellCost       decimal.Decimal // Σ build cost, the capex per MW part
	GPUCost         decimal.Decimal // Σ build cost, the GPU capex per MW part
	DisplacedEBITDA decimal.Decimal // Σ mining EBITDA per year the scope's sites stop earning

	RemainingCapex decimal.Decimal // Σ over the scope's projects
	OtherUses      decimal.Decimal
	MinimumCash    decimal.Decimal
	Uses           decimal.Decimal

	Cash                 decimal.Decimal
	BTCValue             decimal.Decimal // after the haircut
	UndrawnDebt          decimal.Decimal
	OtherCommitted       decimal.Decimal
	Prepayments          decimal.Decimal
	CommittedProjectDebt decimal.Decimal // Σ committed project debt used
	Sources              decimal.Decimal

	Gap     decimal.Decimal
	Surplus decimal.Decimal
	// GrossGap is the gap before committed financing, max(0, Uses − Cash − BTCValue): the
	// headline-style figure that nets only the balance sheet's liquidity. Bridge leads from it
	// to Gap − Surplus.
	GrossGap decimal.Decimal

	DebtCapacity decimal.Decimal // Σ new project-debt capacity
	ContractNOI  decimal.Decimal // Σ run-rate NOI of projects with a contract

	GapToMarketCap decimal.NullDecimal // Gap / (share price × shares outstanding); invalid when that is ≤ 0
}

// Labels of the bridge's lines, in the analysts' words.
const (
	BridgeRemainingCapex       = "Remaining capex"
	BridgeBTCValue             = "BTC value"
	BridgePrepayments          = "Prepayments"
	BridgeCommittedProjectDebt = "Committed project debt used"
)

// BridgeLine is one line of the bridge from uses to the gap: a use counts plus, a source minus.
type BridgeLine struct {
	Label  string
	Amount decimal.Decimal // signed
}

// BridgeLiquidityLines is how many of Bridge's first lines sum to Uses − Cash − BTCValue, the
// figure whose positive part is GrossGap; the lines after it are the committed financing.
const BridgeLiquidityLines = 5

// Bridge returns the lines from the uses to the gap, in SPEC §3's order: Σ remaining capex, other
// uses and minimum cash (plus), then cash, BTC value, undrawn committed debt, other committed
// funding, Σ prepayments and Σ committed project debt used (minus). They sum to Gap − Surplus.
func (p Position) Bridge() []BridgeLine {
	return []BridgeLine{
		{BridgeRemainingCapex, p.RemainingCapex},
		{FieldOtherUses, p.OtherUses},
		{FieldMinimumCash, p.MinimumCash},
		{FieldCash, p.Cash.Neg()},
		{BridgeBTCValue, p.BTCValue.Neg()},
		{FieldUndrawnDebt, p.UndrawnDebt.Neg()},
		{FieldOtherCommitted, p.OtherCommitted.Neg()},
		{BridgePrepayments, p.Prepayments.Neg()},
		{BridgeCommittedProjectDebt, p.CommittedProjectDebt.Neg()},
	}
}

// Financing is one scenario's result for one miner.
type Financing struct {
	Scenario int // into Result.Scenarios
	Scope    Scope
	Position Position // the scenario's recomputed sources and uses for its scope
	// Projects are the scenario's project results: the miner's base-case slice itself unless
	// ChangesProjects(the scenario)
	Projects []ProjectResult

	Mix   [4]decimal.Decimal // normalised: equity, convertible, corporate debt, project debt
	Price decimal.Decimal    // P = share price × (1 + share price change)

	Gap decimal.Decimal

	// Net amounts (sum to Gap) and gross amounts (net / (1 − fee)).
	Equity, Convertible, CorporateDebt, ProjectDebt                     decimal.Decimal
	EquityGross, ConvertibleGross, CorporateDebtGross, ProjectDebtGross decimal.Decimal
	// Limits on the net amounts of steps 1–3 (SPEC §3).
	ProjectDebtLimit, ConvertibleLimit, CorporateDebtLimit decimal.Decimal
	NetDebtBefore                                          decimal.Decimal // ND₀ of step 3
	// ExistingConvertiblePrincipal is Σ the miner's existing convertible principal, which the
	// convertible cap holds with the new convertible.
	ExistingConvertiblePrincipal decimal.Decimal
	// ConvertibleCap is the gross room for a new convertible, max(0, max convertible × P × shares
	// outstanding − ExistingConvertiblePrincipal); ConvertibleLimit is it × (1 − convertible fee).
	ConvertibleCap decimal.Decimal

	IssuePrice             decimal.Decimal // P × (1 − equity discount)
	NewShares              decimal.Decimal
	ConversionPrice        decimal.Decimal // P × (1 + convertible premium)
	NewConversionShares    decimal.Decimal
	ExistingConvertShares  decimal.Decimal // if-converted
	ExistingWarrantShares  decimal.Decimal // treasury-stock method
	ExistingDilutiveShares decimal.Decimal
	PFBasicShares          decimal.Decimal
	PFDilutedShares        decimal.Decimal
	DilutionBasic          decimal.Decimal
	DilutionDiluted        decimal.Decimal
	// The economic view, after net share settlement and capped calls: each existing convertible
	// counts principal / conversion price × max(0, P − K) / P shares, K its cap price when given,
	// else its conversion price; warrants as ExistingWarrantShares; the new convertible none.
	EconomicConvertShares decimal.Decimal
	EconomicShares        decimal.Decimal // PFBasicShares + EconomicConvertShares + ExistingWarrantShares
	DilutionEconomic      decimal.Decimal // NewShares / EconomicShares

	PFEBITDA         decimal.Decimal // mining EBITDA − Σ displaced mining EBITDA + Σ contracted NOI
	PFDebt           decimal.Decimal
	PFNetDebt        decimal.Decimal
	NetLeverage      decimal.NullDecimal // invalid: n/a
	ExistingInterest decimal.Decimal
	// CommittedInterest is Σ committed project debt used × its CommittedDebtRate: the project's own
	// rate, else the workbook's, never the scenario's override (that debt is signed).
	CommittedInterest decimal.Decimal
	PFInterest        decimal.Decimal
	InterestCoverage  decimal.NullDecimal // invalid: n/a
	CashFlowPerShare  decimal.NullDecimal // invalid: n/a (no diluted shares)
	Flags             []Flag

	// Assumptions are the values the scenario ran with: the workbook's, its overrides applied.
	Assumptions Assumptions
	// UndrawnDebtRate is the miner's own rate on undrawn committed debt, else the workbook's
	// corporate debt rate (never a scenario's).
	UndrawnDebtRate decimal.Decimal
	// ConvertibleCoupons is Σ existing convertible principal × its coupon: the if-converted add-back
	// of the cash flow per diluted share (the new convertible's coupon is added back too).
	ConvertibleCoupons decimal.Decimal
}

// MinerResult is everything computed for one miner.
type MinerResult struct {
	Index          int                 // into Universe.Miners
	Instruments    []int               // the miner's instruments: indexes into Universe.Instruments, sheet order
	Projects       []ProjectResult     // base case, every project of the miner in sheet order
	Positions      [2]Position         // indexed by Scope
	MarketCap      decimal.Decimal     // share price × shares outstanding
	GapToMarketCap decimal.NullDecimal // near-term gap / market cap; invalid when market cap is 0
	Financings     []Financing         // one per scenario, in Result.Scenarios order
}

// Result is the model's answer for one universe.
type Result struct {
	Scenarios []Scenario // the scenarios run: the workbook's, or DefaultScenarios
	Miners    []MinerResult
	Notes     []Note
	// Timelines are SPEC §3b's quarterly timelines, and Sensitivities §3c's grids, tornado and
	// solves, one per miner in Miners order; Run fills them, Compute leaves them nil.
	Timelines     []MinerTimeline
	Sensitivities []MinerSensitivity
}
