package xlsx

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Pos is where a value or a problem sits: a file, and optionally a sheet and a cell (Row and Col
// are 1-based; 0 means the whole sheet or the whole file).
type Pos struct {
	File  string // base name, as the analyst knows it
	Sheet string
	Row   int
	Col   int
}

// Cell is the position's cell reference with its sheet, quoted as Excel quotes it: 'Cash Flow'!B4.
func (p Pos) Cell() string {
	if p.Sheet == "" {
		return ""
	}
	s := QuoteSheet(p.Sheet)
	if ref := p.A1(); ref != "" {
		return s + "!" + ref
	}
	return s
}

// A1 is the position's cell reference without its sheet, such as E7; empty when the position
// names no single cell.
func (p Pos) A1() string {
	if p.Row <= 0 || p.Col <= 0 {
		return ""
	}
	ref, err := excelize.CoordinatesToCellName(p.Col, p.Row)
	if err != nil {
		return ""
	}
	return ref
}

// String reads inputs.xlsx:Projects!E7, inputs.xlsx:Projects or inputs.xlsx.
func (p Pos) String() string {
	if c := p.Cell(); c != "" {
		return p.File + ":" + c
	}
	return p.File
}

// QuoteSheet quotes a sheet name for use in a reference when Excel would, and always when the
// name could be read as a cell address (a ticker such as AB12). Formulas always quote; see Quote.
func QuoteSheet(name string) string {
	plain := name != ""
	for _, r := range name {
		if !(r == '_' || r == '.' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127) {
			plain = false
		}
	}
	if plain {
		if _, _, err := excelize.CellNameToCoordinates(name); err != nil && !(name[0] >= '0' && name[0] <= '9') {
			return name
		}
	}
	return Quote(name)
}

// Quote always quotes a sheet name, doubling single quotes: 'IREN', 'O”Brien'.
func Quote(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// CellError is a problem at a position. It wraps the cause, so errors.Is keeps working.
type CellError struct {
	Pos Pos
	Err error
}

func (e *CellError) Error() string { return e.Pos.String() + ": " + e.Err.Error() }
func (e *CellError) Unwrap() error { return e.Err }

// ErrorList is every problem found in one or more workbooks.
type ErrorList []*CellError

// Add appends a problem at p.
func (l *ErrorList) Add(p Pos, format string, args ...any) {
	*l = append(*l, &CellError{Pos: p, Err: fmt.Errorf(format, args...)})
}

// Sort orders the list by file, then sheet order (as given), then row, then column.
// Problems without a sheet come first.
func (l ErrorList) Sort(sheetOrder []string) {
	rank := func(s string) int {
		if s == "" {
			return -1
		}
		for i, n := range sheetOrder {
			if strings.EqualFold(n, s) {
				return i
			}
		}
		return len(sheetOrder)
	}
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if ra, rb := rank(a.Sheet), rank(b.Sheet); ra != rb {
			return ra < rb
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Col < b.Col
	})
}

// Error is the first problem and how many more there are, as go/scanner's ErrorList says it.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns nil when the list is empty, else the list.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Count writes n with thousands separators, as the limits read in SPEC §4: 500,000.
func Count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
