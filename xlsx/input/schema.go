package input

import "minergap/model"

// Column describes one column of an input sheet, declaratively: how its header is matched, how
// its cells are typed, what the template's header note says, and where its value goes in the
// model. The reader, the template and the output's Inputs sheet are all driven by it.
type Column struct {
	Name     string   // canonical header: one of model's Field names, also the Field of a model.Ref
	Aliases  []string // other accepted headers
	Kind     model.Kind
	Text     bool     // free text: Kind is ignored
	List     []string // allowed values (canonical spelling), for list columns; Text is true
	Required bool     // the cell must hold a value
	Key      bool     // the row's key (Ticker, Project, Instrument, Scenario): not an input value
	Default  string   // what a blank means, in words (for a list, the value a blank takes); empty when nothing to say
	Note     string   // meaning, in words
	Unit     string   // the unit stated, when the kind's own (Unit) does not say it all: "USD m per year"
	// Fallback is the assumption a blank takes, when HasFallback.
	Fallback    model.AssumptionKey
	HasFallback bool
	// Blank is what the Inputs sheet says of a blank optional value that takes no fallback;
	// empty shows the field's zero value (0, or an empty text) with its source.
	Blank string
	// BlankValue is the value a blank optional number takes on the Inputs sheet when it is not
	// 0 (decimal text; Ownership's 1).
	BlankValue string
	// Value locates the column's value in a row's model record (*model.Miner, *model.Project,
	// *model.Instrument or *model.Scenario): a pointer to a decimal.Decimal (a blank reads as 0),
	// a decimal.NullDecimal (a blank stays blank), a string, a time.Time, or a model.Status,
	// model.Business, model.InstrumentType or model.Scope for a list column. Nil for the columns
	// the model does not keep (Include, Note, and the Assumptions sheet's columns).
	Value func(rec any) any
}

// UnitName is the unit a value of the column is held in, as the Inputs sheet states it; empty
// for text and list columns.
func (c Column) UnitName() string {
	switch {
	case c.Text:
		return ""
	case c.Unit != "":
		return c.Unit
	}
	return Unit(c.Kind)
}

// Table describes one input sheet.
type Table struct {
	Name     string
	Required bool // the workbook must have the sheet
	Columns  []Column
}

// Values are the table's columns that hold an input value of its rows, in sheet order: every
// column the model keeps but the keys and the row's Source.
func (t Table) Values() []Column {
	var out []Column
	for _, c := range t.Columns {
		if c.Value != nil && !c.Key && c.Name != model.FieldSource {
			out = append(out, c)
		}
	}
	return out
}

// TableOf returns the table named name (a model.Table* name).
func TableOf(name string) Table {
	for _, t := range Tables {
		if t.Name == name {
			return t
		}
	}
	panic("input: no table " + name)
}

var (
	statusList   = []string{"Energized", "Under construction", "Contracted", "Pipeline"}
	businessList = []string{"Colocation", "GPU cloud"}
	typeList     = []string{"Convertible", "Warrant"}
	scopeList    = []string{"Near-term", "Full pipeline"}
	includeList  = []string{"Y", "N"}
)

// at is a Column.Value for records of type T.
func at[T any](f func(*T) any) func(any) any { return func(rec any) any { return f(rec.(*T)) } }

func text(name, note string) Column { return Column{Name: name, Text: true, Note: note} }

func num(name string, kind model.Kind, def, note string) Column {
	return Column{Name: name, Kind: kind, Default: def, Note: note}
}

func required(c Column) Column { c.Required = true; return c }

func key(c Column) Column { c.Key, c.Required = true, true; return c }

// to sets where a column's value goes.
func (c Column) to(v func(any) any) Column { c.Value = v; return c }

// or sets the assumption a blank falls back to.
func (c Column) or(k model.AssumptionKey) Column { c.Fallback, c.HasFallback = k, true; return c }

// blank sets what the Inputs sheet says of a blank.
func (c Column) blank(s string) Column { c.Blank = s; return c }

func (c Column) unit(u string) Column { c.Unit = u; return c }

var (
	includeColumn = Column{Name: model.FieldInclude, Text: true, List: includeList, Default: "Y",
		Note: "N or No leaves the row out of the run (it is logged)"}
	sourceNote = "where the row's figures come from (a URL or a document)"
	noteColumn = text(model.FieldNote, "free text: how a figure was derived, or why it is an assumption")
)

type (
	miner      = model.Miner
	project    = model.Project
	instrument = model.Instrument
	scenario   = model.Scenario
)

