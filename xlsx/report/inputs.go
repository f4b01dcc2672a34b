package report

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// The Inputs sheet lists every value the model used, one per row, with where it came from:
// Table, Ticker, Item, Field, Value, Unit, Source. Formulas elsewhere point at column E. Its
// rows follow the input tables (input.Tables): per record, one row per value column, in the
// table's order; per scenario, its own values, then the value each assumption takes in it.
const (
	inColValue = 5
	inFirstRow = 4
)

// inputsLayout says on which Inputs row each value sits. Everything that points at an input
// value asks it.
type inputsLayout struct {
	tolerance     int // the Checks sheet's tolerance
	flagTolerance int // the flags' relative tolerance (model.FlagTolerance)
	scenarios     int
	miners        int
	projects      int
	instrs        int
	last          int
}

// inputRows are, per table, the value columns listed for each record and each one's offset.
type inputRows struct {
	cols   []input.Column
	offset map[string]int
}

func newInputRows(table string) inputRows {
	r := inputRows{cols: input.TableOf(table).Values(), offset: map[string]int{}}
	for k, c := range r.cols {
		r.offset[c.Name] = k
	}
	return r
}

// at is the offset of field within a record's rows; a field the table does not list is a bug.
func (r inputRows) at(field string) int {
	k, ok := r.offset[field]
	if !ok {
		panic("report: no Inputs row for field " + field)
	}
	return k
}

var (
	minerRows      = newInputRows(model.TableMiners)
	projectRows    = newInputRows(model.TableProjects)
	instrumentRows = newInputRows(model.TableInstruments)
	scenarioRows   = newInputRows(model.TableScenarios)
)

// overridable are the assumptions a scenario may override, in sheet order, and the offset of
// each among them: a scenario's rows list the value each takes in it.
var overridable, overridableAt = func() ([]model.AssumptionDef, map[model.AssumptionKey]int) {
	var defs []model.AssumptionDef
	at := map[model.AssumptionKey]int{}
	for _, d := range model.AssumptionDefs {
		if model.Overridable(d.Key) {
			at[d.Key] = len(defs)
			defs = append(defs, d)
		}
	}
	return defs, at
}()

// perScenario is a scenario's rows: its own values, then every assumption it may override.
var perScenario = len(scenarioRows.cols) + len(overridable)

func newOutInputsLayout(u *model.Universe, nScenarios int) inputsLayout {
	var l inputsLayout
	l.tolerance = inFirstRow + len(model.AssumptionDefs)
	l.flagTolerance = l.tolerance + 1
	l.scenarios = l.flagTolerance + 2
	l.miners = l.scenarios + nScenarios*perScenario + 1
	l.projects = l.miners + len(u.Miners)*len(minerRows.cols) + 1
	l.instrs = l.projects + len(u.Projects)*len(projectRows.cols) + 1
	l.last = l.instrs + len(u.Instruments)*len(instrumentRows.cols) - 1
	return l
}

// lastRow is the last row the Inputs sheet writes: that of its last table with a record (the
// tolerances when none has one).
func (l inputsLayout) lastRow(u *model.Universe, nScenarios int) int {
	last := l.flagTolerance
	for _, t := range []struct{ first, n, rows int }{
		{l.scenarios, nScenarios, perScenario},
		{l.miners, len(u.Miners), len(minerRows.cols)},
		{l.projects, len(u.Projects), len(projectRows.cols)},
		{l.instrs, len(u.Instruments), len(instrumentRows.cols)},
	} {
		if t.n > 0 {
			last = t.first + t.n*t.rows - 1
		}
	}
	return last
}

func (l inputsLayout) assumption(k model.AssumptionKey) int { return inFirstRow + int(k) }
func (l inputsLayout) scenario(s int, field string) int {
	return l.scenarios + s*perScenario + scenarioRows.at(field)
}
func (l inputsLayout) miner(i int, field string) int {
	return l.miners + i*len(minerRows.cols) + minerRows.at(field)
}
func (l inputsLayout) project(j int, field string) int {
	return l.projects + j*len(projectRows.cols) + projectRows.at(field)
}
func (l inputsLayout) instrument(k int, field string) int {
	return l.instrs + k*len(instrumentRows.cols) + instrumentRows.at(field)
}

