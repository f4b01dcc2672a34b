package input

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"minergap/model"
	"minergap/xlsx"
)

// read reads every input sheet into the book, then runs the model's checks.
func (r *reader) read() {
	r.warned = map[string]bool{}
	r.columns = map[string]map[string]*column{}
	if props, err := r.f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	r.sheetOrder = r.f.GetSheetList()
	if isOutput(r.sheetOrder) {
		r.errorf(xlsx.Pos{File: r.file}, "is a minergap output (it has the Cover, Summary and Checks sheets of one), not an input workbook; give the input it was made from")
		return
	}
	found := map[string]string{} // table name → sheet name
	for _, name := range r.sheetOrder {
		n := Normalize(name)
		matched := false
		for _, t := range Tables {
			if Normalize(t.Name) != n {
				continue
			}
			matched = true
			if prev, dup := found[t.Name]; dup {
				r.broke(t.Name, r.pos(name, 0, 0), "sheet %s is a second %s sheet (besides %s); delete or rename one of them", quoted(name), t.Name, quoted(prev))
				continue
			}
			found[t.Name] = name
		}
		if !matched {
			r.note(r.pos(name, 0, 0), "sheet %s is not an input sheet; ignored", quoted(name))
		}
	}
	for _, t := range Tables {
		if _, ok := found[t.Name]; !ok && t.Required {
			r.broke(t.Name, xlsx.Pos{File: r.file}, "missing sheet %s; add it (minergap template writes a blank workbook with every sheet)", quoted(t.Name))
		}
	}
	open := func(name string) *sheet {
		sn, ok := found[name]
		if !ok {
			return nil
		}
		for i := range Tables {
			if Tables[i].Name == name {
				return &sheet{r: r, name: sn, table: &Tables[i]}
			}
		}
		return nil
	}
	u := &r.book.Universe
	u.Assumptions = model.DefaultAssumptions()
	if s := open(model.TableAssumptions); s != nil {
		r.readAssumptions(s, &u.Assumptions)
	}
	r.tickers = map[string]string{}
	r.excluded = map[string]bool{}
	if s := open(model.TableMiners); s != nil {
		r.readMiners(s, u)
	}
	if s := open(model.TableProjects); s != nil {
		r.readProjects(s, u)
	}
	if s := open(model.TableInstruments); s != nil {
		r.readInstruments(s, u)
	}
	if s := open(model.TableScenarios); s != nil {
		r.readScenarios(s, u)
	}
	r.limits()
	r.validate()
	if s, ok := found[model.TableMiners]; ok && len(u.Miners) == 0 && len(r.errs) == 0 {
		r.errorf(r.pos(s, 0, 0), "no miner to compute: the sheet has no company row (or every row's Include says No); add a row per company under the headers")
	}
}

// isOutput reports whether a workbook's sheets are those of a minergap output rather than an
// input's: Cover, Summary and Checks, and no Miners sheet. Read as an input, an output gives
// a hundred errors that say nothing of the mistake.
func isOutput(sheets []string) bool {
	has := map[string]bool{}
	for _, s := range sheets {
		has[Normalize(s)] = true
	}
	return has[Normalize("Cover")] && has[Normalize("Summary")] && has[Normalize("Checks")] && !has[Normalize(model.TableMiners)]
}

// limits reports a workbook past SPEC §4's size limits: one error per limit, on the key cell of
// the first row past it, saying how to split the workbook. Within them the output fits Excel.
func (r *reader) limits() {
	u := &r.book.Universe
	past := func(table string, i int) xlsx.Pos {
		p, _ := r.book.Sources.At(model.Ref{Table: table, Row: i})
		key := model.FieldTicker
		if table == model.TableScenarios {
			key = model.FieldScenario
		}
		if c, ok := r.columns[table][key]; ok {
			p.Col = c.col
		}
		return p
	}
	miners, scenarios := len(u.Miners), len(u.Scenarios)
	if miners > maxMiners {
		r.errorf(past(model.TableMiners, maxMiners), "the workbook has %s miners, above the limit of %s; split it into workbooks of at most %s miners (this row is the first past the limit)",
			xlsx.Count(miners), xlsx.Count(maxMiners), xlsx.Count(maxMiners))
	}
	if scenarios > maxScenarios {
		r.errorf(past(model.TableScenarios, maxScenarios), "the workbook has %s scenarios, above the limit of %s; split it into workbooks of at most %s scenarios (this row is the first past the limit)",
			xlsx.Count(scenarios), xlsx.Count(maxScenarios), xlsx.Count(maxScenarios))
	}
	if miners <= maxMiners && scenarios <= maxScenarios && miners*scenarios > maxCases {
		fit := maxCases / miners
		r.errorf(past(model.TableScenarios, fit), "%s miners × %s scenarios make %s miner-scenario cases, above the limit of %s; split the workbook so that miners × scenarios stays within %s (with %s miners, at most %s scenarios; this row is the first past it)",
			xlsx.Count(miners), xlsx.Count(scenarios), xlsx.Count(miners*scenarios), xlsx.Count(maxCases), xlsx.Count(maxCases), xlsx.Count(miners), xlsx.Count(fit))
	}
}

