package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/internal/workers"
	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// Options are the facts about a run that the output states but the model does not know.
type Options struct {
	Version string    // the tool's version
	RunTime time.Time // SOURCE_DATE_EPOCH when set, else now; goldens fix it
	// Pool is the run's goroutine slots: miner sheets are written on the ones free. Nil writes
	// them one batch after another.
	Pool *workers.Pool
	// TempDir is the folder for the writer's temporary files and excelize's; empty is os.TempDir().
	TempDir string
	// minerSheets is the most miners that get a sheet each; 0 is MaxMinerSheets. minerCells and
	// liveCells are MaxMinerSheetCells and MaxLiveCells when 0. Tests lower them to write a small
	// universe as a large one is written.
	minerSheets, minerCells, liveCells int
}

// Sheet names of the output workbook, in order: Cover, Summary, Scenarios, one sheet per miner
// named by its ticker (up to MaxMinerSheets miners), Sensitivity, Timeline (timeline.go), Inputs,
// Checks, Log.
const (
	SheetCover     = "Cover"
	SheetSummary   = "Summary"
	SheetScenarios = "Scenarios"
	SheetInputs    = "Inputs"
	SheetChecks    = "Checks"
	SheetLog       = "Log"
	// SheetSensitivity follows the miner sheets: SPEC §3c's grids and tornado per miner.
	SheetSensitivity = "Sensitivity"
)

// MaxMinerSheets is the most miners whose output gives each a sheet of its own (SPEC §4). Above
// it the miner sheets are left out, and the Cover says so: every miner stays on Summary,
// Scenarios, Timeline and Sensitivity, and what other sheets would fetch from a miner's sheet
// they compute from Inputs or store as the model's value. A miner whose sheet would not fit in
// Excel's rows (its projects × its project blocks) is left without one too.
const MaxMinerSheets = 1000

// MaxMinerSheetCells is the most cells the miner sheets hold together. A miner sheet grows with
// its projects × its project blocks (one per scenario that changes the projects) and its
// scenario columns, so within the reader's limits a workbook's miner sheets could hold two
// thousand million cells. Miners get their sheets in input order while the total stays within
// this; a sheet that would take it past is left out, and the Cover names it.
const MaxMinerSheetCells = 20_000_000

// MaxLiveCells is the most cells a workbook holds as live formulas. LibreOffice takes about
// half a kilobyte for each formula cell it opens and some 30 bytes for a value cell, so an
// output of more cells stores the model's values without their formulas, and the Cover says so;
// the Checks sheet keeps its formulas, and holds the stored values to the model's identities.
const MaxLiveCells = 20_000_000

// Write streams the annotated output workbook for b and its result r to w. Every computed
// number is a live formula over Inputs or other computed cells, and stores the model's value,
// so a previewer shows what the model computed and a spreadsheet that recalculates agrees; in
// a workbook above MaxLiveCells, and for a formula longer than Excel takes, the value alone.
// Write reads b and r only until every sheet is streamed, before the workbook is saved: a caller
// that has no further use for them lets them be freed then.
func Write(w io.Writer, b *input.Book, r model.Result, o Options) error {
	return write(w, b, r, o, batchCells)
}

// write is Write with side workbooks of about batchCells cells (see writeMinerParts).
func write(w io.Writer, b *input.Book, r model.Result, o Options, batchCells int) error {
	f := newFile(o)
	defer f.Close()
	ow, err := newOutWriter(f, b, r, o)
	if err != nil {
		return err
	}
	if ow.spool, err = newSpool(o.TempDir); err != nil {
		return err
	}
	defer ow.spool.close()
	miners, err := ow.writeSheets(batchCells)
	if err != nil {
		return err
	}
	if err := ow.finish(); err != nil {
		return err
	}
	sheets := ow.sideSheets()
	// Nothing below reads the result or the book, which can so be freed while the workbook is
	// saved and put together (some 170 MB at a thousand miners, as much as the saving's own
	// memory) when the caller lets go of them too. The writer lets go of them itself: it stays
	// reachable from the workbook until the workbook is closed.
	ow.r, ow.b, ow.u = model.Result{}, nil, nil
	// Cover, the first sheet, is active by default. (SetActiveSheet would parse every streamed
	// sheet back into memory.) The main workbook goes to a temporary file (as excelize's own
	// large sheets do), not to memory: for a thousand miners it is some 20 MB, held while the
	// output is put together.
	main, err := os.CreateTemp(o.TempDir, "minergap-*.xlsx")
	if err != nil {
		return fmt.Errorf("write output workbook: %w", err)
	}
	defer os.Remove(main.Name())
	defer main.Close()
	size, err := f.WriteTo(main)
	if err != nil {
		return fmt.Errorf("write output workbook: %w", err)
	}
	return merge(w, main, size, sheets, miners)
}

// newFile is an empty workbook to write into: its temporary files go to o.TempDir, and saving it
// deflates its parts on the free slots of o.Pool.
func newFile(o Options) *excelize.File {
	f := excelize.NewFile(excelize.Options{TmpDir: o.TempDir})
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return xlsx.NewZipWriter(w, o.Pool) })
	return f
}