// scenarioAssumption is the row of assumption k's value in scenario s; s < 0 is the base case.
func (l inputsLayout) scenarioAssumption(s int, k model.AssumptionKey) int {
	if s < 0 {
		return l.assumption(k)
	}
	k2, ok := overridableAt[k]
	if !ok { // the same in every scenario: the Assumptions row
		return l.assumption(k)
	}
	return l.scenarios + s*perScenario + len(scenarioRows.cols) + k2
}

// in is a reference to an Inputs value cell from another sheet.
func (ow *writer) in(row int) string { return xlsx.Quote(SheetInputs) + "!" + cellRef(inColValue, row) }

// checkTolerance is the largest difference, in USD m, a check on the Checks sheet lets pass:
// the float arithmetic of a spreadsheet recalculating drifts by far less.
var checkTolerance = decimal.New(1, -6)

var inputsHeaders = []header{
	{"Table", "the input sheet the value belongs to", 12},
	{"Ticker", "the miner the value belongs to", 10},
	{"Item", "the project, instrument or scenario the value belongs to", 24},
	{"Field", "the input column or assumption name", 28},
	{"Value", "the value used: blue when read or defaulted, black when it is taken from another row of this sheet", 14},
	{"Unit", "money in USD m, shares in m, prices in USD, power in critical IT MW, rates as fractions", 21},
	{"Source", "where the value came from: the input cell, or default (the tool's default, or the Assumptions value a blank project field falls back to)", 34},
}

