package input

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
)

// column is one recognised column of an input sheet.
type column struct {
	col      int // 1-based
	def      Column
	override *model.AssumptionDef // a Scenarios column naming an assumption
	scale    decimal.Decimal      // unit factor to the field's own unit: 1, 1000 or 0.001
}

// sheet is one input sheet being read: its header row and recognised columns.
type sheet struct {
	r      *reader
	name   string // as in the workbook
	table  *Table
	header int
	cols   map[string]*column // by canonical name
	width  int                // the last recognised column
}

// sheetRow is one data row: its row number and raw cell values (index 0 is column A).
type sheetRow struct {
	n     int
	cells []string
}

// headerName splits a header cell into its name, in normalised form, and its unit as
// written: "Cash (USD bn)" is "cash" and "USD bn". A header that states more than one unit,
// "Cash (USD m) (USD bn)", gives its name and every unit, comma-separated, in unit; see
// headerUnits.
func headerName(s string) (name, unit string) {
	name, units := headerUnits(s)
	return name, strings.Join(units, ", ")
}

// headerUnits splits a header cell into its name, in normalised form, and the units it states
// in parentheses or brackets at its end, in the order written.
func headerUnits(s string) (name string, units []string) {
	n := strings.TrimSpace(strings.TrimSuffix(collapse(s), "*"))
	for {
		found := false
		for _, br := range [][2]string{{"(", ")"}, {"[", "]"}} {
			if !strings.HasSuffix(n, br[1]) {
				continue
			}
			if i := strings.LastIndex(n, br[0]); i > 0 {
				units = append([]string{strings.TrimSpace(n[i+1 : len(n)-1])}, units...)
				n, found = strings.TrimSpace(n[:i]), true
				break
			}
		}
		if !found {
			return Normalize(n), units
		}
	}
}

var (
	unitPerYear = regexp.MustCompile(`(per ?year|per ?annum|/ ?yr|/ ?year|/ ?y|p\.?a\.?|pa)$`)
	unitPerMW   = regexp.MustCompile(`(per ?mw|/ ?mw)$`)
	currency    = regexp.MustCompile(`^(usd|us\$|\$)`)
	scaleM      = regexp.MustCompile(`^(m|mm|mn|mln|million|millions)$`)
	scaleBn     = regexp.MustCompile(`^(bn|b|bln|billion|billions)$`)
	scaleK      = regexp.MustCompile(`^(k|000|'000|thousand|thousands)$`)
)

var (
	thousand   = decimal.NewFromInt(1000)
	thousandth = decimal.New(1, -3)
)

// unitScale parses the unit a header (or an Assumptions row) states for a value of kind k whose
// own unit is own. It returns the factor to the field's unit, and false for a unit that does not
// fit the field.
func unitScale(unit string, k model.Kind, own string) (decimal.Decimal, bool) {
	u := strings.ReplaceAll(Normalize(unit), " ", "")
	if u == strings.ReplaceAll(Normalize(own), " ", "") && u != "" {
		return decimal.NewFromInt(1), true
	}
	one := decimal.NewFromInt(1)
	scaled := func(s string, needCurrency bool) (decimal.Decimal, bool) {
		cur := currency.FindString(s)
		if needCurrency && cur == "" {
			return decimal.Zero, false
		}
		s = strings.TrimPrefix(s[len(cur):], ".")
		switch {
		case scaleM.MatchString(s):
			return one, true
		case scaleBn.MatchString(s):
			return thousand, true
		case scaleK.MatchString(s):
			return thousandth, true
		}
		return decimal.Zero, false
	}
	// Money states its currency (m alone is a count, shares' unit); shares state none.
	switch k {
	case model.KindMoney:
		return scaled(unitPerYear.ReplaceAllString(u, ""), true)
	case model.KindPerMW:
		if !unitPerMW.MatchString(u) {
			return decimal.Zero, false
		}
		return scaled(unitPerMW.ReplaceAllString(u, ""), true)
	case model.KindShares:
		if currency.MatchString(u) {
			return decimal.Zero, false
		}
		return scaled(u, false)
	case model.KindPrice:
		switch u {
		case "usd", "$", "us$", "usd/share", "$/share", "usdpershare", "$pershare":
			return one, true
		}
	case model.KindMW:
		switch u {
		case "mw", "itmw", "mwit", "criticalitmw", "mw(it)":
			return one, true
		}
	case model.KindBTC:
		if u == "btc" || u == "₿" {
			return one, true
		}
	case model.KindRate, model.KindChange:
		switch unitPerYear.ReplaceAllString(u, "") {
		case "%", "fraction", "frac", "share", "ratio":
			return one, true
		}
	case model.KindMultiple:
		switch u {
		case "x", "times", "xebitda", "multiple":
			return one, true
		}
	case model.KindYears:
		switch u {
		case "years", "yrs", "year", "yr", "y":
			return one, true
		}
	case model.KindDate:
		switch u {
		case "date", "yyyy-mm-dd", "iso", "isodate":
			return one, true
		}
	}
	return decimal.Zero, false
}

