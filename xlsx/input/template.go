package input

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
)

// templateRows is how far down the template's drop-down lists and input formats reach.
const templateRows = 1000

// Template writes an input workbook: every sheet of Tables with every column, each header with
// its unit and a note (meaning, unit, default), drop-down lists for the list columns and input
// styles. With u nil it is the blank template; otherwise it holds u, with each row's Source and
// Note taken from ann (Ref{Table, Row, "Source"} and Ref{Table, Row, "Note"}).
func Template(w io.Writer, u *model.Universe, ann map[model.Ref]string) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := templateStyles(f)
	if err != nil {
		return err
	}
	t := &templateBook{f: f, styles: styles, u: u, ann: ann}
	for i, table := range Tables {
		if i == 0 {
			err = f.SetSheetName("Sheet1", table.Name)
		} else {
			_, err = f.NewSheet(table.Name)
		}
		if err != nil {
			return err
		}
		if table.Name == model.TableAssumptions {
			err = t.assumptions(table)
		} else {
			err = t.table(table)
		}
		if err != nil {
			return fmt.Errorf("template sheet %s: %w", table.Name, err)
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// templateBook is one template being written.
type templateBook struct {
	f      *excelize.File
	styles map[xlsx.Style]int
	u      *model.Universe
	ann    map[model.Ref]string
}

// percentFormat shows a rate with the digits it has: 20.0%, 7.75%, 7.125%.
const percentFormat = `0.0##%`

// templateStyles registers the registry's styles as the template uses them: top-aligned (a row
// grows with its wrapped note), notes and sources wrapped, labels plain, rates with their digits.
func templateStyles(f *excelize.File) (map[xlsx.Style]int, error) {
	reg, err := xlsx.NewStyles(f)
	if err != nil {
		return nil, err
	}
	ids := map[xlsx.Style]int{}
	for st := xlsx.Style(0); st < xlsx.NumStyles; st++ {
		def, err := f.GetStyle(reg.ID(st))
		if err != nil {
			return nil, err
		}
		if def.Alignment == nil {
			def.Alignment = &excelize.Alignment{}
		}
		def.Alignment.Vertical = "top"
		switch st {
		case xlsx.StyleNote:
			def.Alignment.WrapText = true
		case xlsx.StyleDefault:
			def.Font = &excelize.Font{Color: xlsx.ColorFormula}
		case xlsx.StyleInputPercent:
			format := percentFormat
			def.NumFmt, def.CustomNumFmt = 0, &format
		}
		if ids[st], err = f.NewStyle(def); err != nil {
			return nil, err
		}
		if st == xlsx.StyleNote {
			// A source is a list of URLs: one line, read in full in the cell.
			def.Alignment.WrapText = false
			if ids[styleSource], err = f.NewStyle(def); err != nil {
				return nil, err
			}
		}
	}
	return ids, nil
}

// styleSource is the template's own style for Source cells: a note that does not wrap.
const styleSource = xlsx.NumStyles

// cell is one value of the template: text, a number or a date; all empty is a blank.
type cell struct {
	text string
	num  decimal.NullDecimal
	date time.Time
}

func textCell(s string) cell              { return cell{text: s} }
func numCell(d decimal.Decimal) cell      { return cell{num: decimal.NewNullDecimal(d)} }
func nullCell(d decimal.NullDecimal) cell { return cell{num: d} }
func dateCell(t time.Time) cell           { return cell{date: t} }

// columnUnit is the unit a header of kind k states, in the form the reader accepts: rates as
// %, which is how analysts type them.
func columnUnit(c Column) string {
	switch {
	case c.Text || c.Kind == model.KindDate:
		return ""
	case c.Kind == model.KindMoney && strings.Contains(c.Note, "per year"):
		return "USD m per year"
	case c.Kind == model.KindRate || c.Kind == model.KindChange:
		return "%"
	}
	return Unit(c.Kind)
}

// headerText is a column's header text: its canonical name and its unit in parentheses.
func headerText(c Column) string {
	if u := columnUnit(c); u != "" {
		return c.Name + " (" + u + ")"
	}
	return c.Name
}

// columnStyle is the input style of a value of kind k.
func columnStyle(c Column) xlsx.Style {
	if c.Text {
		return xlsx.StyleInputText
	}
	return xlsx.InputStyle(c.Kind)
}

// columnWidth is a column's width in characters.
func columnWidth(c Column) float64 {
	switch c.Name {
	case model.FieldTicker:
		return 9
	case model.FieldSource:
		return 45
	case model.FieldNote:
		return 90
	case model.FieldUnit:
		return 22
	case model.FieldCompany, model.FieldProject, model.FieldInstrument:
		return 30
	case model.FieldScenario:
		return 38
	case model.FieldAssumption:
		return 26
	case model.FieldValue:
		return 14
	}
	if c.Text && len(c.List) == 0 {
		return 16
	}
	// Wide enough for the longest list value and the header's longest word, the header in
	// three lines at most.
	h := headerText(c)
	w := len(h)/3 + 4
	for _, v := range c.List {
		w = max(w, len(v)+3)
	}
	for _, word := range strings.Fields(h) {
		w = max(w, len(word)+2)
	}
	return float64(max(w, 11))
}

// headerNote is the note on a header cell: meaning, unit, and what a blank means.
func headerNote(c Column) string {
	lines := []string{sentence(c.Note)}
	if u := columnUnit(c); u != "" {
		line := "Unit: " + u + "."
		if u == "%" {
			line = "Unit: a fraction shown as a percentage (7% is 0.07)."
		}
		lines = append(lines, line)
	}
	if len(c.List) > 0 {
		lines = append(lines, "One of: "+strings.Join(c.List, ", ")+".")
	}
	switch {
	case c.Required:
		lines = append(lines, "Required.")
	case c.Default != "":
		lines = append(lines, "Blank means: "+c.Default+".")
	}
	return strings.Join(lines, "\n")
}

// sentence capitalises s and ends it with a period.
func sentence(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	s = string(r)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func (t *templateBook) comment(sheet, cell, text string) error {
	return t.f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "minergap", Text: text, Width: 320, Height: 140})
}

// set writes one value with its style. Numbers go in as their decimal text and dates as serial
// numbers, so no float rounding touches them.
func (t *templateBook) set(sheet string, col, row int, v cell, st xlsx.Style) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	switch {
	case v.num.Valid:
		err = t.f.SetCellDefault(sheet, cell, v.num.Decimal.String())
	case !v.date.IsZero():
		err = t.f.SetCellDefault(sheet, cell, fmt.Sprint(serial(v.date)))
	case v.text != "":
		err = t.f.SetCellStr(sheet, cell, v.text)
	}
	if err != nil {
		return err
	}
	return t.f.SetCellStyle(sheet, cell, cell, t.styles[st])
}