// writer holds one output workbook being written and the layout every sheet shares: where
// each input value and each computed figure lives, so that formulas can point at it.
type writer struct {
	f     *excelize.File
	fmu   *sync.Mutex // held by every call on f itself, not on a sheet's stream (see locked)
	fin   *finisher   // ends f's sheets in a fixed order (see finish)
	spool *spool      // the saved side workbooks (writeSide)
	st    *xlsx.Styles
	b     *input.Book
	u     *model.Universe
	r     model.Result
	o     Options
	flagF int // conditional formats
	failF int
	passF int

	// minerSheet is each miner's sheet name, by Result.Miners index; "" for a miner without a
	// sheet (MaxMinerSheets)
	minerSheet []string
	minerQ     []string // quoted sheet name with "!", ready for a reference; "" without a sheet
	sheetsUpTo int      // the most miners that get a sheet each: MaxMinerSheets
	sheets     int      // how many miners have a sheet
	// tooLong and overBudget are the miners (Result.Miners indexes) left without a sheet because
	// its rows would not fit, or its cells would take the miner sheets past MaxMinerSheetCells
	tooLong, overBudget []int
	// cellCount is about how many cells the workbook holds (cells); stored is whether it is
	// above MaxLiveCells, and stores the model's values without formulas (cell)
	cellCount int
	stored    bool
	// projectBlocks is, by scenario, the project block of miner sheets it reads (projectBlocks)
	projectBlocks []int
	convs         [][]int // per Result.Miners index: its convertibles (Universe.Instruments indexes)
	warrants      [][]int
	lay           inputsLayout
	checkFirst    []int // by Result.Miners index, the Checks row of its first check; then the row after them
}

func newOutWriter(f *excelize.File, b *input.Book, r model.Result, o Options) (*writer, error) {
	if len(r.Timelines) != len(r.Miners) {
		return nil, fmt.Errorf("write output workbook: the result has %d timelines for %d miners; compute it with model.Run", len(r.Timelines), len(r.Miners))
	}
	ow := newLayout(b, r, o)
	ow.f, ow.fmu, ow.fin = f, new(sync.Mutex), newFinisher()
	var err error
	if ow.st, ow.flagF, ow.failF, ow.passF, err = registerStyles(f); err != nil {
		return nil, err
	}

	// The document's properties name the tool and the run time, not the library: the file
	// managers, previewers and document systems that show them say who made it and when.
	when := o.RunTime.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "minergap", LastModifiedBy: "minergap", Created: when, Modified: when,
		Title:   "Funding gaps: " + b.File,
		Subject: "Funding gaps and financing scenarios of Bitcoin miners building AI data centers",
	}); err != nil {
		return nil, fmt.Errorf("document properties: %w", err)
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "minergap"}); err != nil {
		return nil, fmt.Errorf("document properties: %w", err)
	}

	// Create the main workbook's sheets, in order, and declare each one's extent before it is
	// streamed. The sheets after Summary are streamed into side workbooks (writeSide), which
	// declare their extents, and merge adds them to the output.
	if err := f.SetSheetName("Sheet1", SheetCover); err != nil {
		return nil, err
	}
	side := map[string]bool{}
	for _, n := range ow.sideSheets() {
		side[n] = true
	}
	for _, e := range ow.extents() {
		if side[e.name] {
			continue
		}
		if e.name != SheetCover {
			if _, err := f.NewSheet(e.name); err != nil {
				return nil, fmt.Errorf("add sheet %q: %w", e.name, err)
			}
		}
		if err := ow.extent(e.name, e.last); err != nil {
			return nil, err
		}
	}
	return ow, nil
}

// newLayout is the layout of the output of b and r: which miners get a sheet and its name, and
// where every figure sits. It writes nothing.
func newLayout(b *input.Book, r model.Result, o Options) *writer {
	ow := &writer{b: b, u: &b.Universe, r: r, o: o}
	ow.projectBlocks = projectBlocks(r.Scenarios)
	ow.minerSheet = make([]string, len(r.Miners))
	ow.minerQ = make([]string, len(r.Miners))
	ow.sheetsUpTo = o.minerSheets
	if ow.sheetsUpTo == 0 {
		ow.sheetsUpTo = MaxMinerSheets
	}
	if len(r.Miners) <= ow.sheetsUpTo {
		used := map[string]bool{}
		for _, s := range []string{SheetCover, SheetSummary, SheetScenarios, SheetInputs, SheetChecks, SheetLog, SheetSensitivity, SheetTimeline} {
			used[strings.ToLower(s)] = true
		}
		budget := cmp.Or(o.minerCells, MaxMinerSheetCells)
		for i, m := range r.Miners {
			if ow.minerExtent(i)[1] > maxRow {
				ow.tooLong = append(ow.tooLong, i) // its sheet would not fit: left out, and the Cover says so
				continue
			}
			c := ow.minerCells(i)
			if c > budget {
				ow.overBudget = append(ow.overBudget, i) // left out, and the Cover says so
				continue
			}
			budget -= c
			name := sheetName(ow.u.Miners[m.Index].Ticker, used)
			ow.minerSheet[i] = name
			ow.minerQ[i] = xlsx.Quote(name) + "!"
			ow.sheets++
		}
	}
	ow.convs = make([][]int, len(r.Miners))
	ow.warrants = make([][]int, len(r.Miners))
	for i, m := range r.Miners {
		for _, k := range m.Instruments {
			if ow.u.Instruments[k].Type == model.Warrant {
				ow.warrants[i] = append(ow.warrants[i], k)
			} else {
				ow.convs[i] = append(ow.convs[i], k)
			}
		}
	}
	ow.lay = newOutInputsLayout(ow.u, len(r.Scenarios))
	ow.checkFirst = make([]int, len(r.Miners)+1)
	ow.checkFirst[0] = ckFirstRow
	for i := range r.Miners {
		ow.checkFirst[i+1] = ow.checkFirst[i] + ow.minerChecks(i)
	}
	ow.cellCount = ow.cells()
	ow.stored = ow.cellCount > cmp.Or(o.liveCells, MaxLiveCells)
	return ow
}