// scan streams the sheet's rows: it finds the header row, maps the columns and calls each for
// every data row that is not blank. It stops at the first error a row limit raises.
func (s *sheet) scan(each func(row sheetRow)) {
	r := s.r
	part, known := r.parts[s.name]
	r.lookups = known && part.Size <= lookupBytes || !known && r.smallSheets
	last, formulas := xlsx.ScanSheet(part.File)
	r.formulas = formulas || !known
	if known && last > maxRows {
		r.broke(s.table.Name, r.pos(s.name, 0, 0), "the sheet has values below row %d (row %d), past the %d-row limit; split the workbook or delete the rows below the data",
			maxRows, last, maxRows)
		return
	}
	rows, err := r.f.Rows(s.name)
	if err != nil {
		r.broke(s.table.Name, r.pos(s.name, 0, 0), "cannot read the sheet (%v); open the workbook in Excel and save it again", err)
		return
	}
	defer func() {
		if err := rows.Close(); err != nil && len(r.errs) == 0 {
			r.broke(s.table.Name, r.pos(s.name, 0, 0), "cannot read the sheet (%v); open the workbook in Excel and save it again", err)
		}
	}()
	var head []sheetRow
	n, ignoredAt := 0, 0
	for rows.Next() {
		n++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			r.broke(s.table.Name, r.pos(s.name, n, 0), "cannot read row %d (%v); open the workbook in Excel and save it again", n, err)
			return
		}
		if n > maxRows {
			if anyValue(cells, len(cells)) {
				r.broke(s.table.Name, r.pos(s.name, 0, 0), "the sheet has values below row %d (row %d), past the %d-row limit; split the workbook or delete the rows below the data",
					maxRows, n, maxRows)
				return
			}
			continue
		}
		if s.header == 0 {
			if len(cells) > maxHeaderCol {
				cells = cells[:maxHeaderCol]
			}
			head = append(head, sheetRow{n: n, cells: cells})
			if s.findHeader(head) {
				continue
			}
			if n >= maxHeaderRow {
				s.missingHeader(head)
				return
			}
			continue
		}
		if len(cells) > s.width {
			if ignoredAt == 0 {
				for i := s.width; i < len(cells); i++ {
					if strings.TrimSpace(cells[i]) != "" {
						ignoredAt = i + 1
						r.warn(r.pos(s.name, n, ignoredAt), "values in columns without a header are ignored")
						break
					}
				}
			}
			cells = cells[:s.width]
		}
		if !anyValue(cells, s.width) {
			continue
		}
		each(sheetRow{n: n, cells: cells})
	}
	if err := rows.Error(); err != nil {
		r.broke(s.table.Name, r.pos(s.name, 0, 0), "cannot read the sheet (%v); open the workbook in Excel and save it again", err)
		return
	}
	if s.header == 0 {
		s.missingHeader(head)
	}
}

// anyValue reports whether any of the first n cells holds something.
func anyValue(cells []string, n int) bool {
	for i := 0; i < n && i < len(cells); i++ {
		if strings.TrimSpace(cells[i]) != "" {
			return true
		}
	}
	return false
}

// known returns the column a normalised header name stands for.
func (s *sheet) known(name string) (Column, *model.AssumptionDef, bool) {
	for _, c := range s.table.Columns {
		if Normalize(c.Name) == name {
			return c, nil, true
		}
		for _, a := range c.Aliases {
			if Normalize(a) == name {
				return c, nil, true
			}
		}
	}
	if s.table.Name == model.TableScenarios {
		for i := range model.AssumptionDefs {
			d := &model.AssumptionDefs[i]
			if Normalize(d.Name) == name {
				return Column{Name: d.Name, Kind: d.Kind}, d, true
			}
		}
	}
	return Column{}, nil, false
}

