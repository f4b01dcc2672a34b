package review

import (
	"strconv"
	"strings"
)

// A listed problem is one row of the Review sheet; cell is "" for a problem without a cell,
// and sheet is the name the workbook gives the sheet its link points into.
type listed struct {
	Problem
	sheet, cell string
}

// reviewSheet writes the Review sheet: a summary line, a header row, then one row per problem
// (sheet, cell, level, message), each cell reference a link to the cell it names. Strings are
// inline, so the shared-strings part stays as it was.
func reviewSheet(p *pkg, rows []listed, st reviewStyles) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<worksheet xmlns="` + p.mainNS + `" xmlns:r="` + p.relNS() + `">`)
	last := len(rows) + 2
	b.WriteString(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`)
	b.WriteString(`<dimension ref="A1:D` + strconv.Itoa(last) + `"/>`)
	b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="B3" sqref="B3"/></sheetView></sheetViews>`)
	b.WriteString(`<sheetFormatPr defaultRowHeight="15"/>`)
	wide := 12
	for _, r := range rows {
		wide = max(wide, min(len([]rune(r.Sheet))+2, 40))
	}
	msg := 40
	for _, r := range rows {
		msg = max(msg, min(len([]rune(r.Message))+2, 100))
	}
	b.WriteString(`<cols><col min="1" max="1" width="` + strconv.Itoa(wide) + `" customWidth="1"/>` +
		`<col min="2" max="2" width="10" customWidth="1"/><col min="3" max="3" width="10" customWidth="1"/>` +
		`<col min="4" max="4" width="` + strconv.Itoa(msg) + `" customWidth="1"/></cols>`)
	b.WriteString(`<sheetData>`)
	cell := func(ref string, style int, text string) {
		b.WriteString(`<c r="` + ref + `" s="` + strconv.Itoa(style) + `" t="inlineStr"><is><t xml:space="preserve">` + esc(text) + `</t></is></c>`)
	}
	errs, warns := 0, 0
	for _, r := range rows {
		if r.Warning {
			warns++
		} else {
			errs++
		}
	}
	b.WriteString(`<row r="1">`)
	cell("A1", st.title[0], summary(errs, warns))
	cell("D1", 0, "Each cell reference links to its cell, filled red for an error and amber for a warning; its note holds the message.")
	b.WriteString(`</row><row r="2">`)
	for i, h := range []string{"Sheet", "Cell", "Level", "Message"} {
		cell(colName(i+1)+"2", st.header[0], h)
	}
	b.WriteString(`</row>`)
	var links strings.Builder
	for i, r := range rows {
		n := strconv.Itoa(i + 3)
		b.WriteString(`<row r="` + n + `">`)
		sheet := r.sheet // as the workbook spells it, when the problem's cell is on it
		if sheet == "" {
			sheet = r.Sheet
		}
		cell("A"+n, 0, sheet)
		if r.cell != "" {
			cell("B"+n, st.link[0], r.cell)
			links.WriteString(`<hyperlink ref="B` + n + `" location="` + esc(location(r.sheet, r.cell)) + `" display="` + esc(r.cell) + `"/>`)
		}
		level, style := "error", st.level[0]
		if r.Warning {
			level, style = "warning", st.level[1]
		}
		cell("C"+n, style, level)
		cell("D"+n, 0, clip(r.Message))
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData>`)
	if links.Len() > 0 {
		b.WriteString(`<hyperlinks>` + links.String() + `</hyperlinks>`)
	}
	b.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`)
	b.WriteString(`<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>`)
	b.WriteString(`</worksheet>`)
	return []byte(b.String())
}

// summary counts the problems for the Review sheet's first line.
func summary(errs, warns int) string {
	count := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + one + "s"
	}
	return count(errs, "error") + " and " + count(warns, "warning")
}

// location is a link target inside the workbook: 'Sheet name'!E7, quoted as Excel quotes.
func location(sheet, cell string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + cell
}

// maxText keeps a message within what a cell and a note hold (32,767 characters).
const maxText = 8000

func clip(s string) string {
	r := []rune(s)
	if len(r) <= maxText {
		return s
	}
	return string(r[:maxText-1]) + "…"
}
