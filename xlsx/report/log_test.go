package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// TestWriteLog holds the Log's order and folding: warnings first, then the tool's notes, then
// the analyst's own notes; a note repeated on many rows is one line with its count and its
// first cell.
func TestWriteLog(t *testing.T) {
	b := bookOf(model.WorkedExample())
	at := func(row, col int) xlsx.Pos {
		return xlsx.Pos{File: b.File, Sheet: model.TableProjects, Row: row, Col: col}
	}
	b.Log = append(b.Log,
		input.LogEntry{Pos: xlsx.Pos{File: b.File, Sheet: model.TableAssumptions, Row: 2, Col: 4}, Level: input.LevelNote,
			Text: "As of date: balance sheets of March 2026", Analyst: true})
	for row := 2; row <= 40; row++ {
		b.Log = append(b.Log, input.LogEntry{Pos: at(row, 7), Level: input.LevelNote, Text: "MW is in kW: values converted"})
	}
	b.Log = append(b.Log,
		input.LogEntry{Pos: at(3, 9), Level: input.LevelNote, Text: "number stored as text read as 5"},
		input.LogEntry{Pos: at(41, 20), Level: input.LevelWarning, Text: "values in columns without a header are ignored"})
	var buf bytes.Buffer
	if err := Write(&buf, b, model.Run(b.Universe), testOptions); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetLog)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[3:] {
		got = append(got, strings.Join(r, " | "))
	}
	want := []string{
		"warning | example.xlsx:Projects!T41 | values in columns without a header are ignored",
		"note | example.xlsx:Projects!G2 | MW is in kW: values converted (39 times; Where is the first)",
		"note | example.xlsx:Projects!I3 | number stored as text read as 5",
		"note | example.xlsx:Assumptions!D2 | As of date: balance sheets of March 2026",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Log rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLogWarningCells: a model warning about a blank value sits on that value's cell, as the
// JSON and the review copy place it. IREN's Childress Horizon 1-4 is Under construction with its
// Capex spent (column H of the sample's Projects sheet) left blank, on row 2.
func TestLogWarningCells(t *testing.T) {
	sample := publicSample(t)
	f, err := excelize.OpenReader(bytes.NewReader(writeBook(t, sample)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetLog)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) >= 3 && r[1] == "ai-pivot-2026.xlsx:Projects!H2" && strings.HasPrefix(r[2], "capex spent is blank on an Under construction project") {
			return
		}
	}
	t.Errorf("the Log has no warning on ai-pivot-2026.xlsx:Projects!H2 for its blank capex spent")
}
