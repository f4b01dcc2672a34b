// Package xlsx holds what the input reader (xlsx/input) and the output writer (xlsx/report)
// share, and the only code besides them that touches excelize: positions of values and problems
// in a workbook (Pos, CellError, ErrorList, sorted as go/scanner sorts), the named styles of the
// analysts' colour convention (Styles), a quick look at a workbook's zip parts (Parts, LastRow),
// and two tools for tests: Dump, a canonical text form of a workbook that golden tests compare,
// and TextBook, which builds a workbook from such a text.
package xlsx