// serial is a date's serial number in the 1900 date system.
func serial(d time.Time) int {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	return int(day.Sub(base).Hours() / 24)
}

// header writes the header row with notes, widths, column styles, lists and frozen panes.
func (t *templateBook) header(sheet string, cols []Column, freezeCols int) error {
	f := t.f
	for i, c := range cols {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, col, col, columnWidth(c)); err != nil {
			return err
		}
		if sheet != model.TableAssumptions || c.Name != model.FieldValue {
			if err := f.SetColStyle(sheet, col, t.styles[columnStyle(c)]); err != nil {
				return err
			}
		}
		if err := t.set(sheet, i+1, 1, textCell(headerText(c)), xlsx.StyleHeader); err != nil {
			return err
		}
		note := headerNote(c)
		if c.Name == model.FieldScenario {
			note += "\nAny assumption name may be added as a column, e.g. Project debt rate (%): " +
				"its value overrides that assumption in that scenario only (a project's own value still wins)."
		}
		if err := t.comment(sheet, col+"1", note); err != nil {
			return err
		}
		rng := fmt.Sprintf("%s2:%s%d", col, col, templateRows)
		if err := t.validate(sheet, rng, c); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(sheet, 1, 45); err != nil {
		return err
	}
	left, err := excelize.CoordinatesToCellName(freezeCols+1, 2)
	if err != nil {
		return err
	}
	// Printed, each page is landscape and repeats the header row and the frozen columns.
	landscape := "landscape"
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape}); err != nil {
		return err
	}
	titles := fmt.Sprintf("%s!$1:$1", xlsx.Quote(sheet))
	if freezeCols > 0 {
		last, err := excelize.ColumnNumberToName(freezeCols)
		if err != nil {
			return err
		}
		titles = fmt.Sprintf("%s!$A:$%s,%s", xlsx.Quote(sheet), last, titles)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: sheet}); err != nil {
		return err
	}
	pane := "bottomLeft"
	if freezeCols > 0 {
		pane = "bottomRight"
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: freezeCols, YSplit: 1, TopLeftCell: left, ActivePane: pane})
}

