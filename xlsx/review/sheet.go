package review

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Excel's sheet limits.
const (
	maxRow = 1048576
	maxCol = 16384
)

// A mark is everything said about one problem cell: one note line per problem, the error fill
// when any of them is an error.
type mark struct {
	row, col int
	warning  bool // every problem on the cell is a warning
	lines    []string
}

// worksheet children that follow <legacyDrawing>, in schema order.
var afterLegacyDrawing = map[string]bool{"legacyDrawingHF": true, "drawingHF": true, "picture": true,
	"oleObjects": true, "controls": true, "webPublishItems": true, "tableParts": true, "extLst": true}

// rowInfo is one <row> of a sheet that holds a problem cell.
type rowInfo struct {
	tag   tag
	end   int // offset of </row>; for <row/> the tag's end
	cells []cellInfo
	style int // the row's format when it is customFormat, else -1
}

type cellInfo struct {
	col int
	tag tag
}

// sheetScan is what patching a worksheet needs to know of its XML.
type sheetScan struct {
	root          tag
	dimension     tag
	hasDimension  bool
	sheetData     tag
	sheetDataEnd  int
	rowStarts     [][2]int // r and start offset of every row, in order
	rows          map[int]*rowInfo
	colStyle      [][3]int // min, max, style of <col> elements
	legacyDrawing string   // r:id, "" when none
	legacyAt      int      // where a new <legacyDrawing> goes
}

func scanSheet(src []byte, name string, want map[int]bool) (*sheetScan, error) {
	root, err := rootTag(src, name)
	if err != nil {
		return nil, err
	}
	if root.local() != "worksheet" || root.kind == emptyTag {
		return nil, fmt.Errorf("part %s is not a worksheet", name)
	}
	sc := &sheetScan{root: root, rows: map[int]*rowInfo{}, legacyAt: -1, sheetDataEnd: -1}
	s := &scanner{src: src, pos: root.end}
	depth := 1
	var child, inner string // the root's child we are in; for mc:AlternateContent, what it holds
	altStart := 0
	lastRow, lastCol := 0, 0
	var cur *rowInfo
	for t, ok := s.next(); ok && depth > 0; t, ok = s.next() {
		if t.kind == closeTag {
			depth--
			switch {
			case depth == 0:
				if sc.legacyAt < 0 {
					sc.legacyAt = t.start
				}
			case depth == 1 && child == "sheetData":
				sc.sheetDataEnd = t.start
			case depth == 2 && child == "sheetData" && cur != nil:
				cur.end = t.start
				cur = nil
			}
			continue
		}
		switch depth {
		case 1:
			child, inner = t.local(), ""
			switch child {
			case "dimension":
				sc.dimension, sc.hasDimension = t, true
			case "sheetData":
				sc.sheetData = t
				if t.kind == emptyTag {
					sc.sheetDataEnd = t.start
				}
			case "legacyDrawing":
				sc.legacyDrawing, _ = relID(src, t)
			case "AlternateContent":
				altStart = t.start
			}
			if afterLegacyDrawing[child] && sc.legacyAt < 0 {
				sc.legacyAt = t.start
			}
		case 2:
			switch child {
			case "sheetData":
				if t.local() != "row" {
					break
				}
				r := lastRow + 1
				if v := attrVal(src, t, "r"); v != "" {
					if n, err := strconv.Atoi(v); err == nil {
						r = n
					}
				}
				lastRow, lastCol = r, 0
				sc.rowStarts = append(sc.rowStarts, [2]int{r, t.start})
				cur = nil
				if want[r] && sc.rows[r] == nil {
					cur = &rowInfo{tag: t, style: -1}
					if cf := attrVal(src, t, "customFormat"); cf == "1" || cf == "true" {
						if n, err := strconv.Atoi(attrVal(src, t, "s")); err == nil {
							cur.style = n
						}
					}
					sc.rows[r] = cur
					if t.kind == emptyTag {
						cur.end = t.end
						cur = nil
					}
				}
			case "cols":
				if t.local() == "col" {
					lo, e1 := strconv.Atoi(attrVal(src, t, "min"))
					hi, e2 := strconv.Atoi(attrVal(src, t, "max"))
					st, e3 := strconv.Atoi(attrVal(src, t, "style"))
					if e1 == nil && e2 == nil && e3 == nil {
						sc.colStyle = append(sc.colStyle, [3]int{lo, hi, st})
					}
				}
			}
		case 3:
			if child == "sheetData" && cur != nil && t.local() == "c" {
				col := lastCol + 1
				if v := attrVal(src, t, "r"); v != "" {
					if _, c, ok := parseRef(v); ok {
						col = c
					}
				}
				lastCol = col
				cur.cells = append(cur.cells, cellInfo{col: col, tag: t})
			}
			if child == "AlternateContent" && inner == "" {
				// mc:AlternateContent > mc:Choice > the element it wraps (controls, oleObjects):
				// a new <legacyDrawing> precedes the whole wrapper when the element follows it
				inner = t.local()
				if afterLegacyDrawing[inner] && sc.legacyAt < 0 {
					sc.legacyAt = altStart
				}
			}
		}
		if t.kind == openTag {
			depth++
		}
	}
	if s.err != nil {
		return nil, fmt.Errorf("part %s: %v", name, s.err)
	}
	if sc.sheetData.name == "" || sc.sheetDataEnd < 0 {
		return nil, fmt.Errorf("part %s has no sheetData", name)
	}
	return sc, nil
}

