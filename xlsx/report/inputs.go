package report

import (
	"time"

	"github.com/shopspring/decimal"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// The Inputs sheet lists every value the model used, one row per input record (SPEC §4): the
// assumptions (a row each: name, unit, value, source), the two tolerances, then a section per
// table, a row per scenario, miner, project and instrument with its keys in columns A and B and,
// from column C, a pair of columns per field of the table (input.Table.Values): the value, and
// where it came from. A scenario's row goes on with the value each assumption it may override
// takes in it. Formulas on every other sheet point at these value cells (inputsLayout).
const (
	inFirstRow  = 4 // the Assumptions header
	inFirstPair = 3 // column C: the first field's value
)

// inputCell is a value cell of the Inputs sheet.
type inputCell struct{ row, col int }

// inputsLayout says where each value sits on Inputs. Everything that points at an input value
// asks it.
type inputsLayout struct {
	tolerance     inputCell // the Checks sheet's tolerance
	flagTolerance inputCell // the flags' relative tolerance (model.FlagTolerance)
	scenarios     int       // each section's first record row
	miners        int
	projects      int
	instrs        int
	last          int
}

// inputRows are, per table, the value columns listed for each record and each one's pair.
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

// col is the value column of field; a field the table does not list is a bug.
func (r inputRows) col(field string) int {
	k, ok := r.offset[field]
	if !ok {
		panic("report: no Inputs column for field " + field)
	}
	return inFirstPair + 2*k
}

var (
	minerRows      = newInputRows(model.TableMiners)
	projectRows    = newInputRows(model.TableProjects)
	instrumentRows = newInputRows(model.TableInstruments)
	scenarioRows   = newInputRows(model.TableScenarios)
)

// overridable are the assumptions a scenario may override, in sheet order, and the offset of
// each among them: a scenario's row goes on with the value each takes in it.
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

// inputsSection is the rows a table's section takes before its records: a gap, its title and its
// header row.
const inputsSection = 3

func newOutInputsLayout(u *model.Universe, nScenarios int) inputsLayout {
	var l inputsLayout
	tol := inFirstRow + 1 + len(model.AssumptionDefs)
	l.tolerance = inputCell{tol, inFirstPair}
	l.flagTolerance = inputCell{tol + 1, inFirstPair}
	l.scenarios = tol + 2 + inputsSection
	l.miners = l.scenarios + nScenarios + inputsSection
	l.projects = l.miners + len(u.Miners) + inputsSection
	l.instrs = l.projects + len(u.Projects) + inputsSection
	l.last = l.instrs + len(u.Instruments) - 1
	return l
}

func (l inputsLayout) assumption(k model.AssumptionKey) inputCell {
	return inputCell{inFirstRow + 1 + int(k), inFirstPair}
}
func (l inputsLayout) scenario(s int, field string) inputCell {
	return inputCell{l.scenarios + s, scenarioRows.col(field)}
}
func (l inputsLayout) miner(i int, field string) inputCell {
	return inputCell{l.miners + i, minerRows.col(field)}
}
func (l inputsLayout) project(j int, field string) inputCell {
	return inputCell{l.projects + j, projectRows.col(field)}
}
func (l inputsLayout) instrument(k int, field string) inputCell {
	return inputCell{l.instrs + k, instrumentRows.col(field)}
}

// scenarioAssumption is assumption k's value in scenario s; s < 0 is the base case, and an
// assumption no scenario may override is the Assumptions value in every scenario.
func (l inputsLayout) scenarioAssumption(s int, k model.AssumptionKey) inputCell {
	k2, ok := overridableAt[k]
	if s < 0 || !ok {
		return l.assumption(k)
	}
	return inputCell{l.scenarios + s, inFirstPair + 2*(len(scenarioRows.cols)+k2)}
}

// in is a reference to an Inputs value cell from another sheet.
func (ow *writer) in(c inputCell) string {
	return xlsx.Quote(SheetInputs) + "!" + cellRef(c.col, c.row)
}

// here is a reference to an Inputs value cell from the Inputs sheet itself.
func (c inputCell) here() string { return cellRef(c.col, c.row) }

// checkTolerance is the largest difference, in USD m, a check on the Checks sheet lets pass:
// the float arithmetic of a spreadsheet recalculating drifts by far less.
var checkTolerance = decimal.New(1, -6)

const sourceNote = "where the value came from: the input cell, or default (the tool's default, or the Assumptions value a blank field falls back to)"

// inputsWidths are the sheet's column widths: keys, then value and source pairs.
func inputsWidths() []float64 {
	n := 0
	for _, r := range []inputRows{minerRows, projectRows, instrumentRows} {
		n = max(n, len(r.cols))
	}
	n = max(n, len(scenarioRows.cols)+len(overridable))
	w := []float64{30, 24}
	for range n {
		w = append(w, 14, 30)
	}
	return w
}

// inputsExtent is the Inputs sheet's extent: its columns, down to the last record (inputsLayout).
func (ow *writer) inputsExtent() [2]int { return [2]int{len(inputsWidths()), ow.lay.last} }

func (ow *writer) writeInputs() error {
	s, err := ow.stream(SheetInputs, inputsWidths(), freeze(2, 0))
	if err != nil {
		return err
	}
	if err := s.intro("Inputs: every value the model used", "One row per input record, a value column and a Source column per field. Source names the input cell, or default when the workbook left it blank. Formulas on every other sheet point at the value cells."); err != nil {
		return err
	}
	if err := s.headers(inFirstRow, 1, []header{
		{"Assumption", "the assumption's name", 0}, {"Unit", "the value's unit", 0},
		{"Value", "the value used: blue when read or defaulted", 0}, {"Source", sourceNote, 0},
	}); err != nil {
		return err
	}
	// A sheet has one autofilter: the first table's, the assumptions and tolerances.
	s.filter(inFirstRow, 4, ow.lay.flagTolerance.row)
	a := ow.u.Assumptions
	put := func(c inputCell, name, unit string, v any, source string) error {
		return s.row(c.row, name, ow.val(xlsx.StyleUnit, unit), v, source)
	}
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
		if err := put(ow.lay.assumption(d.Key), d.Name, d.Unit, v, ow.b.Source(ref)); err != nil {
			return err
		}
	}
	if err := put(ow.lay.tolerance, "Check tolerance", "USD m", ow.val(xlsx.StyleInputTolerance, num(checkTolerance)), "default"); err != nil {
		return err
	}
	if err := put(ow.lay.flagTolerance, "Flag tolerance", "fraction", ow.val(xlsx.StyleInputTolerance, num(model.FlagTolerance)),
		"default: a spill, leverage or coverage flag needs its limit exceeded by more than this share"); err != nil {
		return err
	}
	// The scenarios: their own values, then each overridable assumption's value in the scenario.
	extra := make([]string, len(overridable))
	for k, d := range overridable {
		extra[k] = d.Name + " (used) (" + d.Unit + ")"
	}
	if err := ow.inputsHeader(s, ow.lay.scenarios, model.TableScenarios, model.FieldScenario, "", scenarioRows, extra); err != nil {
		return err
	}
	for si := range ow.r.Scenarios {
		sc := &ow.r.Scenarios[si]
		cells := ow.inputsRecord(model.TableScenarios, si, sc.Name, "", sc)
		cells = append(cells, ow.inputsOverrides(si, sc)...)
		if err := s.row(ow.lay.scenarios+si, cells...); err != nil {
			return err
		}
	}
	if err := ow.inputsHeader(s, ow.lay.miners, model.TableMiners, model.FieldTicker, "", minerRows, nil); err != nil {
		return err
	}
	for i := range ow.u.Miners {
		m := &ow.u.Miners[i]
		if err := s.row(ow.lay.miners+i, ow.inputsRecord(model.TableMiners, i, m.Ticker, "", m)...); err != nil {
			return err
		}
	}
	if err := ow.inputsHeader(s, ow.lay.projects, model.TableProjects, model.FieldTicker, model.FieldProject, projectRows, nil); err != nil {
		return err
	}
	for j := range ow.u.Projects {
		p := &ow.u.Projects[j]
		if err := s.row(ow.lay.projects+j, ow.inputsRecord(model.TableProjects, j, p.Ticker, p.Name, p)...); err != nil {
			return err
		}
	}
	if err := ow.inputsHeader(s, ow.lay.instrs, model.TableInstruments, model.FieldTicker, model.FieldInstrument, instrumentRows, nil); err != nil {
		return err
	}
	for k := range ow.u.Instruments {
		in := &ow.u.Instruments[k]
		if err := s.row(ow.lay.instrs+k, ow.inputsRecord(model.TableInstruments, k, in.Ticker, in.Name, in)...); err != nil {
			return err
		}
	}
	return s.flush()
}