// cells is about how many cells the workbook holds: each miner sheet's (minerCells) and the
// extent of every other sheet.
func (ow *writer) cells() int {
	n, miner := 0, map[string]bool{}
	for i, name := range ow.minerSheet {
		if name != "" {
			n += ow.minerCells(i)
			miner[name] = true
		}
	}
	for _, e := range ow.extents() {
		if !miner[e.name] {
			n += e.last[0] * e.last[1]
		}
	}
	return n
}

// sideSheets are the sheets written in side workbooks, in order: every sheet after Summary
// (Scenarios, the miner sheets, Sensitivity, Timeline, Inputs, Checks, Log). excelize holds a
// streamed sheet's XML in memory until its workbook is saved; a side workbook is saved as soon
// as its sheets are written, into the spool, from which merge copies them into the output.
func (ow *writer) sideSheets() []string {
	var names []string
	for _, e := range ow.extents()[2:] { // after Cover and Summary
		names = append(names, e.name)
	}
	return names
}

// minerSheetsLeftOut reports whether some miner has no sheet (MaxMinerSheets, MaxMinerSheetCells,
// or a sheet longer than Excel's rows).
func (ow *writer) minerSheetsLeftOut() bool { return slices.Contains(ow.minerSheet, "") }

// sheetExtent is a sheet of the output and its extent: its last column and row (see extent).
type sheetExtent struct {
	name string
	last [2]int
}

// extents are the output's sheets in order, each with the extent it declares, as the layout
// gives them before a cell is written.
func (ow *writer) extents() []sheetExtent {
	out := []sheetExtent{
		{SheetCover, ow.coverExtent()},
		{SheetSummary, ow.summaryExtent()},
		{SheetScenarios, ow.scenariosExtent()},
	}
	for i, name := range ow.minerSheet {
		if name != "" {
			out = append(out, sheetExtent{name, ow.minerExtent(i)})
		}
	}
	return append(out,
		sheetExtent{SheetSensitivity, ow.sensitivityExtent()},
		sheetExtent{SheetTimeline, ow.timelineExtent()},
		sheetExtent{SheetInputs, ow.inputsExtent()},
		sheetExtent{SheetChecks, ow.checksExtent()},
		sheetExtent{SheetLog, ow.logExtent()})
}

// sheetName makes a valid, unique sheet name from a ticker: no []:*?/\ characters, no
// apostrophe (Excel would take one, quoted as ”, but Gnumeric cannot read such a reference; a
// typographic ’ stands in for it), at most 31 characters, not a name already used.
func sheetName(ticker string, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r) || r < ' ':
			return '_'
		case r == '\'':
			return '’'
		}
		return r
	}, strings.Trim(strings.TrimSpace(ticker), "'"))
	if name == "" {
		name = "Miner"
	}
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	base := name
	for n := 2; used[strings.ToLower(name)] || strings.EqualFold(name, "History"); n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		r := []rune(base)
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		name = string(r) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

// num is where a number leaves the program, and the one place it is rounded: a decimal is
// rounded (half away from zero) to 15 significant digits, the precision Excel keeps and excelize
// writes, and becomes the float64 nearest that. So the stored value is the model's number as
// Excel would hold it, and excelize's own 15-digit cut changes nothing. A decimal is always
// finite: no NaN or infinity can reach a cell.
func num(d decimal.Decimal) float64 {
	n := d.NumDigits()
	if n > digits {
		d = d.Round(int32(digits - n - int(d.Exponent())))
		n = d.NumDigits()
	}
	// Fast path: a coefficient below 10^15 and a power of ten up to 10^22 are exact doubles, and
	// one IEEE division or product of exact operands is correctly rounded.
	if e := int(d.Exponent()); e >= -22 && e <= 22 && n <= digits {
		c := float64(d.CoefficientInt64())
		if e < 0 {
			return c / pow10[-e]
		}
		return c * pow10[e]
	}
	// ParseFloat rounds the exact decimal text to the nearest double.
	f, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return d.InexactFloat64()
	}
	return f
}

// digits is how many significant digits a stored number keeps.
const digits = 15

