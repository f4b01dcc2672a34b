package report

import (
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

func (ow *writer) writeLog() error {
	if err := ow.extent(SheetLog, len(logHeaders), 3+max(1, len(ow.b.Log)+len(ow.r.Notes))); err != nil {
		return err
	}
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
	r := 4
	for _, e := range ow.b.Log {
		if err := s.row(r, string(e.Level), e.Pos.String(), ow.val(xlsx.StyleWrap, e.Text)); err != nil {
			return err
		}
		r++
	}
	for _, n := range ow.r.Notes {
		where := ow.b.File
		if n.Ref != nil {
			where = ow.b.Source(*n.Ref)
			if where == "default" {
				where = ow.refWhere(*n.Ref)
			}
		}
		level := input.LevelNote
		if n.Warning {
			level = input.LevelWarning
		}
		if err := s.row(r, string(level), where, ow.val(xlsx.StyleWrap, n.Text)); err != nil {
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
