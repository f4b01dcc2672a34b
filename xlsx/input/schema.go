package input

import "minergap/model"

// Column describes one column of an input sheet: how its header is matched, how its cells are
// typed, and what the template's header note says.
type Column struct {
	Name     string   // canonical header as in SPEC §2; also the Field of a model.Ref
	Aliases  []string // other accepted headers
	Kind     model.Kind
	Text     bool     // free text: Kind is ignored
	List     []string // allowed values (canonical spelling), for list columns; Text is true
	Required bool     // the cell must hold a value
	Default  string   // what a blank means, in words; empty when nothing to say
	Note     string   // meaning, in words
}

// Table describes one input sheet.
type Table struct {
	Name     string
	Required bool // the workbook must have the sheet
	Columns  []Column
}

var (
	statusList   = []string{"Energized", "Under construction", "Contracted", "Pipeline"}
	businessList = []string{"Colocation", "GPU cloud"}
	typeList     = []string{"Convertible", "Warrant"}
	scopeList    = []string{"Near-term", "Full pipeline"}
	includeList  = []string{"Y", "N"}
)

func text(name, note string) Column { return Column{Name: name, Text: true, Note: note} }

func num(name string, kind model.Kind, def, note string) Column {
	return Column{Name: name, Kind: kind, Default: def, Note: note}
}

func required(c Column) Column { c.Required = true; return c }

var (
	includeColumn = Column{Name: "Include", Text: true, List: includeList, Default: "Y",
		Note: "N or No leaves the row out of the run (it is logged)"}
	sourceColumn = text("Source", "where the row's figures come from (a URL or a document)")
	noteColumn   = text("Note", "free text: how a figure was derived, or why it is an assumption")
)

