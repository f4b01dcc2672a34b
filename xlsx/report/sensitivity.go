package report

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
)

// The Sensitivity sheet (SPEC §3c, §4): per miner a block of seBlockRows rows on the tornado
// scenario: the dilution grid (share price change × capex change) and the gap grid (BTC price
// change × capex change) side by side, each a 3-colour-scale heat map, then the tornado table and
// its chart. Grid points and tornado values are the model's recomputations, stored as values (a
// formula for each would take hundreds of copies of the model); checks on the Checks sheet tie
// each grid's centre and the tornado's base to the live Scenarios cells.
//
// The tornado chart sits beside its table, and again on the miner's sheet, under its financing
// lines (a miner without a sheet has it here alone). Both draw the table's cells on this sheet.

const (
	seFirstRow  = 4  // the first miner's block
	seBlockRows = 33 // rows per miner, a blank row or two included
	// Offsets in a block.
	seTitle       = 0
	seGridHeader  = 1
	seGridFirst   = 2 // 11 rows of share (or BTC) price changes
	seTornadoHead = 15
	seTornadoBase = 16
	seTornadoBars = 17 // one row per driver
	// Columns: the dilution grid in A (row axis) and B.., the gap grid from seGapCol.
	seGapCol = 10 // J: the gap grid's row axis
)

// Tornado table columns, counted from 1 (A).
const (
	stDriver = iota + 1
	stLow
	stHigh
	stGapLow
	stGapHigh
	stDilutionLow
	stDilutionHigh
	stDeltaLow
	stDeltaHigh
)

var tornadoHeaders = []header{
	{"Driver", "the input moved alone (SPEC §3c), largest swing in dilution first", 34},
	{"Low", "the driver's low: its own move for a change driver, else the assumption's scenario value × the low factor (capped)", 11},
	{"High", "the driver's high: its own move for a change driver, else the assumption's scenario value × the high factor (capped)", 11},
	{"Gap at low (USD m)", "the scenario's gap with the driver at its low (stored value)", 11},
	{"Gap at high (USD m)", "the scenario's gap with the driver at its high (stored value)", 11},
	{"Dilution at low (%)", "the scenario's basic dilution with the driver at its low (stored value)", 11},
	{"Dilution at high (%)", "the scenario's basic dilution with the driver at its high (stored value)", 11},
	{"Dilution at low − base (%)", "dilution at low − the base's dilution: the chart's bar to the left or right of the base", 11},
	{"Dilution at high − base (%)", "dilution at high − the base's dilution: the chart's bar to the left or right of the base", 11},
}

// sensLayout is where miner i's block sits on the Sensitivity sheet.
type sensLayout struct{ top int }

func (ow *writer) sensLay(i int) sensLayout { return sensLayout{top: seFirstRow + i*seBlockRows} }

// dilutionCentre, gapCentre and the base cells, sheet included: what the checks compare.
func (l sensLayout) dilutionCentre() string {
	return sensQ + cellRef(2+capexAxisLen/2, l.top+seGridFirst+priceAxisLen/2)
}

func (l sensLayout) gapCentre() string {
	return sensQ + cellRef(seGapCol+1+capexAxisLen/2, l.top+seGridFirst+priceAxisLen/2)
}

func (l sensLayout) baseGap() string      { return sensQ + cellRef(stGapLow, l.top+seTornadoBase) }
func (l sensLayout) baseDilution() string { return sensQ + cellRef(stDilutionLow, l.top+seTornadoBase) }

var sensQ = xlsx.Quote(SheetSensitivity) + "!"

// The grids' axes as the model gives them (−50% … +50% by 10%, −30% … +30% by 10%): eleven rows
// and seven columns, which the block's layout is drawn for.
const (
	priceAxisLen = 11
	capexAxisLen = 7
)

// sensitivity is miner i's §3c result, nil when the result has none (model.Compute, not Run).
func (ow *writer) sensitivity(i int) *model.MinerSensitivity {
	if i >= len(ow.r.Sensitivities) || ow.r.Sensitivities[i].Index != ow.r.Miners[i].Index {
		return nil
	}
	return &ow.r.Sensitivities[i]
}