var pow10 = func() (p [23]float64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// na is the value of a ratio whose denominator is not positive: the text n/a, the same text
// the cell's IF(...,"n/a",...) formula gives when a spreadsheet recalculates.
const na = "n/a"

func numOrNA(d decimal.NullDecimal) any {
	if !d.Valid {
		return na
	}
	return num(d.Decimal)
}

// maxCol is Excel's last column, XFD; maxRow its last row.
const (
	maxCol = 16384
	maxRow = 1048576
)

// colName is column col's letters (1 is A, 27 is AA, 16384 is XFD): a sheet may be as wide as
// Excel allows (the Summary has a column per scenario). Outside 1..16384 it panics, as an index
// out of range does: the layout never asks for such a column.
func colName(col int) string {
	if col < 1 || col > maxCol {
		panic("report: column " + strconv.Itoa(col) + " is outside A:XFD")
	}
	var b [3]byte // XFD is the widest name
	i := len(b)
	for n := col; n > 0; n = (n - 1) / 26 {
		i--
		b[i] = byte('A' + (n-1)%26)
	}
	return string(b[i:])
}

func cellRef(col, row int) string { return colName(col) + strconv.Itoa(row) }

// cell is a formula cell with its stored value; in a workbook of stored values (MaxLiveCells),
// the value alone, in the look of a figure of its own (unlinked).
func (ow *writer) cell(st xlsx.Style, formula string, v any) excelize.Cell {
	if ow.stored {
		st, formula = unlinked[st], ""
	}
	return ow.live(st, formula, v)
}

// live is a formula cell with its stored value in every workbook: a check. A formula longer
// than Excel takes (a sum term by term over some hundred convertibles) stores its value alone.
func (ow *writer) live(st xlsx.Style, formula string, v any) excelize.Cell {
	if len(formula) > maxFormulaLen {
		st, formula = unlinked[st], ""
	}
	return excelize.Cell{StyleID: ow.st.ID(st), Formula: formula, Value: v}
}

// maxFormulaLen is the longest formula Excel takes, in characters, its "=" not included.
const maxFormulaLen = 8192 - 1

// figure is a formula cell, or, where formula is "" (a miner without a sheet: formulaOf), the
// model's value alone, in black as the other stored values: green says a cell fetches another.
func (ow *writer) figure(st xlsx.Style, formula string, v any) excelize.Cell {
	if formula == "" {
		st = unlinked[st]
	}
	return ow.cell(st, formula, v)
}

// unlinked is each style of a link to another sheet, and its look as a figure of its own.
var unlinked = func() map[xlsx.Style]xlsx.Style {
	m := map[xlsx.Style]xlsx.Style{
		xlsx.StyleLink: xlsx.StyleFormulaNumber, xlsx.StyleLinkMoney: xlsx.StyleMoney, xlsx.StyleLinkPercent: xlsx.StylePercent,
		xlsx.StyleLinkShares: xlsx.StyleShares, xlsx.StyleLinkMultiple: xlsx.StyleMultiple, xlsx.StyleLinkPrice: xlsx.StylePrice,
		xlsx.StyleLinkPerMW: xlsx.StylePerMW, xlsx.StyleLinkDate: xlsx.StyleDate, xlsx.StyleLinkNumber: xlsx.StyleFormulaNumber,
		xlsx.StyleLinkRate: xlsx.StyleRate,
	}
	for st := range xlsx.NumStyles {
		if _, ok := m[st]; !ok {
			m[st] = st
		}
	}
	return m
}()

// val is a plain value cell.
func (ow *writer) val(st xlsx.Style, v any) excelize.Cell {
	return excelize.Cell{StyleID: ow.st.ID(st), Value: v}
}

// header is one column of a table: its title (units included), the note that says its
// formula in words, and its width.
type header struct {
	Title string
	Note  string
	Width float64
}

// sheetWriter wraps a stream writer with what must be set before its rows (widths, panes) and
// what must be added before Flush (notes, conditional formats, links).
type sheetWriter struct {
	ow   *writer
	name string
	sw   *excelize.StreamWriter
	// extent is the sheet's declared last column and row (see extent); used is the last
	// column and row written, which flush holds against it.
	extent, used [2]int
	widths       []float64 // the columns' widths, as set
	pageDigits   float64   // how many digit widths of columns a printed page holds across
	pageStart    []bool    // by column (0-based): a printed page starts there
	filterRef    string    // the range of the sheet's autofilter, header row first (see filter)
}

// extent declares the cells sheet name will hold, A1 to its last column and row, before it is
// streamed: the stream writes the sheet's <dimension> first, and readers that trust it
// (openpyxl in read-only mode, pandas) read no further. flush fails when the rows written
// reach elsewhere, so a layout that grows is caught by any test that writes the sheet. Each
// sheet's extent comes from its layout (extents), before a cell is written.
func (ow *writer) extent(name string, last [2]int) error {
	if last[0] > maxCol || last[1] > maxRow {
		return fmt.Errorf("sheet %q needs %d columns and %d rows, more than a sheet holds (%d and %d)", name, last[0], last[1], maxCol, maxRow)
	}
	return ow.locked(func() error { return ow.f.SetSheetDimension(name, "A1:"+cellRef(max(1, last[0]), max(1, last[1]))) })
}

// locked runs fn holding the workbook's lock. Sheets are streamed at once on several goroutines;
// a stream's rows are its own, but every call on the workbook itself (a new stream, its flush, a
// note, a chart, a link, a conditional format, page setup) takes its turn.
func (ow *writer) locked(fn func() error) error {
	ow.fmu.Lock()
	defer ow.fmu.Unlock()
	return fn()
}

// addChart adds a chart to a sheet when the sheet is finished (see finish): a chart's parts are
// numbered in the order charts are added.
func (ow *writer) addChart(sheet, cell string, chart *excelize.Chart) error {
	ow.fin.later(sheet, func() error { return ow.f.AddChart(sheet, cell, chart) })
	return nil
}

// finisher holds a workbook's streamed sheets until every sheet is streamed, with the calls on
// the workbook that number its parts or order its lists (notes, charts, defined names), which
// would otherwise depend on which sheet got there first.
type finisher struct {
	mu      sync.Mutex
	pending map[string][]func() error // by sheet, in the order the sheet asked for them
	done    []*sheetWriter
}

func newFinisher() *finisher { return &finisher{pending: map[string][]func() error{}} }

// later adds a call to make on the workbook when sheet is finished.
func (fn *finisher) later(sheet string, call func() error) {
	fn.mu.Lock()
	defer fn.mu.Unlock()
	fn.pending[sheet] = append(fn.pending[sheet], call)
}

// streamed adds a sheet whose rows are all written.
func (fn *finisher) streamed(s *sheetWriter) {
	fn.mu.Lock()
	defer fn.mu.Unlock()
	fn.done = append(fn.done, s)
}

// finish ends every streamed sheet in the workbook's sheet order: its calls held for later
// (notes, charts, print titles), its autofilter, then its stream's Flush. Sheets streamed at once
// on several goroutines so give the same file, byte for byte, as one after another.
func (ow *writer) finish() error {
	order := map[string]int{}
	for i, name := range ow.f.GetSheetList() {
		order[name] = i
	}
	done := ow.fin.done
	sort.SliceStable(done, func(a, b int) bool { return order[done[a].name] < order[done[b].name] })
	for _, s := range done {
		for _, call := range ow.fin.pending[s.name] {
			if err := call(); err != nil {
				return fmt.Errorf("sheet %q: %w", s.name, err)
			}
		}
		if s.filterRef != "" {
			// After Flush the stream's sheet is written and an autofilter would be silently lost.
			if err := ow.f.AutoFilter(s.name, s.filterRef, nil); err != nil {
				return fmt.Errorf("sheet %q: autofilter %s: %w", s.name, s.filterRef, err)
			}
		}
		if err := s.sw.Flush(); err != nil {
			return err
		}
	}
	ow.fin.done, ow.fin.pending = nil, map[string][]func() error{}
	return nil
}

// hyperlink links a cell to a place in the workbook, holding the workbook's lock.
func (ow *writer) hyperlink(sheet, cell, target string) error {
	return ow.locked(func() error { return ow.f.SetCellHyperLink(sheet, cell, target, "Location") })
}

// conditionalFormat formats a range of a sheet, holding the workbook's lock.
func (ow *writer) conditionalFormat(sheet, rng string, opts []excelize.ConditionalFormatOptions) error {
	return ow.locked(func() error { return ow.f.SetConditionalFormat(sheet, rng, opts) })
}

func (ow *writer) stream(name string, widths []float64, panes *excelize.Panes) (*sheetWriter, error) {
	return ow.streamPages(name, widths, panes, 1)
}

// streamPages is stream for a sheet printed pagesWide pages across.
func (ow *writer) streamPages(name string, widths []float64, panes *excelize.Panes, pagesWide int) (*sheetWriter, error) {
	return ow.streamTitled(name, widths, panes, panes, pagesWide)
}

// streamTitled is streamPages for a sheet whose printed pages repeat the rows and columns titles
// freezes, rather than all that its panes freeze.
func (ow *writer) streamTitled(name string, widths []float64, panes, titles *excelize.Panes, pagesWide int) (*sheetWriter, error) {
	ow.fmu.Lock()
	defer ow.fmu.Unlock()
	scale, err := ow.printSetup(name, widths, titles, pagesWide)
	if err != nil {
		return nil, err
	}
	sw, err := ow.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(widths); {
		j := i + 1 // columns i..j-1 share a width: one call for them
		for j < len(widths) && widths[j] == widths[i] {
			j++
		}
		if widths[i] > 0 {
			if err := sw.SetColWidth(i+1, j, widths[i]); err != nil {
				return nil, err
			}
		}
		i = j
	}
	if panes != nil {
		if err := sw.SetPanes(panes); err != nil {
			return nil, err
		}
	}
	s := &sheetWriter{ow: ow, name: name, sw: sw, widths: widths,
		pageDigits: printWidthIn * 96 / (float64(scale) / 100) / digitPx}
	s.pageStart = s.pageStarts(titles)
	if dim, err := ow.f.GetSheetDimension(name); err == nil && dim != "" {
		_, last, _ := strings.Cut(dim, ":")
		if last == "" {
			last = dim
		}
		if c, r, err := excelize.CellNameToCoordinates(last); err == nil {
			s.extent = [2]int{c, r}
		}
	}
	return s, nil
}

// Printing (SPEC §4). Every sheet prints landscape on A4 at a scale that keeps body text
// (11 pt) at 8 pt or more on paper: as large as lets the sheet fit pagesWide pages across, but
// never below minPrintScale; a wider sheet spans more pages across rather than shrinking. What
// is frozen on screen repeats on every page (print titles: the title and header rows, the key
// columns such as Ticker and Scenario), and each page's footer names the file, the sheet and
// the page.
const (
	minPrintScale = 75   // percent: 11 pt body text prints at 8.25 pt
	paperA4       = 9    // the OOXML paper size code of A4
	printWidthIn  = 10.7 // inches across an A4 landscape page inside the side margins
	marginSideIn  = 0.5
	marginTopIn   = 0.6
	marginFootIn  = 0.3 // from the page's edge to the footer
	// footer: the file on the left, the sheet in the middle, page N of M on the right
	printFooter = "&L&F&C&A&Rpage &P of &N"
	// digitPx is how many pixels (at 96 dpi) a column takes per digit of its width: Excel's
	// Calibri digit is 7, the DejaVu Sans that LibreOffice puts in its place where Calibri is
	// missing about 9.3; pages are laid out for the wider, so they hold in either
	digitPx = 9.3
)

// printSetup sets sheet name's page (see the constants above), before the sheet is streamed, and
// its print titles, when it is finished; it returns the scale it prints at, in percent.
func (ow *writer) printSetup(name string, widths []float64, panes *excelize.Panes, pagesWide int) (uint, error) {
	var px float64 // the columns' width in pixels at 96 dpi
	for _, w := range widths {
		if w <= 0 {
			w = defaultWidth
		}
		px += w*digitPx + 5
	}
	scale := uint(minPrintScale)
	if px > 0 {
		fit := float64(max(1, pagesWide)) * printWidthIn * 96 / px * 100
		scale = uint(min(100, max(minPrintScale, int(fit))))
	}
	size, landscape, order := paperA4, "landscape", "overThenDown"
	if err := ow.f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &landscape,
		AdjustTo: &scale, PageOrder: &order}); err != nil {
		return 0, err
	}
	side, top, foot := marginSideIn, marginTopIn, marginFootIn
	if err := ow.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side,
		Top: &top, Bottom: &top, Header: &foot, Footer: &foot}); err != nil {
		return 0, err
	}
	if err := ow.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: printFooter}); err != nil {
		return 0, err
	}
	if ref := printTitles(name, panes); ref != "" {
		ow.fin.later(name, func() error {
			return ow.f.SetDefinedName(&excelize.DefinedName{Name: printTitlesName, RefersTo: ref, Scope: name})
		})
	}
	return scale, nil
}

