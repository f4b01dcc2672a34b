package report

import (
	"fmt"
	"sort"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// The Log sheet: what the reader and the model want the analyst to know.
var logHeaders = []header{
	{"Level", "note or warning", 10},
	{"Where", "the file, sheet or cell concerned", 36},
	{"Message", "what was noticed", 80},
}

// logLine is one line of the Log: a message, where it was noticed, and how many times the same
// message came (the first place is the one shown).
type logLine struct {
	level input.Level
	where string
	text  string
	// group orders the lines: warnings, then the tool's notes, then the analyst's own notes
	group int
	count int
}

// logLines are the reader's and the model's messages in the Log's order: warnings first, then
// the tool's notes, then the notes the analyst wrote in the input (echoed by the reader), each
// group in the order noticed. A message that comes again with the same level and text is
// folded into its first line, which counts it.
func (ow *writer) logLines() []logLine {
	var lines []logLine
	first := map[[2]string]int{} // level and text → index in lines
	add := func(level input.Level, where, text string, analyst bool) {
		key := [2]string{string(level), text}
		if i, ok := first[key]; ok {
			lines[i].count++
			return
		}
		group := 1
		switch {
		case level == input.LevelWarning:
			group = 0
		case analyst:
			group = 2
		}
		first[key] = len(lines)
		lines = append(lines, logLine{level: level, where: where, text: text, group: group, count: 1})
	}
	for _, e := range ow.b.Log {
		add(e.Level, e.Pos.String(), e.Text, e.Analyst)
	}
	for _, n := range ow.r.Notes {
		where := ow.b.File
		if n.Ref != nil {
			// The value's cell, or its field's cell on its row, as the JSON and review copies
			// place it; a value the workbook has no cell for is named by its table and key.
			if p, ok := ow.b.Cell(*n.Ref); ok && p.Col > 0 {
				where = p.String()
			} else {
				where = ow.refWhere(*n.Ref)
			}
		}
		level := input.LevelNote
		if n.Warning {
			level = input.LevelWarning
		}
		add(level, where, n.Text, false)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].group < lines[j].group })
	return capLog(lines, maxRow-3, ow.b.File)
}

// capLog keeps the Log within a sheet's rows: past most lines, the last line says how many
// messages are left out and where the first of them was. A workbook within the reader's limits
// can bring millions of distinct notes (a number stored as text in every cell, each note naming
// its value); warnings come first, so they are the last to go.
func capLog(lines []logLine, most int, file string) []logLine {
	if len(lines) <= most {
		return lines
	}
	kept, rest := lines[:most-1], lines[most-1:]
	n := 0
	for _, l := range rest {
		n += l.count
	}
	return append(kept, logLine{level: input.LevelNote, where: file, count: 1, group: rest[0].group,
		text: fmt.Sprintf("%s more messages are left out, as a sheet holds %s rows; the first of them: %s: %s",
			xlsx.Count(n), xlsx.Count(maxRow), rest[0].where, rest[0].message())})
}

// message is a line's text as the Log shows it: a folded message says how many times it came.
func (l logLine) message() string {
	if l.count == 1 {
		return l.text
	}
	return fmt.Sprintf("%s (%d times; Where is the first)", l.text, l.count)
}

// logExtent is the Log's extent: its columns, a line per message (a line saying there is none
// when there is none).
func (ow *writer) logExtent() [2]int { return [2]int{len(logHeaders), 3 + max(1, len(ow.logLines()))} }

func (ow *writer) writeLog() error {
	lines := ow.logLines()
	s, err := ow.stream(SheetLog, widths(logHeaders), freeze(0, 3))
	if err != nil {
		return err
	}
	if err := s.row(1, ow.val(xlsx.StyleTitle, "Log: notes and warnings")); err != nil {
		return err
	}
	if err := s.headers(3, 1, logHeaders); err != nil {
		return err
	}
	s.filter(3, len(logHeaders), 3+max(1, len(lines)))
	r := 4
	for _, l := range lines {
		// Where and Message wrap: a long cell or message prints on several lines, not cut off.
		if err := s.row(r, string(l.level), ow.val(xlsx.StyleWrap, l.where), ow.val(xlsx.StyleWrap, l.message())); err != nil {
			return err
		}
		r++
	}
	if r == 4 {
		if err := s.row(r, string(input.LevelNote), ow.b.File, "nothing to report"); err != nil {
			return err
		}
	}
	return s.flush()
}

// refWhere names an input value that has no cell (a default): its table, the row's key and the
// field, e.g. Projects IREN / Sweetwater 1: Capex spent.
func (ow *writer) refWhere(r model.Ref) string {
	key := ""
	switch r.Table {
	case model.TableMiners:
		if r.Row >= 0 && r.Row < len(ow.u.Miners) {
			key = ow.u.Miners[r.Row].Ticker
		}
	case model.TableProjects:
		if r.Row >= 0 && r.Row < len(ow.u.Projects) {
			key = ow.u.Projects[r.Row].Ticker + " / " + ow.u.Projects[r.Row].Name
		}
	case model.TableInstruments:
		if r.Row >= 0 && r.Row < len(ow.u.Instruments) {
			key = ow.u.Instruments[r.Row].Ticker + " / " + ow.u.Instruments[r.Row].Name
		}
	case model.TableScenarios:
		if r.Row >= 0 && r.Row < len(ow.r.Scenarios) {
			key = ow.r.Scenarios[r.Row].Name
		}
	case model.TableAssumptions:
		if r.Row >= 0 && r.Row < len(model.AssumptionDefs) {
			key = model.AssumptionDefs[r.Row].Name
		}
	}
	where := r.Table
	if key != "" {
		where += " " + key
	}
	if r.Field != "" && r.Field != "Value" {
		where += ": " + r.Field
	}
	return where
}