// validate adds a drop-down list to a list column and a range check to a rate or change column.
// Both only warn: the reader accepts more spellings than the list shows (Energised, No).
func (t *templateBook) validate(sheet, rng string, c Column) error {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(rng)
	switch {
	case len(c.List) > 0:
		if err := dv.SetDropList(c.List); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, c.Name, "choose one of "+strings.Join(c.List, ", "))
	case !c.Text && c.Kind == model.KindRate:
		if err := dv.SetRange(0, 1, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, c.Name, "a rate is a fraction between 0 and 1: enter 7% or 0.07")
	case !c.Text && c.Kind == model.KindChange:
		if err := dv.SetRange(-0.9999, 100, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, c.Name, "a change is above -100%: enter -20% or -0.2")
	default:
		return nil
	}
	return t.f.AddDataValidation(sheet, dv)
}

// assumptions writes one row per assumption: name, value, unit, note and source.
func (t *templateBook) assumptions(table Table) error {
	sheet := table.Name
	if err := t.header(sheet, table.Columns, 1); err != nil {
		return err
	}
	for i, def := range model.AssumptionDefs {
		row := i + 2
		var value cell
		note := sentence(def.Note)
		if def.Default != "" {
			note += " Default " + def.Default + "."
		}
		source := ""
		if t.u != nil {
			a := t.u.Assumptions
			switch {
			case def.Key == model.AsOfDate:
				if !a.AsOf.IsZero() {
					value = dateCell(a.AsOf)
				}
			case def.Key == model.BTCPrice && !a.HasBTCPrice:
			case def.Kind == model.KindName:
				value = textCell(a.TornadoScenario)
			default:
				value = numCell(a.Get(def.Key))
			}
			note = t.ann[model.Ref{Table: sheet, Row: int(def.Key), Field: model.FieldNote}]
			source = t.ann[model.Ref{Table: sheet, Row: int(def.Key), Field: model.FieldSource}]
		}
		vcol := Column{Name: def.Name, Kind: def.Kind}
		cells := map[string]cell{
			model.FieldAssumption: textCell(def.Name),
			model.FieldValue:      value,
			model.FieldUnit:       textCell(def.Unit),
			model.FieldNote:       textCell(note),
			model.FieldSource:     textCell(source),
		}
		for j, c := range table.Columns {
			st := columnStyle(c)
			switch c.Name {
			case model.FieldAssumption, model.FieldUnit:
				st = xlsx.StyleDefault
			case model.FieldNote:
				st = xlsx.StyleNote
			case model.FieldSource:
				st = xlsx.StyleNote // the last column: wrapped, or it runs off the printed page
			case model.FieldValue:
				st = columnStyle(vcol)
			}
			if err := t.set(sheet, j+1, row, cells[c.Name], st); err != nil {
				return err
			}
			if c.Name == model.FieldValue {
				cell, _ := excelize.CoordinatesToCellName(j+1, row)
				if err := t.validate(sheet, cell, vcol); err != nil {
					return err
				}
			}
		}
		if err := t.fitRow(sheet, row, table.Columns, cells); err != nil {
			return err
		}
		text := sentence(def.Note) + "\nUnit: " + def.Unit + "."
		if def.Default != "" {
			text += "\nBlank means the default " + def.Default + "."
		} else if def.Key == model.AsOfDate {
			text += "\nRequired, e.g. 2026-06-30."
		}
		if err := t.comment(sheet, fmt.Sprintf("A%d", row), text); err != nil {
			return err
		}
	}
	return nil
}