// printTitlesName is the defined name of a sheet's rows and columns that repeat on every page.
const printTitlesName = "_xlnm.Print_Titles"

// printTitles is the reference of the rows and columns a sheet repeats on every printed page:
// those its panes freeze. Empty when nothing is frozen.
func printTitles(name string, panes *excelize.Panes) string {
	if panes == nil || !panes.Freeze {
		return ""
	}
	q := xlsx.Quote(name) + "!"
	var refs []string
	if panes.XSplit > 0 {
		refs = append(refs, q+"$A:$"+colName(panes.XSplit))
	}
	if panes.YSplit > 0 {
		refs = append(refs, q+"$1:$"+strconv.Itoa(panes.YSplit))
	}
	return strings.Join(refs, ",")
}

// chartFont is the text of a chart's axes and legend: dark, and large enough to print at 8 pt
// or more at the smallest print scale (charts are scaled with their sheet).
func chartFont() *excelize.Font { return &excelize.Font{Color: chartText, Size: 11} }

// chartText is the colour of a chart's text: near black, which prints dark on any printer.
const chartText = "262626"

// categoryAxis is a chart's horizontal axis of labels.
func categoryAxis() excelize.ChartAxis { return excelize.ChartAxis{Font: *chartFont()} }

// valueAxis is a chart's vertical axis of amounts: gridlines and thousands separators.
func valueAxis() excelize.ChartAxis {
	return excelize.ChartAxis{Font: *chartFont(), MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}}
}

