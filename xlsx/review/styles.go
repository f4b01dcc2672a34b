package review

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Fill colours of a problem cell: a light red for an error, a light amber for a warning; both
// keep black text legible.
const (
	errorRGB   = "FFFF9C9C"
	warningRGB = "FFFFD966"
	linkRGB    = "FF0563C1"
)

// styles patches the styles part: two solid fills appended to <fills>, and for each cell format
// a problem cell uses (its xf in <cellXfs>) a clone with the level's fill, so number format,
// font, border and alignment stay as the analyst set them. Counts are set to the number of
// children, which also mends a count that was wrong before.
type styles struct {
	name  string
	patch *patch
	q     func(string) string

	cellXfs     tag
	xfs         [][2]int // each xf element of cellXfs: start and end offset
	fills       tag
	hasFills    bool
	nFills      int
	fillsBefore int // where a missing <fills> goes
	fonts       tag
	hasFonts    bool
	nFonts      int
	font0       [2]int
	styleXfs    bool

	newFills []string
	newFonts []string
	newXfs   []string
	fillID   [2]int // error, warning
	memo     map[[2]int]int
}

// styleSheet children that follow <fills>, in schema order.
var afterFills = map[string]bool{"borders": true, "cellStyleXfs": true, "cellXfs": true, "cellStyles": true,
	"dxfs": true, "tableStyles": true, "colors": true, "extLst": true}

func readStyles(p *pkg, name string) (*styles, error) {
	b, err := p.read(name)
	if err != nil {
		return nil, err
	}
	return parseStyles(b, name)
}