// Tables is the input contract of SPEC §2, sheet by sheet, columns in template order.
// The Assumptions sheet is a list of name/value rows: its names are model.AssumptionDefs.
var Tables = []Table{
	{Name: model.TableAssumptions, Required: true, Columns: []Column{
		required(text(model.FieldAssumption, "an assumption name from the list below")),
		required(Column{Name: model.FieldValue, Note: "the assumption's value, in the unit of its row"}),
		text(model.FieldUnit, "the value's unit (for the reader; the name fixes it)"),
		noteColumn,
		text(model.FieldSource, sourceNote),
	}},
	{Name: model.TableMiners, Required: true, Columns: []Column{
		key(text(model.FieldTicker, "the company's ticker; unique")).to(at(func(m *miner) any { return &m.Ticker })),
		text(model.FieldCompany, "the company's name").to(at(func(m *miner) any { return &m.Company })),
		required(num(model.FieldSharePrice, model.KindPrice, "", "share price in USD")).to(at(func(m *miner) any { return &m.SharePrice })),
		required(num(model.FieldSharesOutstanding, model.KindShares, "", "basic shares outstanding, millions")).to(at(func(m *miner) any { return &m.SharesOutstanding })),
		required(num(model.FieldCash, model.KindMoney, "", "cash and equivalents, USD m")).to(at(func(m *miner) any { return &m.Cash })),
		num(model.FieldBTCHeld, model.KindBTC, "0", "bitcoin held, BTC").to(at(func(m *miner) any { return &m.BTCHeld })),
		num(model.FieldDebt, model.KindMoney, "0", "all debt outstanding, convertibles at principal, USD m").to(at(func(m *miner) any { return &m.Debt })),
		num(model.FieldInterest, model.KindMoney, "from debt, rates and coupons", "existing interest, USD m per year").unit("USD m per year").
			blank("blank: derived from debt, the corporate debt rate and coupons (see Scenarios)").to(at(func(m *miner) any { return &m.Interest })),
		num(model.FieldUndrawnDebt, model.KindMoney, "0", "corporate facilities signed but not drawn, USD m").to(at(func(m *miner) any { return &m.UndrawnDebt })),
		num(model.FieldUndrawnDebtRate, model.KindRate, "Corporate debt rate", "rate on undrawn committed debt once drawn").or(model.CorporateDebtRate).to(at(func(m *miner) any { return &m.UndrawnDebtRate })),
		num(model.FieldOtherCommitted, model.KindMoney, "0", "committed preferred or JV equity not yet received, USD m").to(at(func(m *miner) any { return &m.OtherCommitted })),
		num(model.FieldOtherUses, model.KindMoney, "0", "maturities, puts, committed buybacks and other cash needs within the build, USD m").to(at(func(m *miner) any { return &m.OtherUses })),
		num(model.FieldMinimumCash, model.KindMoney, "0", "cash kept on hand, USD m").to(at(func(m *miner) any { return &m.MinimumCash })),
		num(model.FieldMiningEBITDA, model.KindMoney, "0", "bitcoin mining EBITDA, USD m per year").unit("USD m per year").to(at(func(m *miner) any { return &m.MiningEBITDA })),
		includeColumn,
		text(model.FieldSource, sourceNote).to(at(func(m *miner) any { return &m.Source })),
		noteColumn,
	}},
	{Name: model.TableProjects, Required: true, Columns: []Column{
		key(text(model.FieldTicker, "the miner's ticker; must be on Miners")).to(at(func(p *project) any { return &p.Ticker })),
		key(text(model.FieldProject, "site or phase name")).to(at(func(p *project) any { return &p.Name })),
		required(Column{Name: model.FieldStatus, Text: true, List: statusList, Note: "Energized, Under construction, Contracted or Pipeline"}).to(at(func(p *project) any { return &p.Status })),
		Column{Name: model.FieldModel, Text: true, List: businessList, Default: "Colocation", Note: "Colocation (lease the shell) or GPU cloud (own the GPUs)"}.to(at(func(p *project) any { return &p.Business })),
		required(Column{Name: model.FieldITMW, Aliases: []string{"Critical IT MW"}, Kind: model.KindMW, Note: "critical IT load, MW"}).to(at(func(p *project) any { return &p.MW })),
		num(model.FieldCapexPerMW, model.KindPerMW, "Assumptions", "shell and fit-out cost, USD m per MW").or(model.CapexPerMW).to(at(func(p *project) any { return &p.CapexPerMW })),
		num(model.FieldGPUCapexPerMW, model.KindPerMW, "Assumptions", "GPU cost, USD m per MW (GPU cloud only)").or(model.GPUCapexPerMW).to(at(func(p *project) any { return &p.GPUCapexPerMW })),
		num(model.FieldCapexSpent, model.KindMoney, "0; the whole build cost when Energized", "capex already spent, USD m").to(at(func(p *project) any { return &p.CapexSpent })),
		num(model.FieldStartDate, model.KindDate, "", "construction start").blank("blank").to(at(func(p *project) any { return &p.Start })),
		num(model.FieldEnergizationDate, model.KindDate, "", "first power to IT load").blank("blank").to(at(func(p *project) any { return &p.Energization })),
		text(model.FieldTenant, "the contracted tenant").blank("blank").to(at(func(p *project) any { return &p.Tenant })),
		num(model.FieldContractValue, model.KindMoney, "0", "total contract value over the term, USD m").to(at(func(p *project) any { return &p.ContractValue })),
		num(model.FieldContractYears, model.KindYears, "0", "contract term, years").to(at(func(p *project) any { return &p.ContractYears })),
		num(model.FieldPrepayment, model.KindMoney, "0", "prepayment still to be received from the tenant, USD m").to(at(func(p *project) any { return &p.Prepayment })),
		num(model.FieldNOIMargin, model.KindRate, "Assumptions", "net operating income / cash revenue").or(model.NOIMargin).to(at(func(p *project) any { return &p.NOIMargin })),
		num(model.FieldCommittedProjectDebt, model.KindMoney, "0", "project debt signed for this project and not yet drawn, USD m").to(at(func(p *project) any { return &p.CommittedProjectDebt })),
		num(model.FieldLoanToCost, model.KindRate, "Assumptions", "project debt as a share of build cost").or(model.ProjectLoanToCost).to(at(func(p *project) any { return &p.LoanToCost })),
		num(model.FieldProjectDebtRate, model.KindRate, "Assumptions", "annual rate on this project's debt").or(model.ProjectDebtRate).to(at(func(p *project) any { return &p.ProjectDebtRate })),
		Column{Name: model.FieldOwnership, Kind: model.KindRate, Default: "1", BlankValue: "1",
			Note: "the miner's share of a joint-venture site, above 0 and at most 1; MW and every amount of the row are for the whole site"}.to(at(func(p *project) any { return &p.Ownership })),
		num(model.FieldDisplacedEBITDA, model.KindMoney, "0", "mining EBITDA per year the site stops earning once its conversion starts, USD m per year").unit("USD m per year").to(at(func(p *project) any { return &p.DisplacedEBITDA })),
		includeColumn,
		text(model.FieldSource, sourceNote).to(at(func(p *project) any { return &p.Source })),
		noteColumn,
	}},
	{Name: model.TableInstruments, Columns: []Column{
		key(text(model.FieldTicker, "the miner's ticker; must be on Miners")).to(at(func(i *instrument) any { return &i.Ticker })),
		key(text(model.FieldInstrument, "the security's name")).to(at(func(i *instrument) any { return &i.Name })),
		required(Column{Name: model.FieldType, Text: true, List: typeList, Note: "Convertible or Warrant"}).to(at(func(i *instrument) any { return &i.Type })),
		num(model.FieldPrincipal, model.KindMoney, "0", "convertible principal outstanding, USD m").to(at(func(i *instrument) any { return &i.Principal })),
		num(model.FieldShares, model.KindShares, "0", "warrant shares, millions").to(at(func(i *instrument) any { return &i.Shares })),
		Column{Name: model.FieldConversionPrice, Aliases: []string{"Strike"}, Kind: model.KindPrice, Note: "conversion price or warrant strike, USD"}.to(at(func(i *instrument) any { return &i.ConversionPrice })),
		num(model.FieldCapPrice, model.KindPrice, "", "cap of the capped call bought with the note, USD: the economic dilution counts the note's shares only above it").blank("blank: no capped call").to(at(func(i *instrument) any { return &i.CapPrice })),
		num(model.FieldCoupon, model.KindRate, "0", "annual coupon").to(at(func(i *instrument) any { return &i.Coupon })),
		num(model.FieldMaturity, model.KindDate, "", "maturity date").blank("blank").to(at(func(i *instrument) any { return &i.Maturity })),
		includeColumn,
		text(model.FieldSource, sourceNote),
		noteColumn,
	}},
	{Name: model.TableScenarios, Columns: []Column{
		key(text(model.FieldScenario, "the scenario's name; unique")).to(at(func(s *scenario) any { return &s.Name })),
		Column{Name: model.FieldScope, Text: true, List: scopeList, Default: "Near-term", Note: "Near-term or Full pipeline: the projects the scenario finances"}.to(at(func(s *scenario) any { return &s.Scope })),
		num(model.FieldEquity, model.KindRate, "0", "share of the gap raised as equity").to(at(func(s *scenario) any { return &s.Equity })),
		num(model.FieldConvertible, model.KindRate, "0", "share of the gap raised as convertibles").to(at(func(s *scenario) any { return &s.Convertible })),
		num(model.FieldCorporateDebt, model.KindRate, "0", "share of the gap raised as corporate debt").to(at(func(s *scenario) any { return &s.CorporateDebt })),
		num(model.FieldProjectDebt, model.KindRate, "0", "share of the gap raised as project debt").to(at(func(s *scenario) any { return &s.ProjectDebt })),
		num(model.FieldSharePriceChange, model.KindChange, "0", "change in the share price, e.g. -20%").to(at(func(s *scenario) any { return &s.SharePriceChange })),
		num(model.FieldCapexChange, model.KindChange, "0", "change in capex per MW, e.g. 10%").to(at(func(s *scenario) any { return &s.CapexChange })),
		includeColumn,
		text(model.FieldSource, sourceNote),
		noteColumn,
	}},
}