// Tables is the input contract of SPEC §2, sheet by sheet, columns in template order.
// The Assumptions sheet is a list of name/value rows: its names are model.AssumptionDefs.
var Tables = []Table{
	{Name: model.TableAssumptions, Required: true, Columns: []Column{
		required(text("Assumption", "an assumption name from the list below")),
		required(Column{Name: "Value", Note: "the assumption's value, in the unit of its row"}),
		text("Unit", "the value's unit (for the reader; the name fixes it)"),
		noteColumn,
		sourceColumn,
	}},
	{Name: model.TableMiners, Required: true, Columns: []Column{
		required(text("Ticker", "the company's ticker; unique")),
		text("Company", "the company's name"),
		required(num("Share price", model.KindPrice, "", "share price in USD")),
		required(num("Shares outstanding", model.KindShares, "", "basic shares outstanding, millions")),
		required(num("Cash", model.KindMoney, "", "cash and equivalents, USD m")),
		num("BTC held", model.KindBTC, "0", "bitcoin held, BTC"),
		num("Debt", model.KindMoney, "0", "all debt outstanding, convertibles at principal, USD m"),
		num("Interest", model.KindMoney, "from debt, rates and coupons", "existing interest, USD m per year"),
		num("Undrawn committed debt", model.KindMoney, "0", "corporate facilities signed but not drawn, USD m"),
		num("Undrawn debt rate", model.KindRate, "Corporate debt rate", "rate on undrawn committed debt once drawn"),
		num("Other committed funding", model.KindMoney, "0", "committed preferred or JV equity not yet received, USD m"),
		num("Other uses", model.KindMoney, "0", "maturities, puts, committed buybacks and other cash needs within the build, USD m"),
		num("Minimum cash", model.KindMoney, "0", "cash kept on hand, USD m"),
		num("Mining EBITDA", model.KindMoney, "0", "bitcoin mining EBITDA, USD m per year"),
		includeColumn,
		sourceColumn,
		noteColumn,
	}},
	{Name: model.TableProjects, Required: true, Columns: []Column{
		required(text("Ticker", "the miner's ticker; must be on Miners")),
		required(text("Project", "site or phase name")),
		required(Column{Name: "Status", Text: true, List: statusList, Note: "Energized, Under construction, Contracted or Pipeline"}),
		{Name: "Model", Text: true, List: businessList, Default: "Colocation", Note: "Colocation (lease the shell) or GPU cloud (own the GPUs)"},
		required(Column{Name: "IT MW", Aliases: []string{"Critical IT MW"}, Kind: model.KindMW, Note: "critical IT load, MW"}),
		num("Capex per MW", model.KindPerMW, "Assumptions", "shell and fit-out cost, USD m per MW"),
		num("GPU capex per MW", model.KindPerMW, "Assumptions", "GPU cost, USD m per MW (GPU cloud only)"),
		num("Capex spent", model.KindMoney, "0; the whole build cost when Energized", "capex already spent, USD m"),
		num("Start date", model.KindDate, "", "construction start"),
		num("Energization date", model.KindDate, "", "first power to IT load"),
		text("Tenant", "the contracted tenant"),
		num("Contract value", model.KindMoney, "0", "total contract value over the term, USD m"),
		num("Contract years", model.KindYears, "0", "contract term, years"),
		num("Prepayment", model.KindMoney, "0", "prepayment still to be received from the tenant, USD m"),
		num("NOI margin", model.KindRate, "Assumptions", "net operating income / cash revenue"),
		num("Committed project debt", model.KindMoney, "0", "project debt signed for this project and not yet drawn, USD m"),
		num("Loan-to-cost", model.KindRate, "Assumptions", "project debt as a share of build cost"),
		num("Project debt rate", model.KindRate, "Assumptions", "annual rate on this project's debt"),
		includeColumn,
		sourceColumn,
		noteColumn,
	}},
	{Name: model.TableInstruments, Columns: []Column{
		required(text("Ticker", "the miner's ticker; must be on Miners")),
		required(text("Instrument", "the security's name")),
		required(Column{Name: "Type", Text: true, List: typeList, Note: "Convertible or Warrant"}),
		num("Principal", model.KindMoney, "0", "convertible principal outstanding, USD m"),
		num("Shares", model.KindShares, "0", "warrant shares, millions"),
		Column{Name: "Conversion price", Aliases: []string{"Strike"}, Kind: model.KindPrice, Note: "conversion price or warrant strike, USD"},
		num("Cap price", model.KindPrice, "", "capped call cap, USD (shown, not used)"),
		num("Coupon", model.KindRate, "0", "annual coupon"),
		num("Maturity", model.KindDate, "", "maturity date"),
		includeColumn,
		sourceColumn,
		noteColumn,
	}},
	{Name: model.TableScenarios, Columns: []Column{
		required(text("Scenario", "the scenario's name; unique")),
		{Name: "Scope", Text: true, List: scopeList, Default: "Near-term", Note: "Near-term or Full pipeline: the projects the scenario finances"},
		num("Equity", model.KindRate, "0", "share of the gap raised as equity"),
		num("Convertible", model.KindRate, "0", "share of the gap raised as convertibles"),
		num("Corporate debt", model.KindRate, "0", "share of the gap raised as corporate debt"),
		num("Project debt", model.KindRate, "0", "share of the gap raised as project debt"),
		num("Share price change", model.KindChange, "0", "change in the share price, e.g. -20%"),
		num("Capex change", model.KindChange, "0", "change in capex per MW, e.g. 10%"),
		includeColumn,
		sourceColumn,
		noteColumn,
	}},
}

// Unit is the unit a value of kind k is held in (SPEC §2), as the Inputs sheet states it.
func Unit(k model.Kind) string {
	switch k {
	case model.KindMoney:
		return "USD m"
	case model.KindPerMW:
		return "USD m per MW"
	case model.KindPrice:
		return "USD"
	case model.KindShares:
		return "m"
	case model.KindMW:
		return "MW"
	case model.KindBTC:
		return "BTC"
	case model.KindRate, model.KindChange:
		return "fraction"
	case model.KindMultiple:
		return "x"
	case model.KindYears:
		return "years"
	case model.KindDate:
		return "date"
	}
	return ""
}