// findHeader looks at the last row read: it is the header row when it holds every required
// column. The rows above it are titles.
func (s *sheet) findHeader(head []sheetRow) bool {
	row := head[len(head)-1]
	seen := map[string]bool{}
	for _, v := range row.cells {
		if c, _, ok := s.known(headerOnly(v)); ok {
			seen[c.Name] = true
		}
	}
	for _, c := range s.table.Columns {
		if c.Required && !seen[c.Name] {
			return false
		}
	}
	s.header = row.n
	s.mapHeader(row)
	return true
}

// headerOnly is a header cell's name, in normalised form, without its unit.
func headerOnly(s string) string {
	name, _ := headerName(s)
	return name
}

// mapHeader records the header row's columns, their units, and logs the unknown ones.
func (s *sheet) mapHeader(row sheetRow) {
	r := s.r
	s.cols = map[string]*column{}
	for i, v := range row.cells {
		if strings.TrimSpace(v) == "" {
			continue
		}
		p := r.pos(s.name, row.n, i+1)
		name, units := headerUnits(v)
		c, def, ok := s.known(name)
		if !ok {
			r.note(p, "column %s is not an input of %s; ignored", quoted(strings.TrimSpace(v)), s.table.Name)
			continue
		}
		if len(units) > 1 {
			q := make([]string, len(units))
			for i, u := range units {
				q[i] = quoted(u)
			}
			r.errorf(p, "header %s states more than one unit (%s); keep only the one its values are in", quoted(collapse(v)), strings.Join(q, ", "))
			continue
		}
		unit := ""
		if len(units) == 1 {
			unit = units[0]
		}
		if prev, dup := s.cols[c.Name]; dup {
			r.errorf(p, "column %s appears twice (first in %s); delete one of them", c.Name, r.pos(s.name, row.n, prev.col).Cell())
			continue
		}
		col := &column{col: i + 1, def: c, override: def, scale: decimal.NewFromInt(1)}
		if unit != "" {
			own := ""
			if def != nil {
				own = def.Unit
			}
			if c.Text {
				r.errorf(p, "column %s holds text and takes no unit; remove %s from the header", c.Name, quoted(unit))
				continue
			}
			if s.table.Name == model.TableAssumptions {
				r.errorf(p, "column %s takes no unit: each assumption has its own; state units in the Unit column", c.Name)
				continue
			}
			scale, ok := unitScale(unit, c.Kind, own)
			if !ok {
				r.errorf(p, "unit %s does not fit %s; use %s", quoted(unit), c.Name, unitHint(c.Kind))
				continue
			}
			col.scale = scale
			if !scale.Equal(decimal.NewFromInt(1)) {
				r.note(p, "%s is in %s: values converted to the tool's unit (× %s)", c.Name, unit, scale.String())
			}
		}
		s.cols[c.Name] = col
		s.width = max(s.width, i+1)
	}
	r.columns[s.table.Name] = s.cols
	cols := map[string]int{}
	for name, c := range s.cols {
		cols[name] = c.col
	}
	if r.book.Columns == nil {
		r.book.Columns = map[string]map[string]int{}
	}
	r.book.Columns[s.table.Name] = cols
}

// missingHeader reports a sheet whose first rows hold no complete header row, naming the row
// that came closest and the columns it lacks.
func (s *sheet) missingHeader(head []sheetRow) {
	r := s.r
	best, bestN := sheetRow{}, 0
	for _, row := range head {
		n := 0
		for _, v := range row.cells {
			if _, _, ok := s.known(headerOnly(v)); ok {
				n++
			}
		}
		if n > bestN {
			best, bestN = row, n
		}
	}
	var need []string
	for _, c := range s.table.Columns {
		if c.Required {
			need = append(need, c.Name)
		}
	}
	empty := true
	for _, row := range head {
		empty = empty && !anyValue(row.cells, len(row.cells))
	}
	if empty && !s.table.Required {
		r.note(r.pos(s.name, 0, 0), "the sheet is empty; ignored")
		return
	}
	if bestN == 0 {
		r.broke(s.table.Name, r.pos(s.name, 0, 0), "no header row in the first %d rows; add a row with the headers %s",
			maxHeaderRow, strings.Join(need, ", "))
		return
	}
	seen := map[string]bool{}
	for _, v := range best.cells {
		if c, _, ok := s.known(headerOnly(v)); ok {
			seen[c.Name] = true
		}
	}
	for _, c := range s.table.Columns {
		if c.Required && !seen[c.Name] {
			r.broke(s.table.Name, r.pos(s.name, best.n, 0), "header row %d has no %s column; add it", best.n, quoted(c.Name))
		}
	}
}

