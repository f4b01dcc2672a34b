package review

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// A Problem is one error or warning found in an input workbook.
type Problem struct {
	Sheet    string // the sheet, named as the workbook names it
	Row, Col int    // the cell, 1-based; 0 when the problem has no cell (a missing sheet or column)
	Warning  bool   // a warning rather than an error
	Message  string // what is wrong and how to fix it
}

// Write writes to w a review copy of the workbook input with problems marked: each problem
// cell filled red (an error) or amber (a warning only) and given a note with its messages, one
// per line (appended to a note the cell has), and a first sheet, Review, listing every problem
// in the order given with a link to its cell. Problems without a cell are listed only. Every
// other part of the workbook is copied byte for byte.
//
// Write fails, writing nothing to w, when the input is not an .xlsx it can patch safely
// (password-protected, a legacy .xls, not a zip, no usable styles part) or when a problem with
// a cell names a sheet the workbook does not have or a cell outside Excel's limits.
func Write(input []byte, w io.Writer, problems []Problem) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot make a review copy: internal error: %v", r)
		}
	}()
	var buf bytes.Buffer
	if err := build(input, &buf, problems); err != nil {
		return fmt.Errorf("cannot make a review copy: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// WriteFile reads the workbook at inPath and writes its review copy to outPath, through a
// temporary file in outPath's folder renamed into place, so no half-written copy is left. It
// refuses to write over the input.
func WriteFile(inPath, outPath string, problems []Problem) error {
	input, err := os.ReadFile(inPath)
	if err != nil {
		return err
	}
	if a, err := os.Stat(inPath); err == nil {
		if b, err := os.Stat(outPath); err == nil && os.SameFile(a, b) {
			return fmt.Errorf("%s: a review copy may not replace its input", outPath)
		}
	}
	var buf bytes.Buffer
	if err := Write(input, &buf, problems); err != nil {
		return fmt.Errorf("%s: %w", inPath, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(outPath), "."+filepath.Base(outPath)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), outPath)
}

// build makes the review copy: the problem sheets, styles, notes and workbook parts patched,
// the Review sheet added, everything else copied.
func build(input []byte, w io.Writer, problems []Problem) error {
	p, err := openPkg(input)
	if err != nil {
		return err
	}
	wb, err := readWorkbook(p)
	if err != nil {
		return err
	}
	rl, ok := wb.rels.byType("styles")
	if !ok || !p.has(rl.part) {
		return fmt.Errorf("the workbook has no styles part, so problem cells cannot be coloured; open and save it in Excel first")
	}
	st, err := readStyles(p, rl.part)
	if err != nil {
		return err
	}

	// group the problems: one mark per cell, sheets in tab order
	rows := make([]listed, len(problems))
	marks := map[int]map[[2]int]*mark{}
	for i, pr := range problems {
		rows[i] = listed{Problem: pr}
		if pr.Row < 0 || pr.Col < 0 || pr.Row > maxRow || pr.Col > maxCol {
			return fmt.Errorf("problem %d on sheet %q: row %d, column %d lies outside a sheet", i+1, pr.Sheet, pr.Row, pr.Col)
		}
		if pr.Row == 0 || pr.Col == 0 {
			continue
		}
		si, ok := wb.find(pr.Sheet)
		if !ok {
			return fmt.Errorf("problem %d names sheet %q, which the workbook does not have", i+1, pr.Sheet)
		}
		if !wb.sheets[si].worksheet || wb.sheets[si].part == "" {
			continue // a chart sheet has no cells: listed only
		}
		rows[i].sheet, rows[i].cell = wb.sheets[si].name, cellRef(pr.Row, pr.Col)
		if marks[si] == nil {
			marks[si] = map[[2]int]*mark{}
		}
		k := [2]int{pr.Row, pr.Col}
		m := marks[si][k]
		if m == nil {
			m = &mark{row: pr.Row, col: pr.Col, warning: true}
			marks[si][k] = m
		}
		level := "error: "
		if pr.Warning {
			level = "warning: "
		} else {
			m.warning = false
		}
		line := level + clip(strings.TrimSpace(pr.Message))
		dup := false
		for _, l := range m.lines {
			dup = dup || l == line
		}
		if !dup {
			m.lines = append(m.lines, line)
		}
	}
	var sheetIdx []int
	for si := range marks {
		sheetIdx = append(sheetIdx, si)
	}
	sort.Ints(sheetIdx)
	for _, si := range sheetIdx {
		var ms []*mark
		for _, m := range marks[si] {
			ms = append(ms, m)
		}
		sort.Slice(ms, func(i, j int) bool {
			if ms[i].row != ms[j].row {
				return ms[i].row < ms[j].row
			}
			return ms[i].col < ms[j].col
		})
		if err := markSheet(p, wb, wb.sheets[si], ms, st); err != nil {
			return fmt.Errorf("sheet %s: %w", wb.sheets[si].name, err)
		}
	}

	rs := st.review()
	st.finish(p)
	part := p.unusedName(wb.dir() + "worksheets/sheet#.xml")
	p.put(part, reviewSheet(p, rows, rs), ctWorksheet)
	wb.insertSheet(p, wb.reviewName(), part)
	return p.write(w)
}

// markSheet fills and annotates the marked cells of one worksheet.
func markSheet(p *pkg, wb *workbook, sh sheetEntry, ms []*mark, st *styles) error {
	src, err := p.read(sh.part)
	if err != nil {
		return err
	}
	want := map[int]bool{}
	for _, m := range ms {
		want[m.row] = true
	}
	sc, err := scanSheet(src, sh.part, want)
	if err != nil {
		return err
	}
	pt := &patch{src: src}
	patchSheet(pt, sc, ms, st)
	if err := addNotes(p, wb.dir(), sh.part, pt, sc, ms); err != nil {
		return err
	}
	p.put(sh.part, pt.bytes(), "")
	return nil
}