// tornadoOf is miner i's sensitivity when it has grids and a tornado of the block's shape.
func (ow *writer) tornadoOf(i int) *model.MinerSensitivity {
	ms := ow.sensitivity(i)
	if ms == nil || ms.Scenario < 0 || ms.Scenario >= len(ow.r.Scenarios) ||
		len(ms.DilutionGrid.Rows) != priceAxisLen || len(ms.DilutionGrid.Columns) != capexAxisLen ||
		len(ms.GapGrid.Rows) != priceAxisLen || len(ms.GapGrid.Columns) != capexAxisLen ||
		len(ms.Tornado) > seBlockRows-seTornadoBars-1 {
		return nil
	}
	return ms
}

// sensitivityExtent is the Sensitivity sheet's extent.
func (ow *writer) sensitivityExtent() [2]int {
	last, lastCol := 2, 1 // the intro
	for i := range ow.r.Miners {
		lastCol = seGapCol + capexAxisLen  // the gap grid's last column
		last = ow.sensLay(i).top + seTitle // a miner without a tornado scenario has its title only
		if ms := ow.tornadoOf(i); ms != nil {
			last = ow.sensLay(i).top + seTornadoBars + len(ms.Tornado) - 1
		}
	}
	return [2]int{lastCol, last}
}

func (ow *writer) writeSensitivity() error {
	w := make([]float64, seGapCol+capexAxisLen)
	for c := range w {
		w[c] = 11
	}
	w[0], w[seGapCol-1] = 34, 34
	s, err := ow.streamPages(SheetSensitivity, w, freeze(1, seFirstRow-1), 2)
	if err != nil {
		return err
	}
	if err := s.intro("Sensitivity: grids and tornado on the tornado scenario (SPEC §3c)",
		"Stored values, not formulas: every grid point and tornado value is the model recomputed with one or two inputs moved. "+
			"Checks tie each grid's centre cell and the tornado's base to the live Scenarios cells. Changes combine with the scenario's own: (1 + scenario change) × (1 + change) − 1."); err != nil {
		return err
	}
	noted := true // the first tornado table's headers carry the notes
	for i := range ow.r.Miners {
		if err := ow.sensitivityBlock(s, i, noted); err != nil {
			return err
		}
		noted = noted && ow.tornadoOf(i) == nil
	}
	return s.flush()
}