func freeze(col, row int) *excelize.Panes {
	return &excelize.Panes{Freeze: true, XSplit: col, YSplit: row, TopLeftCell: cellRef(col+1, row+1),
		ActivePane: "bottomRight"}
}

// intro writes a sheet's title (row 1) and the note under it (row 2). The note wraps across as
// many of the first columns as a printed page holds, in a row tall enough for its lines.
func (s *sheetWriter) intro(title, note string) error {
	if err := s.row(1, s.ow.val(xlsx.StyleTitle, title)); err != nil {
		return err
	}
	span, width := 1, 0.0
	for i, w := range s.widths {
		if w <= 0 {
			w = 8.43
		}
		if i > 0 && width+w > min(s.pageDigits, introDigits) {
			break
		}
		span, width = i+1, width+w
	}
	if span > 1 {
		if err := s.sw.MergeCell("A2", cellRef(span, 2)); err != nil {
			return err
		}
	}
	// an intro is italic serif in LibreOffice, wider than the body text a note's width assumes
	lines := wrappedLines(note, max(1, int((width-cellPadding)/(noteChar*1.15))))
	return s.rowHeight(2, float64(lines)*lineHeight+4, s.ow.val(xlsx.StyleNote, note))
}

// noteChar is about how many digit widths a character of a note takes; lineHeight is the
// height of a line of body text, in points.
// introDigits is the widest an intro's note runs, in digit widths: a line that fills the page
// measures differently on screen and on paper, and is cut at the page's edge.
const (
	noteChar    = 0.95
	lineHeight  = 15
	introDigits = 120
)

