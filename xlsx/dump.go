package xlsx

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Dump renders a workbook as canonical text, one line per non-empty cell, sheets in workbook
// order and cells row-major: `Sheet!A1 value =formula # note`. Values are the raw stored
// values (a formula's cached value), so two workbooks with the same content dump the same
// whatever their zip bytes. Tests compare dumps, never bytes.
func Dump(r io.Reader) (string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		notes := map[string]string{}
		comments, err := f.GetComments(sheet)
		if err != nil {
			return "", err
		}
		for _, c := range comments {
			text := c.Text
			if len(c.Paragraph) > 0 {
				text = ""
				for _, p := range c.Paragraph {
					text += p.Text
				}
			}
			notes[c.Cell] = text
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return "", err
		}
		width := 0
		for _, row := range rows {
			width = max(width, len(row))
		}
		for r := 1; r <= len(rows); r++ {
			for c := 1; c <= width; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				value := ""
				if c <= len(rows[r-1]) {
					value = rows[r-1][c-1]
				}
				formula, err := f.GetCellFormula(sheet, cell)
				if err != nil {
					return "", err
				}
				note := notes[cell]
				if value == "" && formula == "" && note == "" {
					continue
				}
				fmt.Fprintf(&b, "%s!%s %s", Quote(sheet), cell, value)
				if formula != "" {
					fmt.Fprintf(&b, " =%s", formula)
				}
				if note != "" {
					fmt.Fprintf(&b, " # %s", strings.ReplaceAll(note, "\n", `\n`))
				}
				b.WriteByte('\n')
			}
		}
	}
	return b.String(), nil
}