// included reads a row's Include column: false (and logged) for N or No.
func (s *sheet) included(row sheetRow, table string, index int) bool {
	ref := model.Ref{Table: table, Row: -1 - index, Field: model.FieldInclude} // rows left out have no index
	v := s.list(row, model.FieldInclude, ref, "Y")
	s.r.book.Sources.Delete(ref)
	if v == "N" {
		s.r.note(s.r.pos(s.name, row.n, 0), "row %d left out: Include is %s", row.n, quoted(strings.TrimSpace(s.rawText(row, model.FieldInclude))))
		if table == model.TableMiners {
			if t := Normalize(s.rawText(row, model.FieldTicker)); t != "" {
				s.r.excluded[t] = true
			}
		}
		return false
	}
	if table == model.TableProjects || table == model.TableInstruments {
		if t := s.rawText(row, model.FieldTicker); s.r.excluded[Normalize(t)] && s.r.tickers[Normalize(t)] == "" {
			s.r.note(s.r.pos(s.name, row.n, 0), "row %d left out: its miner %s is left out on Miners", row.n, quoted(strings.TrimSpace(t)))
			return false
		}
	}
	return v != ""
}

func (s *sheet) rawText(row sheetRow, name string) string {
	if c, ok := s.cols[name]; ok && c.col <= len(row.cells) {
		return row.cells[c.col-1]
	}
	return ""
}

// assumptionNames lists every assumption's name, for suggestions.
func assumptionNames() []string {
	names := make([]string, len(model.AssumptionDefs))
	for i, d := range model.AssumptionDefs {
		names[i] = d.Name
	}
	return names
}