// parseRef reads an A1 reference ("$" signs allowed).
func parseRef(ref string) (row, col int, ok bool) {
	ref = strings.ReplaceAll(ref, "$", "")
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' || i < len(ref) && ref[i] >= 'a' && ref[i] <= 'z' {
		col = col*26 + int(ref[i]|0x20-'a'+1)
		i++
		if col > maxCol {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	n, err := strconv.Atoi(ref[i:])
	if err != nil || n < 1 || n > maxRow {
		return 0, 0, false
	}
	return n, col, true
}

// colName is a column's letters: 1 → A, 28 → AB.
func colName(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

func cellRef(row, col int) string { return colName(col) + strconv.Itoa(row) }

// patchSheet gives each marked cell its problem format: an existing cell gets a new s
// attribute; a missing one is inserted in column order in its row, or in a new row in row
// order. The dimension grows only when a cell lies outside it.
func patchSheet(pt *patch, sc *sheetScan, marks []*mark, st *styles) {
	src := pt.src
	q := qual(sc.root)
	byRow := map[int][]*mark{}
	var rows []int
	for _, m := range marks {
		if byRow[m.row] == nil {
			rows = append(rows, m.row)
		}
		byRow[m.row] = append(byRow[m.row], m)
	}
	sort.Ints(rows)
	colStyle := func(col int) int {
		for _, c := range sc.colStyle {
			if col >= c[0] && col <= c[1] {
				return c[2]
			}
		}
		return 0
	}
	newCell := func(m *mark, base int) string {
		return "<" + q("c") + ` r="` + cellRef(m.row, m.col) + `" s="` + strconv.Itoa(st.mark(base, m.warning)) + `"/>`
	}
	sheetDataOpen := sc.sheetData.kind == emptyTag
	var newRows []struct {
		at   int
		text string
	}
	for _, r := range rows {
		ms := byRow[r]
		sort.Slice(ms, func(i, j int) bool { return ms[i].col < ms[j].col })
		ri := sc.rows[r]
		if ri == nil {
			var b strings.Builder
			b.WriteString("<" + q("row") + ` r="` + strconv.Itoa(r) + `">`)
			for _, m := range ms {
				b.WriteString(newCell(m, colStyle(m.col)))
			}
			b.WriteString("</" + q("row") + ">")
			at := sc.sheetDataEnd
			i := sort.Search(len(sc.rowStarts), func(i int) bool { return sc.rowStarts[i][0] > r })
			if i < len(sc.rowStarts) {
				at = sc.rowStarts[i][1]
			}
			newRows = append(newRows, struct {
				at   int
				text string
			}{at, b.String()})
			continue
		}
		var tail []string // cells after the row's last cell
		lo, hi := 0, 0
		for _, m := range ms {
			found := false
			for _, c := range ri.cells {
				if c.col == m.col {
					base := 0
					if v := attrVal(src, c.tag, "s"); v != "" {
						base, _ = strconv.Atoi(v)
					}
					pt.setAttr(c.tag, "s", strconv.Itoa(st.mark(base, m.warning)))
					found = true
					break
				}
			}
			if found {
				continue
			}
			base := ri.style
			if base < 0 {
				base = colStyle(m.col)
			}
			if lo == 0 || m.col < lo {
				lo = m.col
			}
			if m.col > hi {
				hi = m.col
			}
			i := sort.Search(len(ri.cells), func(i int) bool { return ri.cells[i].col > m.col })
			if i < len(ri.cells) {
				pt.insert(ri.cells[i].tag.start, newCell(m, base))
			} else {
				tail = append(tail, newCell(m, base))
			}
		}
		if len(tail) > 0 {
			if ri.tag.kind == emptyTag {
				pt.replace(ri.tag.end-2, ri.tag.end, ">"+strings.Join(tail, "")+"</"+ri.tag.name+">")
			} else {
				pt.insert(ri.end, strings.Join(tail, ""))
			}
		}
		if lo > 0 {
			widenSpans(pt, ri.tag, lo, hi)
		}
	}
	if len(newRows) > 0 {
		if sheetDataOpen {
			var b strings.Builder
			for _, nr := range newRows {
				b.WriteString(nr.text)
			}
			t := sc.sheetData
			pt.replace(t.end-2, t.end, ">"+b.String()+"</"+t.name+">")
		} else {
			for _, nr := range newRows {
				pt.insert(nr.at, nr.text)
			}
		}
	}
	if sc.hasDimension {
		widenDimension(pt, sc.dimension, marks)
	}
}

// widenSpans keeps a row's spans="lo:hi" hint covering the cells inserted into it.
func widenSpans(pt *patch, t tag, lo, hi int) {
	a, ok := attrOf(pt.src, t, "spans")
	if !ok {
		return
	}
	v := string(pt.src[a.valStart:a.valEnd])
	x, y, ok := strings.Cut(v, ":")
	if !ok {
		return
	}
	a1, e1 := strconv.Atoi(x)
	b1, e2 := strconv.Atoi(y)
	if e1 != nil || e2 != nil {
		return
	}
	if lo >= a1 && hi <= b1 {
		return
	}
	pt.replace(a.valStart, a.valEnd, strconv.Itoa(min(a1, lo))+":"+strconv.Itoa(max(b1, hi)))
}

// widenDimension grows <dimension ref> to cover every marked cell, when one lies outside it.
func widenDimension(pt *patch, t tag, marks []*mark) {
	a, ok := attrOf(pt.src, t, "ref")
	if !ok {
		return
	}
	ref := string(pt.src[a.valStart:a.valEnd])
	first, last, _ := strings.Cut(ref, ":")
	if last == "" {
		last = first
	}
	r1, c1, ok1 := parseRef(first)
	r2, c2, ok2 := parseRef(last)
	if !ok1 || !ok2 {
		return
	}
	nr1, nc1, nr2, nc2 := r1, c1, r2, c2
	for _, m := range marks {
		nr1, nc1 = min(nr1, m.row), min(nc1, m.col)
		nr2, nc2 = max(nr2, m.row), max(nc2, m.col)
	}
	if nr1 == r1 && nc1 == c1 && nr2 == r2 && nc2 == c2 {
		return
	}
	pt.replace(a.valStart, a.valEnd, cellRef(nr1, nc1)+":"+cellRef(nr2, nc2))
}