// has reports whether the sheet has the column.
func (s *sheet) has(name string) bool { _, ok := s.cols[name]; return ok }

// raw returns a cell's value and position. A cell the row does not reach is "". A formula whose
// value was not stored is evaluated (and noted); failing that, the cell is an error and ok is false.
func (s *sheet) raw(row sheetRow, name string) (v string, p xlsx.Pos, ok bool) {
	c, found := s.cols[name]
	if !found {
		return "", xlsx.Pos{}, true
	}
	p = s.r.pos(s.name, row.n, c.col)
	if c.col <= len(row.cells) {
		v = row.cells[c.col-1]
	}
	if v != "" || c.col > len(row.cells) {
		return v, p, true
	}
	// An empty string inside the row is a gap or a formula with no stored value.
	return s.r.evaluate(p)
}

// evaluate looks up the formula of an empty cell and computes it.
func (r *reader) evaluate(p xlsx.Pos) (string, xlsx.Pos, bool) {
	if !r.formulas {
		return "", p, true // the sheet holds no formula: an empty cell is blank
	}
	if !r.lookups {
		if !r.warned["lookups"] {
			r.warn(xlsx.Pos{File: r.file}, "the workbook is large: empty cells were not checked for formulas without a stored value")
			r.warned["lookups"] = true
		}
		return "", p, true
	}
	cell, err := excelize.CoordinatesToCellName(p.Col, p.Row)
	if err != nil {
		return "", p, true
	}
	formula, err := r.f.GetCellFormula(p.Sheet, cell)
	if err != nil || formula == "" {
		return "", p, true
	}
	v, err := r.f.CalcCellValue(p.Sheet, cell, excelize.Options{RawCellValue: true})
	if e := cellError(v); err != nil || e != "" {
		why := e
		if why == "" {
			why = err.Error()
		}
		r.errorf(p, "formula =%s has no stored value and cannot be evaluated here (%s); open the workbook in Excel or LibreOffice, let it recalculate and save it", shortFormula(formula), why)
		return "", p, false
	}
	if v != "" {
		r.note(p, "formula =%s had no stored value; evaluated to %s", shortFormula(formula), v)
	} else {
		r.warn(p, "formula =%s has no stored value and evaluates to nothing here (a circular or outside reference?); read as blank", shortFormula(formula))
	}
	return v, p, true
}

func shortFormula(f string) string {
	if r := []rune(f); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return f
}

// The typed accessors below record each value's position in Book.Sources under ref, report
// parse errors at the cell, and mark the ref failed so the model's checks do not repeat them.

func (s *sheet) text(row sheetRow, name string, ref model.Ref, required bool) string {
	v, p, ok := s.raw(row, name)
	if !ok {
		s.r.fail(ref)
		return ""
	}
	t := v
	if needsCollapse(v) {
		t = strings.Join(strings.Fields(strings.ReplaceAll(v, "\u00a0", " ")), " ")
	}
	if e := cellError(t); e != "" {
		s.r.errorf(p, "cell holds the error %s; fix its formula or type the value", e)
		s.r.fail(ref)
		return ""
	}
	if plainNumber(t) {
		switch s.r.kindOf(p) {
		case kindBool:
			b := logical(t)
			if c := s.cols[name]; c != nil && c.def.Key {
				s.r.errorf(p, "%s: the cell holds the logical value %s, not the text %s; format the cell as Text and type %s again (or type '%s)", name, b, b, b, b)
				s.r.fail(ref)
				return ""
			}
			t = b // what was typed
		case kindDate:
			s.r.errorf(p, "%s: the cell holds a date%s, which reads as the number %s; format the cell as Text and type the %s again", name, s.r.dateText(t), t, textWord(name))
			s.r.fail(ref)
			return ""
		}
	}
	if t == "" || (required && blank(t)) {
		if required {
			s.missing(row, name, ref)
		}
		return ""
	}
	s.r.book.Sources.Set(ref, p)
	return t
}

