package review

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// VML namespaces of legacy notes.
var vmlNS = [][2]string{
	{"v", "urn:schemas-microsoft-com:vml"},
	{"o", "urn:schemas-microsoft-com:office:office"},
	{"x", "urn:schemas-microsoft-com:office:excel"},
}

// noteType is the standard shape type of a note (a text box); a VML part holding only form
// controls lacks it.
const noteType = `<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">` +
	`<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`

// author is the name the notes are written under.
const author = "minergap"

var (
	shapeIDRe = regexp.MustCompile(`_x0000_s(\d+)`)
	idmapRe   = regexp.MustCompile(`<o:idmap[^>]*\sdata="([0-9, ]*)"`)
)

// addNotes writes the marks' messages as notes: appended to a cell's existing note, else as
// new notes in the sheet's comments part and VML drawing, which are created (with their
// relationships and the sheet's <legacyDrawing>) when the sheet has none.
func addNotes(p *pkg, wbDir, sheetPart string, sheet *patch, sc *sheetScan, marks []*mark) error {
	rels, err := p.rels(sheetPart)
	if err != nil {
		return err
	}
	// comments part
	var commentsPart string
	var csrc []byte
	if rl, ok := rels.byType("comments"); ok {
		commentsPart = rl.part
		if csrc, err = p.read(commentsPart); err != nil {
			return err
		}
	} else {
		commentsPart = p.unusedName(wbDir + "comments#.xml")
		csrc = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<comments xmlns="` + p.mainNS + `"><authors></authors><commentList></commentList></comments>`)
		rels.add(p, "comments", commentsPart)
	}
	cpatch := &patch{src: csrc}
	if err := patchComments(cpatch, commentsPart, marks); err != nil {
		return err
	}
	p.put(commentsPart, cpatch.bytes(), ctComments)

	// VML drawing
	var vmlPart string
	var vsrc []byte
	if sc.legacyDrawing != "" {
		rl, ok := rels.byID(sc.legacyDrawing)
		if !ok || rl.external {
			return fmt.Errorf("part %s: its legacyDrawing names relationship %s, which %s does not have", sheetPart, sc.legacyDrawing, rels.name)
		}
		vmlPart = rl.part
		if vsrc, err = p.read(vmlPart); err != nil {
			return err
		}
	} else {
		vmlPart = p.unusedName(wbDir + "drawings/vmlDrawing#.vml")
		block, err := p.freeIDMap()
		if err != nil {
			return err
		}
		vsrc = []byte(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
			`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="` + strconv.Itoa(block) + `"/></o:shapelayout>` +
			noteType + "</xml>")
		rid := rels.add(p, "vmlDrawing", vmlPart)
		p.ensureDefault("vml", ctVML)
		sheet.insert(sc.legacyAt, "<"+qual(sc.root)("legacyDrawing")+" "+relAttr(sheet.src, sc.root, p.relNS())+`="`+rid+`"/>`)
	}
	vpatch := &patch{src: vsrc}
	if err := patchVML(vpatch, vmlPart, marks, existingNotes(csrc)); err != nil {
		return err
	}
	p.put(vmlPart, vpatch.bytes(), "")
	rels.save(p)
	return nil
}

// relNS is the relationships namespace of the workbook's flavour (relationship types are
// this namespace + "/" + kind).
func (p *pkg) relNS() string { return p.relBase }

// relAttr names a relationship id attribute for a new element in a part whose root is root:
// with the prefix the root binds to the relationships namespace; else declared on the element
// itself, with the prefix the part binds it to elsewhere (some readers, Gnumeric among them,
// accept one prefix per namespace in a part), or "r".
func relAttr(src []byte, root tag, ns string) string {
	for pfx, uri := range nsDecls(src, root) {
		if uri == ns && pfx != "" {
			return pfx + ":id"
		}
	}
	pfx := "r"
	if i := bytes.Index(src, []byte(`="`+ns+`"`)); i >= 0 {
		if j := bytes.LastIndex(src[:i], []byte("xmlns:")); j >= 0 && i-j < 64 {
			if p := string(src[j+len("xmlns:") : i]); p != "" && !strings.ContainsAny(p, " \t\r\n<>\"'=") {
				pfx = p
			}
		}
	}
	return `xmlns:` + pfx + `="` + ns + `" ` + pfx + `:id`
}

// existingNotes lists the cells that had a note before: their VML shape exists already.
func existingNotes(comments []byte) map[string]bool {
	m := map[string]bool{}
	s := &scanner{src: comments}
	for t, ok := s.next(); ok; t, ok = s.next() {
		if t.kind != closeTag && t.local() == "comment" {
			m[strings.ToUpper(attrVal(comments, t, "ref"))] = true
		}
	}
	return m
}

// noteText is a mark's note: one line per problem.
func noteText(m *mark) string { return strings.Join(m.lines, "\n") }

// patchComments appends each mark's text to the cell's note, or adds a note for it.
func patchComments(pt *patch, name string, marks []*mark) error {
	src := pt.src
	root, err := rootTag(src, name)
	if err != nil {
		return err
	}
	if root.local() != "comments" || root.kind == emptyTag {
		return fmt.Errorf("part %s is not a comments part", name)
	}
	q := qual(root)
	var authors, list tag
	nAuthors := 0
	type noteInfo struct{ textEnd int } // where a run is appended to the note's <text>
	notes := map[string]noteInfo{}
	s := &scanner{src: src, pos: root.end}
	depth := 1
	var ref string
	textDepth := -1
	for t, ok := s.next(); ok && depth > 0; t, ok = s.next() {
		if t.kind == closeTag {
			depth--
			if depth == textDepth && t.local() == "text" {
				if _, seen := notes[ref]; !seen {
					notes[ref] = noteInfo{textEnd: t.start}
				}
				textDepth = -1
			}
			continue
		}
		switch {
		case depth == 1 && t.local() == "authors":
			authors = t
		case depth == 1 && t.local() == "commentList":
			list = t
		case depth == 2 && t.local() == "author":
			nAuthors++
		case depth == 2 && t.local() == "comment":
			ref = strings.ToUpper(attrVal(src, t, "ref"))
		case depth == 3 && t.local() == "text":
			textDepth = depth
			if t.kind == emptyTag {
				textDepth = -1
			}
		case textDepth >= 0 && depth == textDepth+1 && (t.local() == "rPh" || t.local() == "phoneticPr"):
			// runs precede phonetic runs: append before the first of them
			if _, seen := notes[ref]; !seen {
				notes[ref] = noteInfo{textEnd: t.start}
			}
		}
		if t.kind == openTag {
			depth++
		}
	}
	if s.err != nil {
		return fmt.Errorf("part %s: %v", name, s.err)
	}
	if list.name == "" {
		return fmt.Errorf("part %s has no commentList", name)
	}
	run := func(text string) string {
		return "<" + q("r") + "><" + q("rPr") + "><" + q("sz") + ` val="9"/><` + q("color") + ` indexed="81"/><` +
			q("rFont") + ` val="Tahoma"/><` + q("family") + ` val="2"/></` + q("rPr") + "><" + q("t") +
			` xml:space="preserve">` + esc(text) + "</" + q("t") + "></" + q("r") + ">"
	}
	authorID := nAuthors
	var added []string
	for _, m := range marks {
		ref := cellRef(m.row, m.col)
		if n, ok := notes[ref]; ok {
			pt.insert(n.textEnd, run("\n"+noteText(m)))
			continue
		}
		added = append(added, "<"+q("comment")+` ref="`+ref+`" authorId="`+strconv.Itoa(authorID)+`"><`+q("text")+">"+
			run(noteText(m))+"</"+q("text")+"></"+q("comment")+">")
	}
	if len(added) > 0 {
		el := "<" + q("author") + ">" + author + "</" + q("author") + ">"
		if authors.name == "" {
			pt.insert(list.start, "<"+q("authors")+">"+el+"</"+q("authors")+">")
		} else {
			appendChildren(pt, authors, []string{el})
		}
		appendChildren(pt, list, added)
	}
	return nil
}

// freeIDMap returns a VML shape-id block (o:idmap data) no VML part of the workbook uses yet.
func (p *pkg) freeIDMap() (int, error) {
	used := map[int]bool{}
	for _, f := range p.files {
		if !strings.HasSuffix(strings.ToLower(f.Name), ".vml") {
			continue
		}
		b, err := p.read(f.Name)
		if err != nil {
			return 0, err
		}
		for _, m := range idmapRe.FindAllSubmatch(b, -1) {
			for _, f := range strings.Split(string(m[1]), ",") {
				if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
					used[n] = true
				}
			}
		}
	}
	for _, b := range p.vmlBlocks {
		used[b] = true
	}
	n := 1
	for used[n] {
		n++
	}
	p.vmlBlocks = append(p.vmlBlocks, n)
	return n, nil
}

// patchVML adds a hidden note shape for each mark that had no note, with the note shape type
// when the part lacks it (a part holding only form controls) and the VML namespaces its root
// may not declare.
func patchVML(pt *patch, name string, marks []*mark, hadNote map[string]bool) error {
	src := pt.src
	root, err := rootTag(src, name)
	if err != nil {
		return err
	}
	if root.kind == emptyTag {
		return fmt.Errorf("part %s is an empty VML drawing", name)
	}
	decls := nsDecls(src, root)
	for _, ns := range vmlNS {
		if _, ok := decls[ns[0]]; !ok {
			pt.insert(root.start+1+len(root.name), ` xmlns:`+ns[0]+`="`+ns[1]+`"`)
		}
	}
	next := 0
	for _, m := range shapeIDRe.FindAllSubmatch(src, -1) {
		if n, err := strconv.Atoi(string(m[1])); err == nil && n > next {
			next = n
		}
	}
	if next == 0 {
		block := 1
		if m := idmapRe.FindSubmatch(src); m != nil {
			first, _, _ := strings.Cut(string(m[1]), ",")
			if n, err := strconv.Atoi(strings.TrimSpace(first)); err == nil {
				block = n
			}
		}
		next = block * 1024
	}
	growNotes(pt, marks, hadNote)
	var shapes []string
	if !strings.Contains(string(src), `"_x0000_t202"`) {
		shapes = append(shapes, noteType)
	}
	for _, m := range marks {
		if hadNote[cellRef(m.row, m.col)] {
			continue
		}
		next++
		shapes = append(shapes, noteShape(next, m))
	}
	appendChildren(pt, root, shapes)
	return nil
}

// noteLines estimates the lines a mark's messages take in a note box.
func noteLines(m *mark) int {
	n := 0
	for _, l := range m.lines {
		n += 1 + len(l)/48
	}
	return n
}

// growNotes makes the box of each note that gains messages taller by their lines, so the
// messages show when the note opens: the bottom row of the shape's anchor moves down.
func growNotes(pt *patch, marks []*mark, hadNote map[string]bool) {
	grow := map[[2]int]int{}
	for _, m := range marks {
		if hadNote[cellRef(m.row, m.col)] {
			grow[[2]int{m.row - 1, m.col - 1}] = noteLines(m)
		}
	}
	if len(grow) == 0 {
		return
	}
	src := pt.src
	s := &scanner{src: src}
	var note bool
	var anchor [2]int
	row, col := -1, -1
	var field string
	textAt := 0
	for t, ok := s.next(); ok; t, ok = s.next() {
		switch {
		case t.kind != closeTag && t.local() == "shape":
			note, anchor, row, col = false, [2]int{}, -1, -1
		case t.kind != closeTag && t.local() == "ClientData":
			note = attrVal(src, t, "ObjectType") == "Note"
		case t.kind == openTag && (t.local() == "Anchor" || t.local() == "Row" || t.local() == "Column"):
			field, textAt = t.local(), t.end
		case t.kind == closeTag && t.local() == field:
			text := strings.TrimSpace(string(src[textAt:t.start]))
			switch field {
			case "Anchor":
				anchor = [2]int{textAt, t.start}
			case "Row":
				row, _ = strconv.Atoi(text)
			case "Column":
				col, _ = strconv.Atoi(text)
			}
			field = ""
		case t.kind == closeTag && t.local() == "shape":
			n, ok := grow[[2]int{row, col}]
			if !note || !ok || anchor[1] == 0 {
				continue
			}
			parts := strings.Split(string(src[anchor[0]:anchor[1]]), ",")
			if len(parts) != 8 {
				continue
			}
			bottom, err := strconv.Atoi(strings.TrimSpace(parts[6]))
			if err != nil {
				continue
			}
			parts[6] = " " + strconv.Itoa(min(bottom+n, maxRow-1))
			pt.replace(anchor[0], anchor[1], strings.Join(parts, ","))
		}
	}
}

// noteShape is the VML shape of a hidden note on the mark's cell, sized to its text.
func noteShape(id int, m *mark) string {
	rows := min(max(noteLines(m)+1, 3), 30)
	r0, c0 := m.row-1, m.col-1
	left := min(c0+1, maxCol-5)
	top := max(r0-1, 0)
	top = min(top, maxRow-1-rows)
	anchor := fmt.Sprintf("%d, 15, %d, 10, %d, 15, %d, 4", left, top, left+4, top+rows)
	return `<v:shape id="_x0000_s` + strconv.Itoa(id) + `" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;` +
		`width:216pt;height:` + strconv.Itoa(rows*15) + `pt;z-index:` + strconv.Itoa(id%1024+1) + `;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
		`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>` +
		`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>` +
		`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>` + anchor + `</x:Anchor>` +
		`<x:AutoFill>False</x:AutoFill><x:Row>` + strconv.Itoa(r0) + `</x:Row><x:Column>` + strconv.Itoa(c0) + `</x:Column></x:ClientData></v:shape>`
}
