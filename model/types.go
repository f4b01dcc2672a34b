package model

import (
	"time"

	"github.com/shopspring/decimal"
)

// Status is a project's stage. Near-term scope holds every status but Pipeline.
type Status int

const (
	Energized Status = iota
	UnderConstruction
	Contracted
	Pipeline
)

// Statuses lists the statuses in the order analysts write them.
var Statuses = []Status{Energized, UnderConstruction, Contracted, Pipeline}

func (s Status) String() string {
	switch s {
	case Energized:
		return "Energized"
	case UnderConstruction:
		return "Under construction"
	case Contracted:
		return "Contracted"
	case Pipeline:
		return "Pipeline"
	}
	return "unknown status"
}

// Business is how a project earns: leasing the shell (colocation) or renting GPUs it owns (GPU cloud).
type Business int

const (
	Colocation Business = iota
	GPUCloud
)

func (b Business) String() string {
	if b == GPUCloud {
		return "GPU cloud"
	}
	return "Colocation"
}

// Scope selects the projects a sum runs over.
type Scope int

const (
	NearTerm     Scope = iota // Energized, Under construction and Contracted projects
	FullPipeline              // every project
)

// Scopes lists both scopes; every miner is reported in both.
var Scopes = []Scope{NearTerm, FullPipeline}

func (s Scope) String() string {
	if s == FullPipeline {
		return "Full pipeline"
	}
	return "Near-term"
}

// Key is the scope's name in the JSON summary: near_term or full_pipeline.
func (s Scope) Key() string {
	if s == FullPipeline {
		return "full_pipeline"
	}
	return "near_term"
}

// Includes reports whether a project of status st belongs to the scope.
func (s Scope) Includes(st Status) bool {
	return s == FullPipeline || st != Pipeline
}

// InstrumentType is the kind of an existing dilutive security.
type InstrumentType int

const (
	Convertible InstrumentType = iota
	Warrant
)

func (t InstrumentType) String() string {
	if t == Warrant {
		return "Warrant"
	}
	return "Convertible"
}

// AssumptionKey names one assumption of the Assumptions sheet.
type AssumptionKey int

const (
	AsOfDate AssumptionKey = iota
	BTCPrice
	BTCHaircut
	CapexPerMW
	GPUCapexPerMW
	NOIMargin
	EquityDiscount
	EquityFee
	ConvertiblePremium
	ConvertibleCoupon
	ConvertibleFee
	MaxConvertible
	CorporateDebtRate
	ProjectLoanToCost
	ProjectDebtRate
	ProjectMinDSCR
	DebtFee
	MaxNetLeverage
	MinInterestCoverage
	BuildQuarters         // SPEC §3b: construction length of a project with no Energization date
	PipelineStartQuarters // SPEC §3b: when a Pipeline project with no Start date starts
	TargetDilution        // SPEC §3c: the basic dilution the share-price solve aims at
	TornadoScenario       // SPEC §3c: the scenario the grids and the tornado run on (Assumptions.TornadoScenario)
	numAssumptions
)

// Kind says how a value is checked and shown.
type Kind int

const (
	KindDate     Kind = iota
	KindMoney         // USD m
	KindPerMW         // USD m per MW
	KindPrice         // USD
	KindShares        // m
	KindMW            // critical IT MW
	KindBTC           // BTC
	KindRate          // fraction in [0, 1]
	KindMultiple      // x
	KindYears         // years
	KindChange        // fraction above -1, may be negative
	KindQuarters      // a whole number of quarters
	KindName          // a scenario's name (text)
)

// AssumptionDef describes one assumption: its name on the sheet, its unit and its default.
type AssumptionDef struct {
	Key     AssumptionKey
	Name    string // as written on the Assumptions sheet and as a Scenarios column
	Unit    string // as shown in headers and on the Inputs sheet
	Kind    Kind
	Default string // decimal text; empty when the assumption is required or conditional
	Note    string // meaning, in words
}