// inputsHeader writes a table section's title and header rows above its first record row: the
// keys, then each field's value (with its unit) and source, then extra value columns.
func (ow *writer) inputsHeader(s *sheetWriter, first int, table, key1, key2 string, rows inputRows, extra []string) error {
	if err := s.row(first-2, ow.val(xlsx.StyleTitle, table)); err != nil {
		return err
	}
	hs := []header{{Title: key1}, {Title: key2}}
	for _, c := range rows.cols {
		title := c.Name
		if u := c.UnitName(); u != "" {
			title += " (" + u + ")"
		}
		hs = append(hs, header{Title: title, Note: ""}, header{Title: "Source"})
	}
	for _, e := range extra {
		hs = append(hs, header{Title: e}, header{Title: "Source"})
	}
	cells := make([]any, len(hs))
	for i, h := range hs {
		cells[i] = ow.val(xlsx.StyleHeader, h.Title)
	}
	return s.rowHeight(first-1, 30, cells...)
}

// inputsRecord is one record's row: its keys, then each value column of its table
// (input.Table.Values) with where it came from.
func (ow *writer) inputsRecord(table string, index int, key1, key2 string, rec any) []any {
	cells := []any{key1, key2}
	for _, c := range input.TableOf(table).Values() {
		v, source := ow.inputValue(c, model.Ref{Table: table, Row: index, Field: c.Name}, rec)
		cells = append(cells, v, source)
	}
	return cells
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
			return ow.cell(xlsx.FormulaStyle(c.Kind), ow.lay.assumption(k).here(), num(ow.u.Assumptions.Get(k))), why
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

// inputsOverrides are the value and source of each assumption scenario si may override: its
// override, or a link to the Assumptions value.
func (ow *writer) inputsOverrides(si int, sc *model.Scenario) []any {
	a := ow.u.Assumptions
	var cells []any
	for _, d := range overridable {
		if o, ok := sc.Overrides[d.Key]; ok {
			cells = append(cells, ow.val(xlsx.InputStyle(d.Kind), num(o)),
				ow.b.Source(model.Ref{Table: model.TableScenarios, Row: si, Field: d.Name}))
			continue
		}
		cells = append(cells, ow.cell(xlsx.FormulaStyle(d.Kind), ow.lay.assumption(d.Key).here(), num(a.Get(d.Key))),
			"Assumptions (no override)")
	}
	return cells
}
