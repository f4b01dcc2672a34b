package review

import (
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
)

// A sheetEntry is one <sheet> of the workbook, resolved to its part.
type sheetEntry struct {
	name, part string
	worksheet  bool // a chartsheet or dialogsheet has no cells to mark
}

// workbook is the workbook part, its relationships and its sheets, in tab order.
type workbook struct {
	part   string
	patch  *patch
	root   tag
	sheets []sheetEntry
	rels   *relsPart

	sheetsTag  tag
	maxSheetID int
	localIDs   []attr // localSheetId attributes of defined names
	views      []tag  // workbookView elements
}

func readWorkbook(p *pkg) (*workbook, error) {
	wb := &workbook{part: "xl/workbook.xml"}
	pr, err := p.rels("")
	if err != nil {
		return nil, err
	}
	if rl, ok := pr.byType("officeDocument"); ok {
		wb.part = rl.part
	}
	src, err := p.read(wb.part)
	if err != nil {
		return nil, err
	}
	wb.patch = &patch{src: src}
	if wb.root, err = rootTag(src, wb.part); err != nil {
		return nil, err
	}
	if wb.root.local() != "workbook" || wb.root.kind == emptyTag {
		return nil, fmt.Errorf("part %s is not a workbook", wb.part)
	}
	switch nsDecls(src, wb.root)[wb.root.prefix()] {
	case strictMainNS:
		p.mainNS, p.relBase = strictMainNS, strictRelNS
	default:
		p.mainNS, p.relBase = mainNS, relNS
	}
	if wb.rels, err = p.rels(wb.part); err != nil {
		return nil, err
	}
	s := &scanner{src: src, pos: wb.root.end}
	depth := 1
	var child string
	for t, ok := s.next(); ok && depth > 0; t, ok = s.next() {
		if t.kind == closeTag {
			depth--
			continue
		}
		switch {
		case depth == 1:
			child = t.local()
			if child == "sheets" {
				wb.sheetsTag = t
			}
		case depth == 2 && child == "sheets" && t.local() == "sheet":
			e := sheetEntry{name: attrVal(src, t, "name")}
			if n, err := strconv.Atoi(attrVal(src, t, "sheetId")); err == nil && n > wb.maxSheetID {
				wb.maxSheetID = n
			}
			if id, ok := relID(src, t); ok {
				if rl, ok := wb.rels.byID(id); ok && !rl.external {
					e.part = rl.part
					e.worksheet = strings.HasSuffix(rl.typ, "/worksheet")
				}
			}
			wb.sheets = append(wb.sheets, e)
		case depth == 2 && child == "definedNames" && t.local() == "definedName":
			if a, ok := attrOf(src, t, "localSheetId"); ok {
				wb.localIDs = append(wb.localIDs, a)
			}
		case depth == 2 && child == "bookViews" && t.local() == "workbookView":
			wb.views = append(wb.views, t)
		}
		if t.kind == openTag {
			depth++
		}
	}
	if s.err != nil {
		return nil, fmt.Errorf("part %s: %v", wb.part, s.err)
	}
	if wb.sheetsTag.name == "" || len(wb.sheets) == 0 {
		return nil, errors.New("the workbook lists no sheets")
	}
	return wb, nil
}

// dir is the workbook part's folder, where new parts go ("xl/").
func (wb *workbook) dir() string {
	d := path.Dir(wb.part)
	if d == "." {
		return ""
	}
	return d + "/"
}

// reviewName is "Review", or "Review (2)" ... when the workbook has a sheet of that name.
func (wb *workbook) reviewName() string {
	taken := func(n string) bool {
		for _, s := range wb.sheets {
			if strings.EqualFold(s.name, n) {
				return true
			}
		}
		return false
	}
	name := "Review"
	for i := 2; taken(name); i++ {
		name = "Review (" + strconv.Itoa(i) + ")"
	}
	return name
}

// find returns the index of the sheet named name: as written, else the one sheet whose name
// matches ignoring case.
func (wb *workbook) find(name string) (int, bool) {
	for i, s := range wb.sheets {
		if s.name == name {
			return i, true
		}
	}
	for i, s := range wb.sheets {
		if strings.EqualFold(s.name, name) {
			return i, true
		}
	}
	return 0, false
}

// insertSheet makes the sheet part (already put) the workbook's first sheet: a relationship, a <sheet> first in
// <sheets>, and every sheet index (defined names' localSheetId, the views' activeTab and
// firstSheet) shifted by one to keep naming the sheet it named.
func (wb *workbook) insertSheet(p *pkg, name, part string) {
	rid := wb.rels.add(p, "worksheet", part)
	q := qual(wb.root)
	wb.patch.insert(wb.sheetsTag.end, "<"+q("sheet")+` name="`+esc(name)+`" sheetId="`+strconv.Itoa(wb.maxSheetID+1)+`" `+
		relAttr(wb.patch.src, wb.root, p.relNS())+`="`+rid+`"/>`)
	src := wb.patch.src
	shift := func(a attr) {
		if n, err := strconv.Atoi(string(src[a.valStart:a.valEnd])); err == nil {
			wb.patch.replace(a.valStart, a.valEnd, strconv.Itoa(n+1))
		}
	}
	for _, a := range wb.localIDs {
		shift(a)
	}
	if len(wb.views) == 0 {
		// no views: the default view would open on the Review sheet with the analyst's
		// selected sheet selected too, as a group; bookViews directly precedes sheets
		wb.patch.insert(wb.sheetsTag.start, "<"+q("bookViews")+"><"+q("workbookView")+` activeTab="1"/></`+q("bookViews")+">")
	}
	for _, v := range wb.views {
		if a, ok := attrOf(src, v, "activeTab"); ok {
			shift(a)
		} else {
			// activeTab defaults to 0, the tab now taken by the Review sheet: keep the analyst's
			// sheet active, so no two tabs open selected together
			wb.patch.setAttr(v, "activeTab", "1")
		}
		if a, ok := attrOf(src, v, "firstSheet"); ok {
			shift(a)
		}
	}
	p.put(wb.part, wb.patch.bytes(), "")
	wb.rels.save(p)
}