// sensitivityBlock writes miner i's block, its heat maps and its tornado chart; noted puts the
// notes on its tornado table's headers.
func (ow *writer) sensitivityBlock(s *sheetWriter, i int, noted bool) error {
	l := ow.sensLay(i)
	m := ow.u.Miners[ow.r.Miners[i].Index]
	ms := ow.tornadoOf(i)
	if ms == nil {
		why := ": no sensitivities (no scenario to run them on)"
		if ow.sensitivity(i) == nil {
			why = ": sensitivities not computed"
		}
		return s.row(l.top+seTitle, ow.val(xlsx.StyleTitle, m.Ticker+why))
	}
	sc := ow.r.Scenarios[ms.Scenario]
	if err := s.row(l.top+seTitle, ow.val(xlsx.StyleTitle, m.Ticker+": scenario "+sc.Name+" ("+sc.Scope.String()+")")); err != nil {
		return err
	}
	// Grid headers: each grid's title, then its capex changes.
	hdr := make([]any, seGapCol+capexAxisLen)
	hdr[0] = ow.val(xlsx.StyleHeader, "Dilution, basic (%): share price change ↓ × capex change →")
	hdr[seGapCol-1] = ow.val(xlsx.StyleHeader, "Gap (USD m): BTC price change ↓ × capex change →")
	for j := 0; j < capexAxisLen; j++ {
		hdr[1+j] = ow.val(xlsx.StylePercent, num(ms.DilutionGrid.Columns[j]))
		hdr[seGapCol+j] = ow.val(xlsx.StylePercent, num(ms.GapGrid.Columns[j]))
	}
	if err := s.rowHeight(l.top+seGridHeader, 30, hdr...); err != nil {
		return err
	}
	for k := 0; k < priceAxisLen; k++ {
		row := make([]any, seGapCol+capexAxisLen)
		row[0] = ow.val(xlsx.StylePercent, num(ms.DilutionGrid.Rows[k]))
		row[seGapCol-1] = ow.val(xlsx.StylePercent, num(ms.GapGrid.Rows[k]))
		for j := 0; j < capexAxisLen; j++ {
			row[1+j] = ow.val(xlsx.StylePercent, num(ms.DilutionGrid.Values[k][j]))
			row[seGapCol+j] = ow.val(xlsx.StyleMoney, num(ms.GapGrid.Values[k][j]))
		}
		if err := s.row(l.top+seGridFirst+k, row...); err != nil {
			return err
		}
	}
	first, last := l.top+seGridFirst, l.top+seGridFirst+priceAxisLen-1
	for _, rng := range []string{
		cellRef(2, first) + ":" + cellRef(1+capexAxisLen, last),
		cellRef(seGapCol+1, first) + ":" + cellRef(seGapCol+capexAxisLen, last),
	} {
		// Green for the least dilution or gap, red for the most.
		if err := ow.conditionalFormat(SheetSensitivity, rng, []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=", MinType: "min", MidType: "percentile", MidValue: "50", MaxType: "max",
			MinColor: "#63BE7B", MidColor: "#FFEB84", MaxColor: "#F8696B"}}); err != nil {
			return err
		}
	}
	// The tornado table: its base, then the bars as the model sorts them. Only the first
	// table's headers carry notes: notes cost more the more a workbook has, and a thousand
	// miners would add nine thousand of them.
	if err := ow.tornadoHeader(s, l.top+seTornadoHead, noted); err != nil {
		return err
	}
	base := l.top + seTornadoBase
	if err := s.row(base, ow.val(xlsx.StyleDefault, "Base: the scenario itself"), nil, nil,
		ow.val(xlsx.StyleMoney, num(ms.BaseGap)), ow.val(xlsx.StyleMoney, num(ms.BaseGap)),
		ow.val(xlsx.StylePercent, num(ms.BaseDilution)), ow.val(xlsx.StylePercent, num(ms.BaseDilution))); err != nil {
		return err
	}
	baseDil := "$" + colName(stDilutionLow) + "$" + strconv.Itoa(base)
	for k, b := range ms.Tornado {
		r := l.top + seTornadoBars + k
		moveStyle := driverStyle(b.Driver)
		if err := s.row(r, ow.val(xlsx.StyleDefault, b.Driver),
			ow.val(moveStyle, num(b.Low)), ow.val(moveStyle, num(b.High)),
			ow.val(xlsx.StyleMoney, num(b.GapLow)), ow.val(xlsx.StyleMoney, num(b.GapHigh)),
			ow.val(xlsx.StylePercent, num(b.DilutionLow)), ow.val(xlsx.StylePercent, num(b.DilutionHigh)),
			ow.cell(xlsx.StylePercent, cellRef(stDilutionLow, r)+"-"+baseDil, num(b.DilutionLow.Sub(ms.BaseDilution))),
			ow.cell(xlsx.StylePercent, cellRef(stDilutionHigh, r)+"-"+baseDil, num(b.DilutionHigh.Sub(ms.BaseDilution))),
		); err != nil {
			return err
		}
	}
	if len(ms.Tornado) == 0 {
		return nil
	}
	return ow.tornadoChart(SheetSensitivity, cellRef(seGapCol, l.top+seTornadoHead), l, m.Ticker, len(ms.Tornado))
}

// tornadoHeader writes a tornado table's header row at r, with notes when noted.
func (ow *writer) tornadoHeader(s *sheetWriter, r int, noted bool) error {
	if noted {
		return s.headers(r, 1, tornadoHeaders)
	}
	cells := make([]any, len(tornadoHeaders))
	for k, h := range tornadoHeaders {
		cells[k] = ow.val(xlsx.StyleHeader, h.Title)
	}
	return s.rowHeight(r, headerHeight(tornadoHeaders), cells...)
}