// kinds says, for each kind of value, its unit as the Inputs sheet states it (SPEC §2), the units
// a header may state for it in an error's hint (when not its unit alone), and what a message
// calls a value of it.
var kinds = map[model.Kind]struct{ unit, hint, what string }{
	model.KindMoney:    {"USD m", "USD m (or USD bn, USD k)", "an amount in USD m"},
	model.KindPerMW:    {"USD m per MW", "", "an amount in USD m per MW"},
	model.KindPrice:    {"USD", "", "a price in USD"},
	model.KindShares:   {"m", "m (millions)", "a number of shares in millions"},
	model.KindMW:       {"MW", "", "a power in MW"},
	model.KindBTC:      {"BTC", "", "a number of BTC"},
	model.KindRate:     {"fraction", "% or fraction", "a fraction such as 0.07 or 7%"},
	model.KindChange:   {"fraction", "% or fraction", "a fraction such as 0.07 or 7%"},
	model.KindMultiple: {"x", "", "a multiple such as 1.3"},
	model.KindYears:    {"years", "", "a number of years"},
	model.KindDate:     {"date", "", "a date such as 2026-06-30"},
	model.KindQuarters: {"quarters", "", "a whole number of quarters"},
	model.KindName:     {"", "", "a scenario's name"},
}

