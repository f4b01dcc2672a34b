package report

import (
	"bytes"
	"fmt"
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
	f, err := excelize.OpenReader(bytes.NewReader(writeBook(t, b)))
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

// TestCapLog: a Log longer than a sheet keeps its first lines (warnings first) and says, on its
// last, how many messages are left out (repeats counted) and the first of them.
func TestCapLog(t *testing.T) {
	var lines []logLine
	for i := range 5 {
		lines = append(lines, logLine{level: input.LevelNote, where: fmt.Sprintf("b.xlsx:Projects!E%d", i+2),
			text: fmt.Sprintf("number stored as text \"%d\" read as %d", i, i), count: 1 + i%2, group: 1})
	}
	if got := capLog(lines, 5, "b.xlsx"); len(got) != 5 {
		t.Errorf("5 lines within 5 rows: %d kept", len(got))
	}
	got := capLog(lines, 3, "b.xlsx")
	if len(got) != 3 || got[1].where != "b.xlsx:Projects!E3" {
		t.Fatalf("kept %+v, want the first two and a last line", got)
	}
	want := `4 more messages are left out, as a sheet holds 1,048,576 rows; the first of them: b.xlsx:Projects!E4: number stored as text "2" read as 2`
	if got[2].message() != want || got[2].where != "b.xlsx" || got[2].level != input.LevelNote {
		t.Errorf("last line %s %s %q, want note b.xlsx %q", got[2].level, got[2].where, got[2].message(), want)
	}
}