// AssumptionDefs is every assumption in sheet order.
var AssumptionDefs = []AssumptionDef{
	{AsOfDate, "As of date", "date", KindDate, "", "date the inputs describe"},
	{BTCPrice, "BTC price", "USD", KindPrice, "", "bitcoin price; required when any miner holds BTC"},
	{BTCHaircut, "BTC haircut", "fraction", KindRate, "0.20", "share of BTC value not counted as a source (liquidation and volatility)"},
	{CapexPerMW, FieldCapexPerMW, "USD m per MW", KindPerMW, "10.5", "shell and fit-out cost per critical IT MW, no GPUs"},
	{GPUCapexPerMW, FieldGPUCapexPerMW, "USD m per MW", KindPerMW, "28", "GPU cost per critical IT MW, GPU-cloud projects only"},
	{NOIMargin, FieldNOIMargin, "fraction", KindRate, "0.85", "net operating income as a share of cash revenue"},
	{EquityDiscount, "Equity discount", "fraction", KindRate, "0.03", "discount of the issue price to the share price"},
	{EquityFee, "Equity fee", "fraction", KindRate, "0.02", "fees as a share of gross equity raised"},
	{ConvertiblePremium, "Convertible premium", "fraction", KindRate, "0.30", "conversion price premium over the share price"},
	{ConvertibleCoupon, "Convertible coupon", "fraction", KindRate, "0.01", "annual coupon of new convertibles"},
	{ConvertibleFee, "Convertible fee", "fraction", KindRate, "0.02", "fees as a share of gross convertible principal"},
	{MaxConvertible, "Max convertible", "fraction of market cap", KindRate, "0.35", "largest new convertible as a share of market cap"},
	{CorporateDebtRate, "Corporate debt rate", "fraction", KindRate, "0.09", "annual rate on new and existing corporate debt"},
	{ProjectLoanToCost, "Project debt loan-to-cost", "fraction", KindRate, "0.80", "project debt as a share of build cost"},
	{ProjectDebtRate, FieldProjectDebtRate, "fraction", KindRate, "0.075", "annual rate on project debt"},
	{ProjectMinDSCR, "Project debt min DSCR", "x", KindMultiple, "1.30", "minimum debt service coverage of contracted NOI"},
	{DebtFee, "Debt fee", "fraction", KindRate, "0.02", "fees as a share of gross debt raised"},
	{MaxNetLeverage, "Max net leverage", "x EBITDA", KindMultiple, "5.0", "largest pro forma net debt / EBITDA for new corporate debt"},
	{MinInterestCoverage, "Min interest coverage", "x", KindMultiple, "2.0", "smallest pro forma EBITDA / interest before it is flagged"},
	{BuildQuarters, "Build quarters", "quarters", KindQuarters, "4", "construction length of a project with no Energization date, 1 to 40"},
	{PipelineStartQuarters, "Pipeline start quarters", "quarters", KindQuarters, "4", "quarters after the as-of quarter at which a Pipeline project with no Start date starts, 0 to 39"},
	{TargetDilution, "Target dilution", "fraction", KindRate, "0.15", "the basic dilution the share-price solve aims at"},
	{TornadoScenario, "Tornado scenario", "scenario name", KindName, "", "the scenario the sensitivity grids and the tornado run on; the first scenario when blank"},
}

// Overridable reports whether a scenario may override assumption k: every assumption but the
// as-of date and the timing and sensitivity settings, which hold for the whole run.
func Overridable(k AssumptionKey) bool {
	switch k {
	case AsOfDate, BuildQuarters, PipelineStartQuarters, TargetDilution, TornadoScenario:
		return false
	}
	return true
}

// Assumptions holds the universe-wide assumptions. Values index by AssumptionKey (AsOfDate's slot
// is unused: the date lives in AsOf). HasBTCPrice is false when the sheet gave no BTC price.
type Assumptions struct {
	AsOf        time.Time
	HasBTCPrice bool
	// TornadoScenario names the scenario the grids and the tornado run on; empty: the first.
	TornadoScenario string
	Values          [numAssumptions]decimal.Decimal
}

// Get returns the value of assumption k.
func (a Assumptions) Get(k AssumptionKey) decimal.Decimal { return a.Values[k] }

// DefaultAssumptions returns the SPEC defaults with no as-of date and no BTC price.
func DefaultAssumptions() Assumptions {
	var a Assumptions
	for _, d := range AssumptionDefs {
		if d.Default != "" {
			a.Values[d.Key] = decimal.RequireFromString(d.Default)
		}
	}
	return a
}