func (ow *writer) writeInputs() error {
	if err := ow.extent(SheetInputs, len(inputsHeaders), ow.lay.lastRow(ow.u, len(ow.r.Scenarios))); err != nil {
		return err
	}
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
		return s.row(row, table, ticker, item, field, v, ow.val(xlsx.StyleUnit, unit), ow.val(xlsx.StyleWrap, source))
	}
	a := ow.u.Assumptions
	for _, d := range model.AssumptionDefs {
		ref := model.Ref{Table: model.TableAssumptions, Row: int(d.Key), Field: model.FieldValue}
		var v any
		switch {
		case d.Key == model.AsOfDate:
			v = ow.val(xlsx.StyleInputDate, a.AsOf)
		case d.Key == model.BTCPrice && !a.HasBTCPrice:
			v = nil
		case d.Kind == model.KindName:
			v = ow.val(xlsx.StyleInputText, a.TornadoScenario)
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
	if err := put(ow.lay.flagTolerance, "Scenarios", "", "", "Flag tolerance",
		ow.val(xlsx.StyleInputTolerance, num(model.FlagTolerance)), "fraction", "default: a spill, leverage or coverage flag needs its limit exceeded by more than this share"); err != nil {
		return err
	}
	for si := range ow.r.Scenarios {
		sc := &ow.r.Scenarios[si]
		if err := ow.writeInputsRecord(s, model.TableScenarios, si, ow.lay.scenario(si, scenarioRows.cols[0].Name), "", sc.Name, sc); err != nil {
			return err
		}
		if err := ow.writeInputsOverrides(s, si, sc); err != nil {
			return err
		}
	}
	for i := range ow.u.Miners {
		m := &ow.u.Miners[i]
		if err := ow.writeInputsRecord(s, model.TableMiners, i, ow.lay.miner(i, minerRows.cols[0].Name), m.Ticker, "", m); err != nil {
			return err
		}
	}
	for j := range ow.u.Projects {
		p := &ow.u.Projects[j]
		if err := ow.writeInputsRecord(s, model.TableProjects, j, ow.lay.project(j, projectRows.cols[0].Name), p.Ticker, p.Name, p); err != nil {
			return err
		}
	}
	for k := range ow.u.Instruments {
		in := &ow.u.Instruments[k]
		if err := ow.writeInputsRecord(s, model.TableInstruments, k, ow.lay.instrument(k, instrumentRows.cols[0].Name), in.Ticker, in.Name, in); err != nil {
			return err
		}
	}
	return s.flush()
}

// writeInputsRecord writes one record's value rows from row first on: each value column of its
// table (input.Table.Values), with its unit and where it came from.
func (ow *writer) writeInputsRecord(s *sheetWriter, table string, index, first int, ticker, item string, rec any) error {
	for k, c := range input.TableOf(table).Values() {
		ref := model.Ref{Table: table, Row: index, Field: c.Name}
		v, source := ow.inputValue(c, ref, rec)
		if err := s.row(first+k, table, ticker, item, c.Name, v, ow.val(xlsx.StyleUnit, c.UnitName()), ow.val(xlsx.StyleWrap, source)); err != nil {
			return err
		}
	}
	return nil
}

// inputValue is the Inputs cell of column c of a record, and its source: the value read, or
// what a blank means (a fallback assumption's row, the zero value, or the column's Blank text).
func (ow *writer) inputValue(c input.Column, ref model.Ref, rec any) (any, string) {
	source := ow.b.Source(ref)
	switch v := c.Value(rec).(type) {
	case *string:
		if *v == "" && c.Blank != "" {
			return nil, c.Blank
		}
		return ow.val(xlsx.StyleInputText, *v), source
	case *decimal.Decimal:
		return ow.val(xlsx.InputStyle(c.Kind), num(*v)), source
	case *time.Time:
		if v.IsZero() {
			return nil, c.Blank
		}
		return ow.val(xlsx.StyleInputDate, *v), source
	case *decimal.NullDecimal:
		switch {
		case v.Valid:
			return ow.val(xlsx.InputStyle(c.Kind), num(v.Decimal)), source
		case c.HasFallback:
			k := c.Fallback
			why := "default: " + model.AssumptionDefs[k].Name
			if _, ok := model.ProjectField(k); ok && ref.Table == model.TableProjects {
				why += " (a scenario's override applies)"
			}
			return ow.cell(xlsx.FormulaStyle(c.Kind), "E"+strconv.Itoa(ow.lay.assumption(k)), num(ow.u.Assumptions.Get(k))), why
		case c.Blank != "":
			return nil, c.Blank
		}
		if p, ok := rec.(*model.Project); ok && p.CapexSpentIsBuildCost() && c.Name == model.FieldCapexSpent {
			return nil, "default: the whole build cost (Energized)"
		}
		if c.BlankValue != "" {
			return ow.val(xlsx.InputStyle(c.Kind), num(decimal.RequireFromString(c.BlankValue))), "default: " + c.BlankValue
		}
		return ow.val(xlsx.InputStyle(c.Kind), 0.0), "default: 0"
	}
	return ow.val(xlsx.StyleInputText, listString(c.Value(rec))), source
}

// listString is a list value's text.
func listString(v any) string {
	if s, ok := v.(interface{ String() string }); ok {
		return s.String()
	}
	return ""
}

// writeInputsOverrides writes the value each assumption takes in scenario si: its override, or
// a link to the Assumptions value.
func (ow *writer) writeInputsOverrides(s *sheetWriter, si int, sc *model.Scenario) error {
	a := ow.u.Assumptions
	for _, d := range overridable {
		row := ow.lay.scenarioAssumption(si, d.Key)
		var v any
		source := "Assumptions (no override)"
		if o, ok := sc.Overrides[d.Key]; ok {
			v = ow.val(xlsx.InputStyle(d.Kind), num(o))
			source = ow.b.Source(model.Ref{Table: model.TableScenarios, Row: si, Field: d.Name})
		} else {
			v = ow.cell(xlsx.FormulaStyle(d.Kind), "E"+strconv.Itoa(ow.lay.assumption(d.Key)), num(a.Get(d.Key)))
		}
		if err := s.row(row, model.TableScenarios, "", sc.Name, d.Name+" (used)", v, ow.val(xlsx.StyleUnit, d.Unit), ow.val(xlsx.StyleWrap, source)); err != nil {
			return err
		}
	}
	return nil
}
