package xlsx

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// TextBook writes a workbook described by a small text spec, so that tests can keep workbooks as
// text (a txtar archive cannot hold a binary file). The spec, line by line:
//
//	# a comment
//	!date1904              before the first sheet: the workbook counts dates from 1904
//	[Sheet name]           starts a sheet
//	Ticker | Share price   one row: cells separated by '|', trimmed
//	                       a blank line inside a sheet is an empty row
//
// A cell is typed by its text: empty means no cell; 'text is text as written (the quote is
// dropped, as Excel does); =formula is a formula with no cached value, and =formula -> 42 one
// whose cached value is 42; a plain decimal number (-1.5, 2e3) is a number; anything else, ISO
// dates and 7% included, is text. Inside a cell \| is a pipe, \n a line break, \t a tab, \\ a
// backslash and \uXXXX that code point (\u00a0 for a non-breaking space).
func TextBook(w io.Writer, spec string) error {
	f := excelize.NewFile()
	defer f.Close()
	var (
		sw       *excelize.StreamWriter
		row      int
		sheets   int
		date1904 bool
	)
	flush := func() error {
		if sw == nil {
			return nil
		}
		return sw.Flush()
	}
	for i, line := range strings.Split(strings.ReplaceAll(spec, "\r\n", "\n"), "\n") {
		lineNo := i + 1
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "#"):
			continue
		case trimmed == "!date1904":
			if sheets > 0 {
				return fmt.Errorf("text workbook line %d: put !date1904 before the first sheet", lineNo)
			}
			date1904 = true
			continue
		case strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]"):
			if err := flush(); err != nil {
				return err
			}
			name := trimmed[1 : len(trimmed)-1]
			if idx, _ := f.GetSheetIndex(name); idx >= 0 && sheets > 0 {
				return fmt.Errorf("text workbook line %d: sheet %q appears twice; give each sheet one [%s] section", lineNo, name, name)
			}
			if sheets == 0 {
				if err := f.SetSheetName("Sheet1", name); err != nil {
					return fmt.Errorf("text workbook line %d: %w", lineNo, err)
				}
			} else if _, err := f.NewSheet(name); err != nil {
				return fmt.Errorf("text workbook line %d: %w", lineNo, err)
			}
			sheets++
			var err error
			if sw, err = f.NewStreamWriter(name); err != nil {
				return fmt.Errorf("text workbook line %d: %w", lineNo, err)
			}
			row = 0
			continue
		}
		if sw == nil {
			if trimmed == "" {
				continue
			}
			return fmt.Errorf("text workbook line %d: a row before the first [Sheet] line; start with a sheet name in brackets", lineNo)
		}
		row++
		if trimmed == "" {
			continue
		}
		texts, err := splitTextBookRow(line)
		if err != nil {
			return fmt.Errorf("text workbook line %d: %w", lineNo, err)
		}
		cells := make([]any, len(texts))
		for j, t := range texts {
			cells[j] = textBookCell(t)
		}
		if err := sw.SetRow(textBookCellName(row), cells); err != nil {
			return fmt.Errorf("text workbook line %d: %w", lineNo, err)
		}
	}
	if sheets == 0 {
		return fmt.Errorf("text workbook: no sheet; start with a sheet name in brackets such as [Miners]")
	}
	if err := flush(); err != nil {
		return err
	}
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			return err
		}
	}
	return f.Write(w)
}

func textBookCellName(row int) string {
	name, _ := excelize.CoordinatesToCellName(1, row)
	return name
}

// textBookNumber is a plain decimal number: what a person types into a number cell.
var textBookNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// textBookCell turns one cell's text (escapes already resolved) into a stream-writer value.
func textBookCell(t string) any {
	switch {
	case t == "":
		return nil
	case strings.HasPrefix(t, "'"):
		return t[1:]
	case strings.HasPrefix(t, "="):
		formula, cached, ok := strings.Cut(t[1:], " -> ")
		c := excelize.Cell{Formula: strings.TrimSpace(formula)}
		if ok {
			c.Value = textBookValue(strings.TrimSpace(cached))
		}
		return c
	}
	return textBookValue(t)
}

func textBookValue(t string) any {
	if textBookNumber.MatchString(t) {
		// float only here, where the number leaves for the file; ParseFloat and the writer's
		// shortest formatting give back the same digits for any number a test writes
		if v, err := strconv.ParseFloat(t, 64); err == nil {
			return v
		}
	}
	return t
}

// splitTextBookRow splits a row on unescaped pipes, trims each cell and then resolves its escapes,
// so an escaped space or line break at a cell's edge survives.
func splitTextBookRow(line string) ([]string, error) {
	var raw []string
	start := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			raw = append(raw, line[start:i])
			start = i + 1
		}
	}
	raw = append(raw, line[start:])
	cells := make([]string, len(raw))
	for k, r := range raw {
		c, err := unescapeTextBookCell(strings.TrimSpace(r))
		if err != nil {
			return nil, err
		}
		cells[k] = c
	}
	return cells, nil
}

func unescapeTextBookCell(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 == len(s) {
			return "", fmt.Errorf("a cell ends in a lone backslash; write \\\\ for a backslash")
		}
		i++
		switch s[i] {
		case '|', '\\':
			b.WriteByte(s[i])
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'u':
			if i+5 > len(s) {
				return "", fmt.Errorf("\\u needs four hex digits such as \\u00a0")
			}
			n, err := strconv.ParseUint(s[i+1:i+5], 16, 32)
			if err != nil || !utf8.ValidRune(rune(n)) {
				return "", fmt.Errorf("\\u%s is not a code point; write four hex digits such as \\u00a0", s[i+1:i+5])
			}
			b.WriteRune(rune(n))
			i += 4
		default:
			return "", fmt.Errorf("unknown escape \\%c; use \\|, \\n, \\t, \\\\ or \\uXXXX", s[i])
		}
	}
	return b.String(), nil
}