// Miner is one company of the Miners sheet. Money in USD m, shares in m, prices in USD.
type Miner struct {
	Ticker            string
	Company           string
	SharePrice        decimal.Decimal
	SharesOutstanding decimal.Decimal
	Cash              decimal.Decimal
	BTCHeld           decimal.Decimal
	Debt              decimal.Decimal     // all debt outstanding, convertibles at principal
	Interest          decimal.NullDecimal // USD m per year; invalid: derived (SPEC §3)
	UndrawnDebt       decimal.Decimal     // corporate facilities signed, not drawn
	UndrawnDebtRate   decimal.NullDecimal // invalid: the corporate debt rate
	OtherCommitted    decimal.Decimal     // committed preferred or JV equity not yet received
	OtherUses         decimal.Decimal     // maturities, puts, buybacks within the build
	MinimumCash       decimal.Decimal
	MiningEBITDA      decimal.Decimal // USD m per year
	Source            string
}

// Project is one site or phase of the Projects sheet. Invalid optional values fall back to
// Assumptions (a scenario's override included); the result says which did.
type Project struct {
	Ticker               string
	Name                 string
	Status               Status
	Business             Business
	MW                   decimal.Decimal     // critical IT MW
	CapexPerMW           decimal.NullDecimal // USD m per MW
	GPUCapexPerMW        decimal.NullDecimal // USD m per MW, GPU cloud only
	CapexSpent           decimal.NullDecimal // invalid: 0, or the whole build cost when Energized
	Start                time.Time           // zero when blank
	Energization         time.Time           // zero when blank
	Tenant               string
	ContractValue        decimal.Decimal // USD m over the term
	ContractYears        decimal.Decimal
	Prepayment           decimal.Decimal // USD m still to be received from the tenant
	NOIMargin            decimal.NullDecimal
	CommittedProjectDebt decimal.Decimal // USD m signed for this project and not yet drawn
	LoanToCost           decimal.NullDecimal
	ProjectDebtRate      decimal.NullDecimal
	Ownership            decimal.NullDecimal // the miner's share of the site, in (0, 1]; invalid: 1
	DisplacedEBITDA      decimal.Decimal     // mining EBITDA per year the site stops earning once its conversion starts
	Source               string
}

// CapexSpentIsBuildCost reports whether the project's capex spent is taken as its whole build
// cost: an Energized project that leaves it blank.
func (p Project) CapexSpentIsBuildCost() bool { return !p.CapexSpent.Valid && p.Status == Energized }

// Share is the miner's share of the project's site: its Ownership, 1 when blank. MW and every
// money amount of a project row are for the whole site; the model takes this share of each.
func (p Project) Share() decimal.Decimal {
	if p.Ownership.Valid {
		return p.Ownership.Decimal
	}
	return one
}

// Instrument is an existing dilutive security.
type Instrument struct {
	Ticker          string
	Name            string
	Type            InstrumentType
	Principal       decimal.Decimal // USD m, convertibles
	Shares          decimal.Decimal // m, warrants
	ConversionPrice decimal.Decimal // USD; a warrant's strike
	CapPrice        decimal.NullDecimal
	Coupon          decimal.Decimal
	Maturity        time.Time
}

// Scenario is one financing case. The mix need not be normalised: Compute divides it by its sum.
type Scenario struct {
	Name             string
	Scope            Scope
	Equity           decimal.Decimal
	Convertible      decimal.Decimal
	CorporateDebt    decimal.Decimal
	ProjectDebt      decimal.Decimal
	SharePriceChange decimal.Decimal
	CapexChange      decimal.Decimal
	Overrides        map[AssumptionKey]decimal.Decimal // assumption values for this scenario only
}

// Universe is everything one input workbook says.
type Universe struct {
	Assumptions Assumptions
	Miners      []Miner
	Projects    []Project
	Instruments []Instrument
	Scenarios   []Scenario // empty: DefaultScenarios
}

// Ref names one input value: a table (the sheet name as in SPEC §2: Assumptions, Miners, Projects,
// Instruments, Scenarios), the row's index in the Universe's slice for that table, and the field
// (the canonical header as in SPEC §2, or an assumption's name for a scenario's override). On
// Assumptions, Row is the AssumptionKey and Field is "Value". Field "" names the whole row.
// The reader maps a Ref to the cell it came from; the model speaks only in Refs.
type Ref struct {
	Table string
	Row   int
	Field string
}

// FieldError is a problem with one input value, found by Validate.
type FieldError struct {
	Ref Ref
	Err error
}

func (e FieldError) Error() string { return e.Ref.Field + ": " + e.Err.Error() }
func (e FieldError) Unwrap() error { return e.Err }

// Note is something the model did that the analyst should know (a fallback, a shadowed override).
// Ref is nil when the note concerns no single input value.
type Note struct {
	Ref     *Ref
	Text    string
	Warning bool // something likely wrong in the inputs, not only a fallback taken
}
