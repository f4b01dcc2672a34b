package input

import (
	"minergap/model"
	"minergap/xlsx"
)

// Book is one input workbook as read: the universe it describes, where each value came from,
// and what the reader noticed on the way.
type Book struct {
	Path     string // as given on the command line
	File     string // base name, used in positions
	SHA256   string // hex digest of the file's bytes
	Universe model.Universe
	// Sources holds each value read's cell, and each row's row (Field ""). A Ref missing
	// there took its default.
	Sources Sources
	// Columns maps each table's fields to the columns they were read from, for cells that were
	// left blank (a value's own cell is in Sources).
	Columns map[string]map[string]int
	Log     []LogEntry
}

// Cell is where an input value sits: its cell when it was read, else the cell of its field on
// its row when the sheet has the column, else its row (Col 0); ok is false when the workbook has
// no row for it (a default of a missing sheet).
func (b *Book) Cell(r model.Ref) (p xlsx.Pos, ok bool) {
	if p, ok := b.Sources.At(r); ok {
		return p, true
	}
	p, ok = b.Sources.At(model.Ref{Table: r.Table, Row: r.Row})
	if ok {
		if c, found := b.Columns[r.Table][r.Field]; found {
			p.Col = c
		}
	}
	return p, ok
}

// Level grades a log entry.
type Level string

const (
	LevelNote    Level = "note"
	LevelWarning Level = "warning"
)

// LogEntry is something the reader (or the model, through the writer) wants the analyst to know:
// an ignored column, a converted unit, a number stored as text, an evaluated formula.
type LogEntry struct {
	Pos   xlsx.Pos // may name only the file or the sheet
	Level Level
	Text  string
	// Analyst marks the analyst's own note, written in an input's Note column and echoed here:
	// the Log lists these after the tool's own notes, so they never drown a warning.
	Analyst bool
}

// Source names where a value came from for the Inputs sheet: a cell such as
// inputs.xlsx:Projects!E7, or "default".
func (b *Book) Source(r model.Ref) string {
	if p, ok := b.Sources.At(r); ok {
		return p.String()
	}
	return "default"
}
