package report

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
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
}

// Sheet names of the output workbook, in order: Cover, Summary, Scenarios, one sheet per miner
// named by its ticker, Inputs, Checks, Log.
const (
	SheetCover     = "Cover"
	SheetSummary   = "Summary"
	SheetScenarios = "Scenarios"
	SheetInputs    = "Inputs"
	SheetChecks    = "Checks"
	SheetLog       = "Log"
)

// Write streams the annotated output workbook for b and its result r to w. Every computed
// number is a live formula over Inputs or other computed cells, and stores the model's value,
// so a previewer shows what the model computed and a spreadsheet that recalculates agrees.
func Write(w io.Writer, b *input.Book, r model.Result, o Options) error {
	return write(w, b, r, o, batchCells)
}

// write is Write with side workbooks of about batchCells cells (see writeMinerParts).
func write(w io.Writer, b *input.Book, r model.Result, o Options, batchCells int) error {
	f := excelize.NewFile(excelize.Options{TmpDir: o.TempDir})
	defer f.Close()
	ow, err := newOutWriter(f, b, r, o)
	if err != nil {
		return err
	}
	miners, err := ow.writeMinerParts(batchCells)
	if err != nil {
		return err
	}
	steps := []func() error{
		ow.writeCover, ow.writeSummary, ow.writeScenarios, ow.writeInputs, ow.writeChecks, ow.writeLog,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
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
	return merge(w, main, size, miners)
}

// writer holds one output workbook being written and the layout every sheet shares: where
// each input value and each computed figure lives, so that formulas can point at it.
type writer struct {
	f     *excelize.File
	st    *xlsx.Styles
	b     *input.Book
	u     *model.Universe
	r     model.Result
	o     Options
	flagF int // conditional formats
	failF int
	passF int

	minerSheet []string // by Result.Miners index
	minerQ     []string // quoted sheet name with "!", ready for a reference
	convs      [][]int  // per Result.Miners index: its convertibles (Universe.Instruments indexes)
	warrants   [][]int
	lay        inputsLayout
}

func newOutWriter(f *excelize.File, b *input.Book, r model.Result, o Options) (*writer, error) {
	ow := &writer{f: f, b: b, u: &b.Universe, r: r, o: o}
	var err error
	if ow.st, ow.flagF, ow.failF, ow.passF, err = registerStyles(f); err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for _, s := range []string{SheetCover, SheetSummary, SheetScenarios, SheetInputs, SheetChecks, SheetLog} {
		used[strings.ToLower(s)] = true
	}
	for _, m := range r.Miners {
		name := sheetName(ow.u.Miners[m.Index].Ticker, used)
		ow.minerSheet = append(ow.minerSheet, name)
		ow.minerQ = append(ow.minerQ, xlsx.Quote(name)+"!")
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

	// Create every sheet first, in order, so that formulas may point forward.
	if err := f.SetSheetName("Sheet1", SheetCover); err != nil {
		return nil, err
	}
	names := []string{SheetSummary, SheetScenarios}
	names = append(names, ow.minerSheet...)
	names = append(names, SheetInputs, SheetChecks, SheetLog)
	for _, n := range names {
		if _, err := f.NewSheet(n); err != nil {
			return nil, fmt.Errorf("add sheet %q: %w", n, err)
		}
	}
	return ow, nil
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
	if n := d.NumDigits(); n > digits {
		d = d.Round(int32(digits - n - int(d.Exponent())))
	}
	// Fast path: a coefficient below 10^15 and a power of ten up to 10^22 are exact doubles, and
	// one IEEE division or product of exact operands is correctly rounded.
	if e := int(d.Exponent()); e >= -22 && e <= 22 && d.NumDigits() <= digits {
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

// colName is a column's letters: A for 1, XFD for 16,384.
func colName(c int) string {
	name := ""
	for ; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name
}

func cellRef(col, row int) string { return colName(col) + strconv.Itoa(row) }

// cell is a formula cell with its stored value.
func (ow *writer) cell(st xlsx.Style, formula string, v any) excelize.Cell {
	return excelize.Cell{StyleID: ow.st.ID(st), Formula: formula, Value: v}
}

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
}

// extent declares the cells sheet name will hold, A1 to lastCol and lastRow, before it is
// streamed: the stream writes the sheet's <dimension> first, and readers that trust it
// (openpyxl in read-only mode, pandas) read no further. flush fails when the rows written
// reach elsewhere, so a layout that grows is caught by any test that writes the sheet.
func (ow *writer) extent(name string, lastCol, lastRow int) error {
	return ow.f.SetSheetDimension(name, "A1:"+cellRef(max(1, lastCol), max(1, lastRow)))
}

func (ow *writer) stream(name string, widths []float64, panes *excelize.Panes) (*sheetWriter, error) {
	return ow.streamPages(name, widths, panes, 1)
}

// streamPages is stream for a sheet printed pagesWide pages across.
func (ow *writer) streamPages(name string, widths []float64, panes *excelize.Panes, pagesWide int) (*sheetWriter, error) {
	// Printing: landscape, pagesWide pages across, as many pages down as it takes. The sheet
	// properties go before the stream starts: it writes them first.
	fit, one, tall, landscape := true, pagesWide, 0, "landscape"
	if err := ow.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return nil, err
	}
	if err := ow.f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &landscape,
		FitToWidth: &one, FitToHeight: &tall}); err != nil {
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
	s := &sheetWriter{ow: ow, name: name, sw: sw}
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

func freeze(col, row int) *excelize.Panes {
	return &excelize.Panes{Freeze: true, XSplit: col, YSplit: row, TopLeftCell: cellRef(col+1, row+1),
		ActivePane: "bottomRight"}
}

// intro writes a sheet's title (row 1) and the note under it (row 2).
func (s *sheetWriter) intro(title, note string) error {
	if err := s.row(1, s.ow.val(xlsx.StyleTitle, title)); err != nil {
		return err
	}
	return s.row(2, s.ow.val(xlsx.StyleNote, note))
}

func (s *sheetWriter) row(r int, cells ...any) error {
	s.use(1, r, cells)
	return s.sw.SetRow("A"+strconv.Itoa(r), cells)
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
		perLine := max(1, int(h.Width)) // a width is in digits; words wrap whole
		words := strings.Fields(h.Title)
		n, used := 1, 0
		for _, w := range words {
			l := utf8.RuneCountInString(w)
			switch {
			case used == 0:
				used = l
			case used+1+l <= perLine:
				used += 1 + l
			default:
				n++
				used = l
			}
		}
		lines = max(lines, n)
	}
	return float64(lines)*13 + 4
}

// rowHeight writes a row of cells with a set height.
func (s *sheetWriter) rowHeight(r int, height float64, cells ...any) error {
	s.use(1, r, cells)
	return s.sw.SetRow("A"+strconv.Itoa(r), cells, excelize.RowOpts{Height: height})
}

func widths(hs []header) []float64 {
	w := make([]float64, len(hs))
	for i, h := range hs {
		w[i] = h.Width
	}
	return w
}

// note adds a note to a header cell; an empty text adds nothing.
func (ow *writer) note(s *sheetWriter, cell, text string) error {
	if text == "" {
		return nil
	}
	return ow.f.AddComment(s.name, excelize.Comment{Cell: cell, Author: "minergap", Text: text})
}

// flagged highlights non-blank cells of a range (flags in words).
func (s *sheetWriter) flagged(rng, topLeft string) error {
	return s.ow.f.SetConditionalFormat(s.name, rng, []excelize.ConditionalFormatOptions{{
		Type: "formula", Criteria: topLeft + `<>""`, Format: &s.ow.flagF}})
}

// passFail colours a range of pass/fail cells.
func (s *sheetWriter) passFail(rng, topLeft string) error {
	return s.ow.f.SetConditionalFormat(s.name, rng, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: topLeft + `="fail"`, Format: &s.ow.failF},
		{Type: "formula", Criteria: topLeft + `="pass"`, Format: &s.ow.passF},
	})
}

// flush ends the sheet; it fails when the cells written do not reach exactly the extent declared
// (see extent), which the file's <dimension> already states.
func (s *sheetWriter) flush() error {
	if s.used != s.extent && s.used != [2]int{} {
		return fmt.Errorf("sheet %q: its cells reach %s but its extent says %s; declare the real one (writer.extent) before streaming it",
			s.name, cellRef(s.used[0], s.used[1]), cellRef(s.extent[0], s.extent[1]))
	}
	return s.sw.Flush()
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