// tornadoChart draws a block's tornado: per driver, horizontal bars of the dilution at low and at
// high minus the base, overlapping, so each bar reaches left or right of the base (the value
// axis's 0); the largest swing on top (the category axis reversed, as the table is sorted). It is
// drawn at cell anchor of sheet: beside the table, and on the miner's sheet.
func (ow *writer) tornadoChart(sheet, anchor string, l sensLayout, ticker string, bars int) error {
	first, last := l.top+seTornadoBars, l.top+seTornadoBars+bars-1
	col := func(c int) string {
		return sensQ + "$" + colName(c) + "$" + strconv.Itoa(first) + ":$" + colName(c) + "$" + strconv.Itoa(last)
	}
	overlap, gap, vary := 100, uint(40), false
	if err := ow.addChart(sheet, anchor, &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{
			{Name: sensQ + "$" + colName(stDeltaLow) + "$" + strconv.Itoa(l.top+seTornadoHead), Categories: col(stDriver), Values: col(stDeltaLow),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"5B9BD5"}}},
			{Name: sensQ + "$" + colName(stDeltaHigh) + "$" + strconv.Itoa(l.top+seTornadoHead), Categories: col(stDriver), Values: col(stDeltaHigh),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"ED7D31"}}},
		},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ticker + ": basic dilution around the base (tornado)"}}},
		Legend:     excelize.ChartLegend{Position: "bottom", Font: chartFont()},
		XAxis:      excelize.ChartAxis{ReverseOrder: true, TickLabelPosition: excelize.ChartTickLabelLow, Font: *chartFont()},
		YAxis:      excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.0%"}, MajorGridLines: true, Font: *chartFont()},
		Overlap:    &overlap,
		VaryColors: &vary,
		GapWidth:   &gap,
		Dimension:  excelize.ChartDimension{Width: 640, Height: 300},
	}); err != nil {
		return fmt.Errorf("add tornado chart of %s: %w", ticker, err)
	}
	return nil
}

// driverStyle is how a tornado driver's low and high read: a change or a rate as a percentage,
// a multiple (min DSCR, max net leverage) as a number.
func driverStyle(driver string) xlsx.Style {
	if driver == model.FieldSharePriceChange || driver == model.FieldCapexChange {
		return xlsx.StylePercent
	}
	for _, d := range model.AssumptionDefs {
		if d.Name == driver && d.Kind == model.KindRate {
			return xlsx.StylePercent
		}
	}
	return xlsx.StyleFormulaNumber
}

// sensitivityChecks are the Checks rows that tie miner blocks to the live model, from row first:
// each grid's centre and the tornado's base against the tornado scenario's Scenarios cells.
func (ow *writer) sensitivityChecks(first int) []check {
	var out []check
	for i, mr := range ow.r.Miners {
		ms := ow.tornadoOf(i)
		if ms == nil {
			continue
		}
		ticker := ow.u.Miners[mr.Index].Ticker
		name := ow.r.Scenarios[ms.Scenario].Name
		fin := mr.Financings[ms.Scenario]
		l := ow.sensLay(i)
		gap := ow.scenarioCell(i, ms.Scenario, scGap)
		dil := ow.scenarioCell(i, ms.Scenario, scDilutionBasic)
		for _, c := range []struct {
			label, formula string
			diff           decimal.Decimal
		}{
			{"Sensitivity: dilution grid centre = the scenario's basic dilution (fraction)", l.dilutionCentre() + "-" + dil, ms.DilutionGrid.Centre().Sub(fin.DilutionBasic)},
			{"Sensitivity: gap grid centre = the scenario's gap", l.gapCentre() + "-" + gap, ms.GapGrid.Centre().Sub(fin.Gap)},
			{"Sensitivity: tornado base dilution = the scenario's basic dilution (fraction)", l.baseDilution() + "-" + dil, ms.BaseDilution.Sub(fin.DilutionBasic)},
			{"Sensitivity: tornado base gap = the scenario's gap", l.baseGap() + "-" + gap, ms.BaseGap.Sub(fin.Gap)},
		} {
			out = append(out, check{c.label, ticker, name, c.formula, c.diff, first + len(out)})
		}
	}
	return out
}

// solveValue is the stored value of a Scenarios solve column: the model's solve, n/a when it has
// none, blank when the result carries no sensitivities.
func (ow *writer) solveValue(i, si int, col scenarioCol) any {
	ms := ow.sensitivity(i)
	if ms == nil || si >= len(ms.Solves) {
		return nil
	}
	if col == scSharePriceForTarget {
		return numOrNA(ms.Solves[si].SharePriceForTargetDilution)
	}
	return numOrNA(ms.Solves[si].CapexChangeToCloseGap)
}