func (s *sheetWriter) row(r int, cells ...any) error {
	s.use(1, r, cells)
	h, err := s.wrapHeight(r, cells)
	if err != nil {
		return err
	}
	if h > 0 {
		return s.sw.SetRow("A"+strconv.Itoa(r), cells, excelize.RowOpts{Height: h})
	}
	return s.sw.SetRow("A"+strconv.Itoa(r), cells)
}

// wrapHeight is the height, in points, of row r when its wrapped text (notes, messages,
// scenario names) takes more than a line; 0 when none does. LibreOffice does not fit a row's
// height to its wrapped text when it opens a file, so the row says it. A note that ends its row
// spreads over the empty columns to its right, merged, as far as its text needs and its printed
// page allows (a note sits in a column sized for numbers), and wraps there. (A merged note in a
// row of a set height makes LibreOffice print empty pages after the sheet: one line needs none.)
func (s *sheetWriter) wrapHeight(r int, cells []any) (float64, error) {
	last := len(cells) - 1
	for last >= 0 && cells[last] == nil {
		last--
	}
	lines := 1
	for i, c := range cells[:last+1] {
		cell, ok := c.(excelize.Cell)
		if !ok {
			continue
		}
		note := cell.StyleID == s.ow.st.ID(xlsx.StyleNote)
		if !note && cell.StyleID != s.ow.st.ID(xlsx.StyleWrap) {
			continue
		}
		text, ok := cell.Value.(string)
		if !ok {
			continue
		}
		w, end := s.width(i), i
		if note && i == last {
			need := float64(utf8.RuneCountInString(text))*noteChar + cellPadding
			for w < need && end+1 < s.extent[0] && !(end+1 < len(s.pageStart) && s.pageStart[end+1]) {
				end++
				w += s.width(end)
			}
			if end > i {
				if err := s.sw.MergeCell(cellRef(i+1, r), cellRef(end+1, r)); err != nil {
					return 0, err
				}
			}
		}
		lines = max(lines, wrappedLines(text, max(1, int((w-cellPadding)/noteChar))))
	}
	if lines == 1 {
		return 0, nil
	}
	return min(maxRowHeight, float64(lines)*lineHeight+2), nil
}

// pageStarts marks the columns at which a printed page starts, as a page fills across: the
// first page from column A, each next one after the repeated key columns. A merged note must
// not run across such a start: LibreOffice then prints empty pages.
func (s *sheetWriter) pageStarts(panes *excelize.Panes) []bool {
	starts := make([]bool, len(s.widths)+1)
	titles := 0.0
	if panes != nil && panes.Freeze {
		for i := 0; i < panes.XSplit; i++ {
			titles += s.width(i)
		}
	}
	used := 0.0
	for i := range s.widths {
		w := s.width(i)
		if i > 0 && used+w > s.pageDigits {
			starts[i] = true
			used = titles
		}
		used += w
	}
	return starts
}

// width is column i's width (0-based), the default when it has none.
func (s *sheetWriter) width(i int) float64 {
	if i < len(s.widths) && s.widths[i] > 0 {
		return s.widths[i]
	}
	return defaultWidth
}

// defaultWidth is the width of a column that sets none, in digits.
const defaultWidth = 8.43

// maxRowHeight is the tallest row a sheet may have, in points.
const maxRowHeight = 409

// wrappedLines is how many lines text takes wrapped at perLine characters, words kept whole.
func wrappedLines(text string, perLine int) int {
	n := 0
	for _, para := range strings.Split(text, "\n") {
		lines, used := 1, 0
		for _, w := range strings.Fields(para) {
			l := utf8.RuneCountInString(w)
			switch {
			case used == 0:
				used = l
			case used+1+l <= perLine:
				used += 1 + l
			default:
				lines++
				used = l
			}
			for used > perLine && perLine > 0 { // a word longer than a line breaks where it must
				lines++
				used -= perLine
			}
		}
		n += lines
	}
	return n
}