func (s *sheet) missing(row sheetRow, name string, ref model.Ref) {
	p := s.r.pos(s.name, row.n, 0)
	if c, ok := s.cols[name]; ok {
		p.Col = c.col
	}
	s.r.errorf(p, "%s is required; enter a value", name)
	s.r.fail(ref)
}

// number reads a numeric column in the field's unit. Blank gives an invalid NullDecimal.
func (s *sheet) number(row sheetRow, name string, ref model.Ref, required bool) decimal.NullDecimal {
	c, found := s.cols[name]
	if !found {
		if required {
			s.r.fail(ref)
		}
		return decimal.NullDecimal{}
	}
	v, p, ok := s.raw(row, name)
	if !ok {
		s.r.fail(ref)
		return decimal.NullDecimal{}
	}
	d, present := s.r.parseNumber(p, v, c.def.Name, c.def.Kind, c.scale)
	if !present {
		if required && !s.r.errCells[p] {
			s.missing(row, name, ref)
		} else if s.r.errCells[p] {
			s.r.fail(ref)
		}
		return decimal.NullDecimal{}
	}
	s.r.book.Sources.Set(ref, p)
	return decimal.NullDecimal{Decimal: d, Valid: true}
}

// zero reads an optional numeric column whose blank means 0.
func (s *sheet) zero(row sheetRow, name string, ref model.Ref) decimal.Decimal {
	return s.number(row, name, ref, false).Decimal
}

// date reads an optional date column; blank gives the zero time.
func (s *sheet) date(row sheetRow, name string, ref model.Ref) (t time.Time) {
	if _, found := s.cols[name]; !found {
		return t
	}
	v, p, ok := s.raw(row, name)
	if !ok {
		s.r.fail(ref)
		return t
	}
	d, ok := s.r.parseDate(p, v, name)
	if ok && !d.IsZero() {
		s.r.book.Sources.Set(ref, p)
	} else if !ok {
		s.r.fail(ref)
	}
	return d
}

// list reads a list column: the canonical value, def when blank, "" on error.
func (s *sheet) list(row sheetRow, name string, ref model.Ref, def string) string {
	c, found := s.cols[name]
	if !found {
		return def
	}
	v := s.text(row, name, ref, c.def.Required)
	if v == "" {
		return def
	}
	p, _ := s.r.book.Sources.At(ref)
	canon, ok := listValue(v, c.def.List)
	if !ok {
		s.r.book.Sources.Delete(ref)
		s.r.errorf(p, "%s %s is not one of %s; pick one of them", c.def.Name, quoted(v), strings.Join(c.def.List, ", "))
		s.r.fail(ref)
		return ""
	}
	if synonym(v, canon) && name != model.FieldInclude {
		s.r.note(p, "%s %s read as %s", c.def.Name, quoted(v), canon)
	}
	return canon
}

// synonym reports whether a list value was read as another word (Construction as Under
// construction), not just spelled another way (under-construction, Energised): the Log says so.
func synonym(v, canon string) bool {
	letters := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
	}
	return letters(v) != letters(canon) && Normalize(v) != "energised"
}

// listAliases are spellings accepted for list values, in normalised form.
var listAliases = map[string]string{
	"energised": "Energized", "operational": "Energized", "operating": "Energized",
	"under-construction": "Under construction", "construction": "Under construction", "in construction": "Under construction",
	"near term": "Near-term", "nearterm": "Near-term", "full-pipeline": "Full pipeline", "pipeline": "Pipeline",
	"gpu-cloud": "GPU cloud", "gpucloud": "GPU cloud", "colo": "Colocation", "co-location": "Colocation",
	"convertible note": "Convertible", "convertible notes": "Convertible", "warrants": "Warrant", "convertibles": "Convertible",
	"yes": "Y", "no": "N", "true": "Y", "false": "N", "1": "Y", "0": "N",
}

func listValue(v string, list []string) (string, bool) {
	for _, l := range list {
		if v == l {
			return l, true
		}
	}
	n := Normalize(v)
	for _, l := range list {
		if Normalize(l) == n {
			return l, true
		}
	}
	if a, ok := listAliases[n]; ok {
		for _, l := range list {
			if l == a {
				return l, true
			}
		}
	}
	return "", false
}