func (r *reader) readAssumptions(s *sheet, a *model.Assumptions) {
	seen := map[model.AssumptionKey]xlsx.Pos{}
	s.scan(func(row sheetRow) {
		name, np, ok := s.raw(row, model.FieldAssumption)
		if !ok {
			return
		}
		name = strings.TrimSpace(name)
		if note := strings.TrimSpace(s.rawText(row, model.FieldNote)); note != "" {
			c := s.cols[model.FieldNote]
			label := name
			if label == "" {
				label = model.TableAssumptions
			}
			r.book.Log = append(r.book.Log, LogEntry{Pos: r.pos(s.name, row.n, c.col), Level: LevelNote,
				Text: label + ": " + note, Analyst: true})
		}
		if name == "" {
			if v := strings.TrimSpace(s.rawText(row, model.FieldValue)); v != "" {
				r.errorf(np, "a value without an assumption name; enter the name, one of %s", strings.Join(assumptionNames(), ", "))
			}
			return
		}
		var def *model.AssumptionDef
		for i := range model.AssumptionDefs {
			if Normalize(model.AssumptionDefs[i].Name) == Normalize(name) {
				def = &model.AssumptionDefs[i]
			}
		}
		if def == nil {
			r.errorf(np, "unknown assumption %s; did you mean %s?", quoted(name), quoted(model.Nearest(name, assumptionNames())))
			return
		}
		if prev, dup := seen[def.Key]; dup {
			r.errorf(np, "assumption %s is given twice (first in %s); delete one of them", def.Name, prev.Cell())
			return
		}
		seen[def.Key] = np
		rowRef := model.Ref{Table: model.TableAssumptions, Row: int(def.Key)}
		ref := model.Ref{Table: model.TableAssumptions, Row: int(def.Key), Field: model.FieldValue}
		r.book.Sources.Set(rowRef, r.pos(s.name, row.n, 0))
		scale := decimal.NewFromInt(1)
		if unit, up, ok := s.raw(row, model.FieldUnit); ok && strings.TrimSpace(unit) != "" && s.has(model.FieldUnit) {
			f, ok := unitScale(unit, def.Kind, def.Unit)
			if !ok {
				r.errorf(up, "unit %s does not fit %s; use %s", quoted(strings.TrimSpace(unit)), def.Name, def.Unit)
				r.fail(ref)
				return
			}
			scale = f
			if !f.Equal(decimal.NewFromInt(1)) {
				r.note(up, "%s is in %s: converted to %s (× %s)", def.Name, strings.TrimSpace(unit), def.Unit, f.String())
			}
		}
		v, vp, ok := s.raw(row, model.FieldValue)
		if !ok {
			r.fail(ref)
			return
		}
		if def.Kind == model.KindDate {
			t, ok := r.parseDate(vp, v, def.Name)
			if !ok {
				r.fail(ref)
				return
			}
			if t.IsZero() {
				r.errorf(vp, "%s is required; enter a date such as 2026-06-30", def.Name)
				r.fail(ref)
				return
			}
			a.AsOf = t
			r.book.Sources.Set(ref, vp)
			return
		}
		if def.Kind == model.KindName {
			if name := strings.TrimSpace(v); !blank(name) {
				a.TornadoScenario = name
				r.book.Sources.Set(ref, vp)
			}
			return
		}
		d, present := r.parseNumber(vp, v, def.Name, def.Kind, scale)
		if !present {
			if r.errCells[vp] {
				r.fail(ref)
				return
			}
			if def.Default != "" {
				r.note(vp, "%s is blank: the default %s %s is used", def.Name, def.Default, def.Unit)
			}
			return
		}
		a.Values[def.Key] = d
		if def.Key == model.BTCPrice {
			a.HasBTCPrice = true
		}
		r.book.Sources.Set(ref, vp)
	})
	if s.header == 0 {
		return
	}
	if _, ok := seen[model.AsOfDate]; !ok {
		r.errorf(r.pos(s.name, 0, 0), "the As of date is missing; add a row As of date with a date such as 2026-06-30")
		r.fail(model.Ref{Table: model.TableAssumptions, Row: int(model.AsOfDate), Field: model.FieldValue})
	}
	var defaulted []string
	for _, d := range model.AssumptionDefs {
		if _, ok := seen[d.Key]; !ok && d.Default != "" {
			defaulted = append(defaulted, d.Name)
		}
	}
	if len(defaulted) > 0 {
		r.note(r.pos(s.name, 0, 0), "not listed, so at their defaults: %s", strings.Join(defaulted, ", "))
	}
}

// fill reads a data row into rec, a *model.Miner, *model.Project, *model.Instrument or
// *model.Scenario, column by column as the table declares (Column.Value), recording where each
// value came from under Refs of table row i.
func (s *sheet) fill(row sheetRow, i int, rec any) {
	ref := func(f string) model.Ref { return model.Ref{Table: s.table.Name, Row: i, Field: f} }
	s.r.book.Sources.Set(ref(""), s.r.pos(s.name, row.n, 0))
	for _, c := range s.table.Columns {
		if c.Value == nil {
			continue
		}
		switch v := c.Value(rec).(type) {
		case *string:
			*v = s.text(row, c.Name, ref(c.Name), c.Required)
		case *decimal.Decimal:
			*v = s.number(row, c.Name, ref(c.Name), c.Required).Decimal
		case *decimal.NullDecimal:
			*v = s.number(row, c.Name, ref(c.Name), c.Required)
		case *time.Time:
			*v = s.date(row, c.Name, ref(c.Name))
		default:
			setList(v, s.list(row, c.Name, ref(c.Name), c.Default))
		}
	}
}

// readRows reads every included data row of a sheet into a record of its table, appended to
// rows; then, when not nil, finishes each record from its row (i is its index in rows).
func readRows[T any](s *sheet, rows *[]T, then func(row sheetRow, i int, rec *T)) {
	s.scan(func(row sheetRow) {
		i := len(*rows)
		if !s.included(row, s.table.Name, i) {
			return
		}
		var rec T
		s.fill(row, i, &rec)
		if then != nil {
			then(row, i, &rec)
		}
		*rows = append(*rows, rec)
	})
}