// parseStyles reads what patching needs of a styles part: where its fills, fonts and cell
// formats are.
func parseStyles(b []byte, name string) (*styles, error) {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, errors.New("the styles part is empty, so problem cells cannot be coloured; open and save the workbook in Excel first")
	}
	root, err := rootTag(b, name)
	if err != nil {
		return nil, err
	}
	if root.local() != "styleSheet" {
		return nil, fmt.Errorf("part %s is not a styles part", name)
	}
	st := &styles{name: name, patch: &patch{src: b}, q: qual(root), memo: map[[2]int]int{}, fillsBefore: -1}
	s := &scanner{src: b, pos: root.end}
	depth := 1
	if root.kind == emptyTag {
		depth = 0
	}
	var parent string
	var xfStart int
	for t, ok := s.next(); ok && depth > 0; t, ok = s.next() {
		if t.kind == closeTag {
			depth--
			if depth == 2 && parent == "cellXfs" && t.local() == "xf" {
				st.xfs = append(st.xfs, [2]int{xfStart, t.end})
			}
			if depth == 2 && parent == "fonts" && t.local() == "font" && st.nFonts == 1 {
				st.font0[1] = t.end
			}
			continue
		}
		switch depth {
		case 1:
			parent = t.local()
			switch parent {
			case "cellXfs":
				st.cellXfs = t
			case "fills":
				st.fills, st.hasFills = t, true
			case "fonts":
				st.fonts, st.hasFonts = t, true
			case "cellStyleXfs":
				st.styleXfs = true
			}
			if afterFills[parent] && st.fillsBefore < 0 {
				st.fillsBefore = t.start
			}
		case 2:
			switch {
			case parent == "cellXfs" && t.local() == "xf":
				xfStart = t.start
				if t.kind == emptyTag {
					st.xfs = append(st.xfs, [2]int{t.start, t.end})
				}
			case parent == "fills" && t.local() == "fill":
				st.nFills++
			case parent == "fonts" && t.local() == "font":
				st.nFonts++
				if st.nFonts == 1 {
					st.font0 = [2]int{t.start, t.end}
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
	if st.cellXfs.name == "" || len(st.xfs) == 0 {
		return nil, errors.New("the styles part has no cell formats, so problem cells cannot be coloured; open and save the workbook in Excel first")
	}
	if st.fillsBefore < 0 {
		st.fillsBefore, _ = closingPoint(b, root)
	}
	for st.nFills+len(st.newFills) < 2 { // ids 0 and 1 are reserved for none and gray125
		st.newFills = append(st.newFills, st.fill([]string{"none", "gray125"}[st.nFills+len(st.newFills)], ""))
	}
	st.fillID[0] = st.addFill(errorRGB)
	st.fillID[1] = st.addFill(warningRGB)
	return st, nil
}

func (st *styles) fill(pattern, rgb string) string {
	q := st.q
	if rgb == "" {
		return "<" + q("fill") + "><" + q("patternFill") + ` patternType="` + pattern + `"/></` + q("fill") + ">"
	}
	return "<" + q("fill") + "><" + q("patternFill") + ` patternType="solid"><` + q("fgColor") + ` rgb="` + rgb +
		`"/><` + q("bgColor") + ` indexed="64"/></` + q("patternFill") + "></" + q("fill") + ">"
}

func (st *styles) addFill(rgb string) int {
	st.newFills = append(st.newFills, st.fill("solid", rgb))
	return st.nFills + len(st.newFills) - 1
}

// mark returns the cell format for a problem cell whose current format is base.
func (st *styles) mark(base int, warning bool) int {
	if base < 0 || base >= len(st.xfs) {
		base = 0
	}
	level := 0
	if warning {
		level = 1
	}
	if id, ok := st.memo[[2]int{base, level}]; ok {
		return id
	}
	id := st.addXf(base, map[string]string{"fillId": strconv.Itoa(st.fillID[level]), "applyFill": "1"})
	st.memo[[2]int{base, level}] = id
	return id
}

// addXf appends a clone of cell format base with the attributes set, and returns its index.
func (st *styles) addXf(base int, set map[string]string) int {
	span := st.xfs[base]
	raw := &patch{src: st.patch.src[span[0]:span[1]]}
	s := &scanner{src: raw.src}
	t, _ := s.next()
	for _, k := range []string{"numFmtId", "fontId", "fillId", "applyFont", "applyFill"} {
		if v, ok := set[k]; ok {
			raw.setAttr(t, k, v)
		}
	}
	st.newXfs = append(st.newXfs, string(raw.bytes()))
	return len(st.xfs) + len(st.newXfs) - 1
}

// font0Val reads a property (sz, name) of the workbook's default font.
func (st *styles) font0Val(prop, def string) string {
	if st.font0[1] <= st.font0[0] {
		return def
	}
	src := st.patch.src[:st.font0[1]]
	s := &scanner{src: src, pos: st.font0[0]}
	for t, ok := s.next(); ok; t, ok = s.next() {
		if t.kind != closeTag && t.local() == prop {
			if v := attrVal(src, t, "val"); v != "" {
				return v
			}
		}
	}
	return def
}

// addFont appends a font of the default font's size and name with the given leading and
// colour children, returning its id, or 0 when the part has no <fonts> to extend.
func (st *styles) addFont(lead, rgb string) int {
	if !st.hasFonts {
		return 0
	}
	q := st.q
	f := "<" + q("font") + ">" + "<" + q(lead) + "/>" + "<" + q("sz") + ` val="` + esc(st.font0Val("sz", "11")) + `"/>`
	if rgb != "" {
		f += "<" + q("color") + ` rgb="` + rgb + `"/>`
	}
	f += "<" + q("name") + ` val="` + esc(st.font0Val("name", "Calibri")) + `"/></` + q("font") + ">"
	st.newFonts = append(st.newFonts, f)
	return st.nFonts + len(st.newFonts) - 1
}

// reviewStyles are the cell formats of the Review sheet.
type reviewStyles struct {
	title, header, link, level [2]int // level: error, warning
}

func (st *styles) review() reviewStyles {
	bold := strconv.Itoa(st.addFont("b", ""))
	link := strconv.Itoa(st.addFont("u", linkRGB))
	var r reviewStyles
	r.title[0] = st.addXf(0, map[string]string{"numFmtId": "0", "fontId": bold, "applyFont": "1"})
	r.header[0] = r.title[0]
	r.link[0] = st.addXf(0, map[string]string{"numFmtId": "0", "fontId": link, "applyFont": "1"})
	for i := range r.level {
		r.level[i] = st.addXf(0, map[string]string{"numFmtId": "0", "fillId": strconv.Itoa(st.fillID[i]), "applyFill": "1"})
	}
	return r
}

// finish writes the new fills, fonts and cell formats into the part.
func (st *styles) finish(p *pkg) {
	pt := st.patch
	if st.hasFills {
		appendChildren(pt, st.fills, st.newFills)
		pt.setAttr(st.fills, "count", strconv.Itoa(st.nFills+len(st.newFills)))
	} else {
		pt.insert(st.fillsBefore, "<"+st.q("fills")+` count="`+strconv.Itoa(len(st.newFills))+`">`+
			strings.Join(st.newFills, "")+"</"+st.q("fills")+">")
	}
	if st.hasFonts && len(st.newFonts) > 0 {
		appendChildren(pt, st.fonts, st.newFonts)
		pt.setAttr(st.fonts, "count", strconv.Itoa(st.nFonts+len(st.newFonts)))
	}
	appendChildren(pt, st.cellXfs, st.newXfs)
	pt.setAttr(st.cellXfs, "count", strconv.Itoa(len(st.xfs)+len(st.newXfs)))
	p.put(st.name, pt.bytes(), "")
}