// table writes a row sheet (Miners, Projects, Instruments, Scenarios).
func (t *templateBook) table(table Table) error {
	cols := table.Columns
	freeze := 1
	if table.Name == model.TableProjects || table.Name == model.TableInstruments {
		freeze = 2
	}
	var rows []map[string]cell
	if table.Name == model.TableScenarios {
		cols = scenarioColumns(cols, t.u)
	}
	if t.u != nil {
		rows = rowsOf(table, t.u)
	}
	if err := t.header(table.Name, cols, freeze); err != nil {
		return err
	}
	for i, cells := range rows {
		for _, field := range []string{model.FieldSource, model.FieldNote} {
			if v, ok := t.ann[model.Ref{Table: table.Name, Row: i, Field: field}]; ok {
				cells[field] = textCell(v)
			}
		}
		if _, ok := cells[model.FieldInclude]; !ok {
			cells[model.FieldInclude] = textCell("Y")
		}
		for j, c := range cols {
			st := columnStyle(c)
			switch c.Name {
			case model.FieldNote:
				st = xlsx.StyleNote
			case model.FieldSource:
				st = styleSource
			}
			if err := t.set(table.Name, j+1, i+2, cells[c.Name], st); err != nil {
				return err
			}
		}
		if err := t.fitRow(table.Name, i+2, cols, cells); err != nil {
			return err
		}
	}
	return nil
}

// fitRow sets a row's height to show its wrapped Note whole. Neither Excel nor LibreOffice
// sizes rows on opening a file, so the height is estimated from the text's length.
func (t *templateBook) fitRow(sheet string, row int, cols []Column, cells map[string]cell) error {
	lines := 1
	for _, c := range cols {
		if c.Name == model.FieldNote {
			perLine := int(columnWidth(c) * 1.1)
			lines = max(lines, (len([]rune(cells[c.Name].text))+perLine-1)/perLine)
		}
	}
	if lines == 1 {
		return nil
	}
	return t.f.SetRowHeight(sheet, row, min(float64(lines)*14+2, 409))
}

// scenarioColumns adds, before Include, a column for each assumption some scenario
// overrides, in Assumptions order.
func scenarioColumns(cols []Column, u *model.Universe) []Column {
	var extra []Column
	if u != nil {
		for _, def := range model.AssumptionDefs {
			for _, s := range u.Scenarios {
				if _, ok := s.Overrides[def.Key]; ok {
					extra = append(extra, Column{Name: def.Name, Kind: def.Kind,
						Note: def.Note + "; overrides the Assumptions value in this scenario only", Default: "the Assumptions value"})
					break
				}
			}
		}
	}
	if len(extra) == 0 {
		return cols
	}
	out := make([]Column, 0, len(cols)+len(extra))
	for _, c := range cols {
		if c.Name == model.FieldInclude {
			out = append(out, extra...)
		}
		out = append(out, c)
	}
	return out
}

// rowsOf is the universe's rows of one sheet, keyed by column name: each column's value as
// the table says where it lives (Column.Value), and a scenario's overrides.
func rowsOf(table Table, u *model.Universe) []map[string]cell {
	var recs []any
	switch table.Name {
	case model.TableMiners:
		for i := range u.Miners {
			recs = append(recs, &u.Miners[i])
		}
	case model.TableProjects:
		for i := range u.Projects {
			recs = append(recs, &u.Projects[i])
		}
	case model.TableInstruments:
		for i := range u.Instruments {
			recs = append(recs, &u.Instruments[i])
		}
	case model.TableScenarios:
		for i := range u.Scenarios {
			recs = append(recs, &u.Scenarios[i])
		}
	}
	rows := make([]map[string]cell, len(recs))
	for k, rec := range recs {
		cells := map[string]cell{}
		for _, c := range table.Columns {
			if c.Value != nil {
				cells[c.Name] = cellOf(c.Value(rec))
			}
		}
		if s, ok := rec.(*model.Scenario); ok {
			for _, def := range model.AssumptionDefs {
				if v, ok := s.Overrides[def.Key]; ok {
					cells[def.Name] = numCell(v)
				}
			}
		}
		rows[k] = cells
	}
	return rows
}

// cellOf is the template cell of a value a Column.Value points at.
func cellOf(v any) cell {
	switch p := v.(type) {
	case *string:
		return textCell(*p)
	case *decimal.Decimal:
		return numCell(*p)
	case *decimal.NullDecimal:
		return nullCell(*p)
	case *time.Time:
		return dateCell(*p)
	}
	t, _ := listText(v)
	return textCell(t)
}