func (r *reader) readMiners(s *sheet, u *model.Universe) {
	readRows(s, &u.Miners, func(_ sheetRow, _ int, m *model.Miner) {
		if n := Normalize(m.Ticker); n != "" {
			if _, dup := r.tickers[n]; !dup {
				r.tickers[n] = m.Ticker
			}
		}
	})
}

// ticker returns the Miners sheet's spelling of a ticker matched case-insensitively.
func (r *reader) ticker(t string) string {
	if m, ok := r.tickers[Normalize(t)]; ok {
		return m
	}
	return t
}

func (r *reader) readProjects(s *sheet, u *model.Universe) {
	readRows(s, &u.Projects, func(_ sheetRow, _ int, p *model.Project) { p.Ticker = r.ticker(p.Ticker) })
}

func (r *reader) readInstruments(s *sheet, u *model.Universe) {
	readRows(s, &u.Instruments, func(_ sheetRow, _ int, in *model.Instrument) { in.Ticker = r.ticker(in.Ticker) })
}

// readScenarios reads the Scenarios sheet: each row's own columns, then its overrides, one per
// column named like an assumption.
func (r *reader) readScenarios(s *sheet, u *model.Universe) {
	readRows(s, &u.Scenarios, func(row sheetRow, i int, sc *model.Scenario) {
		ref := func(f string) model.Ref { return model.Ref{Table: model.TableScenarios, Row: i, Field: f} }
		for _, d := range model.AssumptionDefs {
			c, ok := s.cols[d.Name]
			if !ok || c.override == nil {
				continue
			}
			if !model.Overridable(d.Key) {
				if v, p, _ := s.raw(row, d.Name); !blank(v) {
					r.errorf(p, "%s cannot change by scenario; delete the value or the column", d.Name)
				}
				continue
			}
			v := s.number(row, d.Name, ref(d.Name), false)
			if v.Valid {
				if sc.Overrides == nil {
					sc.Overrides = map[model.AssumptionKey]decimal.Decimal{}
				}
				sc.Overrides[d.Key] = v.Decimal
			}
		}
	})
}

// validate runs the model's value checks and reports each problem at the cell it names: the
// value's cell, else the field's column on the value's row, else the row, else the sheet. Values
// that failed to parse are not checked again, nor the values of a sheet that could not be read
// at all (its rows are missing, so the checks would only repeat that).
func (r *reader) validate() {
	for _, fe := range model.Validate(r.book.Universe) {
		if r.failed[fe.Ref] || r.broken[fe.Ref.Table] || r.broken[model.TableMiners] && errors.Is(fe.Err, model.ErrUnknownTicker) {
			continue
		}
		err := fe.Err
		var dup *model.DuplicateError
		if errors.As(err, &dup) {
			if first, ok := r.book.Sources.At(dup.First); ok {
				err = &duplicateRows{dup: dup, first: first}
			}
		}
		p, ok := r.book.Sources.At(fe.Ref)
		if !ok {
			p, ok = r.book.Sources.At(model.Ref{Table: fe.Ref.Table, Row: fe.Ref.Row})
			if c, found := r.columns[fe.Ref.Table][fe.Ref.Field]; found && ok {
				p.Col = c.col
			} else if ok {
				err = fmt.Errorf("row %d: %w", p.Row, err)
			}
		}
		if !ok {
			p = xlsx.Pos{File: r.file, Sheet: r.sheetName(fe.Ref.Table)}
		}
		if r.errCells[p] {
			continue
		}
		r.errs = append(r.errs, &xlsx.CellError{Pos: p, Err: err})
	}
}

// sheetName is the workbook's own spelling of a table's sheet.
func (r *reader) sheetName(table string) string {
	for _, n := range r.sheetOrder {
		if Normalize(n) == Normalize(table) {
			return n
		}
	}
	return table
}

// duplicateRows says where a repeated key was first seen, by row, as the analyst sees it.
type duplicateRows struct {
	dup   *model.DuplicateError
	first xlsx.Pos
}

func (e *duplicateRows) Error() string {
	return fmt.Sprintf("%s %q repeats row %d; give each %s one row", e.dup.What, e.dup.Key, e.first.Row, e.dup.What)
}

func (e *duplicateRows) Unwrap() error { return e.dup }
