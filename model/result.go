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

	DebtCapacity decimal.Decimal // Σ new project-debt capacity
	ContractNOI  decimal.Decimal // Σ run-rate NOI of projects with a contract

	GapToMarketCap decimal.NullDecimal // Gap / (share price × shares outstanding); invalid when that is ≤ 0
}

// Financing is one scenario's result for one miner.
type Financing struct {
	Scenario int // into Result.Scenarios
	Scope    Scope
	Position Position // the scenario's recomputed sources and uses for its scope
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

	PFEBITDA         decimal.Decimal
	PFDebt           decimal.Decimal
	PFNetDebt        decimal.Decimal
	NetLeverage      decimal.NullDecimal // invalid: n/a
	ExistingInterest decimal.Decimal
	PFInterest       decimal.Decimal
	InterestCoverage decimal.NullDecimal // invalid: n/a
	CashFlowPerShare decimal.NullDecimal // invalid: n/a (no diluted shares)
	Flags            []Flag

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
}