// Unit is the unit a value of kind k is held in (SPEC §2), as the Inputs sheet states it.
func Unit(k model.Kind) string { return kinds[k].unit }

// unitHint says which units a field of kind k accepts, for an error message.
func unitHint(k model.Kind) string {
	switch t := kinds[k]; {
	case t.hint != "":
		return t.hint
	case t.unit != "":
		return t.unit
	}
	return "no unit"
}

// kindWord names what a value of kind k is, for "expected ..." messages.
func kindWord(k model.Kind) string {
	if w := kinds[k].what; w != "" {
		return w
	}
	return "a value"
}

// listText is a list value's canonical text (its String); ok is false when v is not a list value.
func listText(v any) (string, bool) {
	switch p := v.(type) {
	case *model.Status:
		return p.String(), true
	case *model.Business:
		return p.String(), true
	case *model.InstrumentType:
		return p.String(), true
	case *model.Scope:
		return p.String(), true
	}
	return "", false
}

// setList sets the list value v points at to the one whose text is s (a canonical list value).
func setList(v any, s string) {
	switch p := v.(type) {
	case *model.Status:
		for _, st := range model.Statuses {
			if st.String() == s {
				*p = st
			}
		}
	case *model.Business:
		for _, b := range []model.Business{model.Colocation, model.GPUCloud} {
			if b.String() == s {
				*p = b
			}
		}
	case *model.InstrumentType:
		for _, t := range []model.InstrumentType{model.Convertible, model.Warrant} {
			if t.String() == s {
				*p = t
			}
		}
	case *model.Scope:
		for _, sc := range model.Scopes {
			if sc.String() == s {
				*p = sc
			}
		}
	}
}