// parseNumber parses a numeric value of kind k at p, reporting errors there. present is false
// for a blank or a failed value (the failure is already reported).
func (r *reader) parseNumber(p xlsx.Pos, v, field string, k model.Kind, scale decimal.Decimal) (decimal.Decimal, bool) {
	if blank(v) {
		return decimal.Zero, false
	}
	if e := cellError(v); e != "" {
		r.errorf(p, "cell holds the error %s; fix its formula or type the value", e)
		return decimal.Zero, false
	}
	if k == model.KindDate {
		r.errorf(p, "%s is a date; it cannot be used here", field)
		return decimal.Zero, false
	}
	if b, ok := r.boolean(p, v); ok {
		r.errorf(p, "%s: found the logical value %s where %s is expected; enter a number", field, b, kindWord(k))
		return decimal.Zero, false
	}
	d, cleaned, err := parseNumberText(v)
	switch {
	case err == errTooSmall:
		r.errorf(p, "%s: the value is too small (not 0, but below 1e-12 in size); enter 0 or %s", field, kindWord(k))
		return decimal.Zero, false
	case err == errTooLarge:
		r.errorf(p, "%s: the value is too large (above 1e308, beyond any spreadsheet number); enter %s", field, kindWord(k))
		return decimal.Zero, false
	case err != nil:
		r.errorf(p, "%s: found %s where %s is expected; enter a number", field, quoted(strings.TrimSpace(v)), kindWord(k))
		return decimal.Zero, false
	}
	if cleaned {
		r.note(p, "number stored as text %s read as %s", quoted(strings.TrimSpace(v)), model.Short(d))
	}
	if !scale.Equal(decimal.NewFromInt(1)) {
		d = d.Mul(scale)
	}
	return d, true
}

// parseDate parses a date value at p. ok is false when the value is present but not a date.
func (r *reader) parseDate(p xlsx.Pos, v, field string) (time.Time, bool) {
	if blank(v) {
		return time.Time{}, true
	}
	if e := cellError(v); e != "" {
		r.errorf(p, "cell holds the error %s; fix its formula or type the date", e)
		return time.Time{}, false
	}
	if b, ok := r.boolean(p, v); ok {
		r.errorf(p, "%s: found the logical value %s where a date is expected; enter a date such as 2026-06-30", field, b)
		return time.Time{}, false
	}
	t, _, err := parseDateText(v, r.date1904)
	if err != nil {
		if err == errNotDate {
			r.errorf(p, "%s: found %s where a date is expected; enter the date as a date cell or as ISO text such as 2026-06-30 (day/month order is ambiguous)", field, quoted(strings.TrimSpace(v)))
		} else {
			r.errorf(p, "%s: %v; enter a date such as 2026-06-30", field, err)
		}
		return time.Time{}, false
	}
	return t, true
}

func (r *reader) fail(ref model.Ref) {
	if r.failed == nil {
		r.failed = map[model.Ref]bool{}
	}
	r.failed[ref] = true
}

// needsCollapse reports whether text has white space to trim or collapse.
func needsCollapse(v string) bool {
	prevSpace := true
	for _, r := range v {
		space := r == ' '
		if r != ' ' && (unicode.IsSpace(r) || r == '\u00a0') || space && prevSpace {
			return true
		}
		prevSpace = space
	}
	return prevSpace && v != ""
}

// boolean returns TRUE or FALSE when the raw value v at p is a TRUE/FALSE cell (which reads as
// 1 or 0).
func (r *reader) boolean(p xlsx.Pos, v string) (string, bool) {
	t := strings.TrimSpace(v)
	if t != "0" && t != "1" || r.kindOf(p) != kindBool {
		return "", false
	}
	return logical(t), true
}

// logical is a TRUE/FALSE cell's raw value as Excel shows it.
func logical(raw string) string {
	if raw == "1" {
		return "TRUE"
	}
	return "FALSE"
}

// dateText is a date cell's serial as a date, " (2026-01-15)", or "" when it is none.
func (r *reader) dateText(serial string) string {
	t, _, err := parseDateText(serial, r.date1904)
	if err != nil {
		return ""
	}
	return " (" + t.Format("2006-01-02") + ")"
}

// textWord names what a text column holds, for "type the ... again".
func textWord(name string) string {
	switch name {
	case model.FieldTicker:
		return "ticker"
	case model.FieldProject, model.FieldInstrument, model.FieldScenario, model.FieldCompany, model.FieldTenant:
		return "name"
	}
	return "text"
}