// use records that row r holds cells from column col on (nil cells are not written).
func (s *sheetWriter) use(col, r int, cells []any) {
	last := len(cells)
	for last > 0 && cells[last-1] == nil {
		last--
	}
	if last == 0 {
		return
	}
	s.used[0] = max(s.used[0], col+last-1)
	s.used[1] = max(s.used[1], r)
}

// headers writes a header row at r from column col, each cell with its note.
func (s *sheetWriter) headers(r, col int, hs []header) error {
	cells := make([]any, len(hs))
	for i, h := range hs {
		cells[i] = s.ow.val(xlsx.StyleHeader, h.Title)
	}
	s.use(col, r, cells)
	if err := s.sw.SetRow(cellRef(col, r), cells, excelize.RowOpts{Height: headerHeight(hs)}); err != nil {
		return err
	}
	for i, h := range hs {
		if err := s.ow.note(s, cellRef(col+i, r), h.Note); err != nil {
			return err
		}
	}
	return nil
}

// headerHeight is the height, in points, of a header row tall enough for its wrapped titles.
func headerHeight(hs []header) float64 {
	lines := 1
	for _, h := range hs {
		if h.Width <= 0 {
			continue
		}
		lines = max(lines, wrappedLines(h.Title, max(1, int((headerWidth(h)-cellPadding)/headerChar))))
	}
	return float64(lines)*13 + 4
}

// rowHeight writes a row of cells with a set height.
func (s *sheetWriter) rowHeight(r int, height float64, cells ...any) error {
	s.use(1, r, cells)
	return s.sw.SetRow("A"+strconv.Itoa(r), cells, excelize.RowOpts{Height: height})
}

// widths are the columns' widths of a table: each header's own, widened where a word of its
// title would not fit on a line (a header must never break inside a word).
func widths(hs []header) []float64 {
	w := make([]float64, len(hs))
	for i, h := range hs {
		w[i] = headerWidth(h)
	}
	return w
}

// boldChar is about how many digit widths (a column width's unit) a character of a bold header
// takes, wide letters included, which sizes a column for its longest word; headerChar is the
// average, which counts a header's lines; cellPadding is the room a cell keeps on its sides.
const (
	boldChar    = 1.2
	headerChar  = 1.0
	cellPadding = 1.5
)

// headerWidth is a header's width: its own, or the width its longest word needs if that is more.
func headerWidth(h header) float64 {
	if h.Width <= 0 {
		return h.Width
	}
	longest := 0
	for _, w := range strings.Fields(h.Title) {
		longest = max(longest, utf8.RuneCountInString(w))
	}
	return max(h.Width, math.Ceil(float64(longest)*boldChar+cellPadding))
}

// note adds a note to a header cell when the sheet is finished (notes are numbered in the order
// they are added); an empty text adds nothing.
func (ow *writer) note(s *sheetWriter, cell, text string) error {
	if text == "" {
		return nil
	}
	ow.fin.later(s.name, func() error {
		return ow.f.AddComment(s.name, excelize.Comment{Cell: cell, Author: "minergap", Text: text})
	})
	return nil
}

// flagged highlights non-blank cells of a range (flags in words).
func (s *sheetWriter) flagged(rng, topLeft string) error {
	return s.ow.conditionalFormat(s.name, rng, []excelize.ConditionalFormatOptions{{
		Type: "formula", Criteria: topLeft + `<>""`, Format: &s.ow.flagF}})
}

// passFail colours a range of pass/fail cells.
func (s *sheetWriter) passFail(rng, topLeft string) error {
	return s.ow.conditionalFormat(s.name, rng, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: topLeft + `="fail"`, Format: &s.ow.failF},
		{Type: "formula", Criteria: topLeft + `="pass"`, Format: &s.ow.passF},
	})
}

// flush ends the sheet's rows and hands it to the finisher, which flushes its stream when every
// sheet is streamed (see finish); it fails when the cells written do not reach exactly the extent
// declared (see extent), which the file's <dimension> already states.
func (s *sheetWriter) flush() error {
	if s.used != s.extent && s.used != [2]int{} {
		return fmt.Errorf("sheet %q: its cells reach %s but its extent says %s; declare the real one (writer.extent) before streaming it",
			s.name, cellRef(s.used[0], s.used[1]), cellRef(s.extent[0], s.extent[1]))
	}
	s.ow.fin.streamed(s)
	return nil
}

// filter gives the sheet an autofilter over the table whose header is row header and whose
// columns are A to lastCol, down to lastRow (a table without rows filters its header alone).
// finish adds it, before the stream is flushed. A sheet has one autofilter: its main table's.
func (s *sheetWriter) filter(header, lastCol, lastRow int) {
	s.filterRef = cellRef(1, header) + ":" + cellRef(max(1, lastCol), max(header, lastRow))
}

// ranked is the miners' order on Summary: near-term gap, largest first; ties keep input order.
func (ow *writer) ranked() []int {
	idx := make([]int, len(ow.r.Miners))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ga := ow.r.Miners[idx[a]].Positions[model.NearTerm].Gap
		gb := ow.r.Miners[idx[b]].Positions[model.NearTerm].Gap
		return ga.Cmp(gb) > 0
	})
	return idx
}

func scopeName(s model.Scope) string { return s.String() }
