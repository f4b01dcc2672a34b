package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

// The JSON summary of SPEC §5. Keys may be added, never renamed. Numbers are the model's decimals
// written digit for digit (json.Number), never through a float; n/a is null.

type jsonWorkbook struct {
	File   string      `json:"file"`
	Output *string     `json:"output"` // null when the workbook failed
	Miners []jsonMiner `json:"miners"`
	Errors []jsonError `json:"errors"`
	// Warnings are the Log sheet's warnings, the reader's and the model's, each at its cell.
	Warnings []jsonError `json:"warnings"`
}

type jsonMiner struct {
	Ticker    string         `json:"ticker"`
	Scope     jsonScopes     `json:"scope"`
	Scenarios []jsonScenario `json:"scenarios"`
	// Sensitivity is SPEC §3c on the tornado scenario; null when there is no scenario.
	Sensitivity *jsonSensitivity `json:"sensitivity"`
}

type jsonSensitivity struct {
	Scenario     string        `json:"scenario"` // the tornado scenario's name
	Tornado      []jsonBar     `json:"tornado"`
	DilutionGrid jsonPriceGrid `json:"dilution_grid"`
	GapGrid      jsonBTCGrid   `json:"gap_grid"`
}

type jsonBar struct {
	Driver       string      `json:"driver"`
	Low          json.Number `json:"low"`
	High         json.Number `json:"high"`
	GapLow       json.Number `json:"gap_low_usd_m"`
	GapHigh      json.Number `json:"gap_high_usd_m"`
	DilutionLow  json.Number `json:"dilution_low"`
	DilutionHigh json.Number `json:"dilution_high"`
}

// jsonPriceGrid and jsonBTCGrid are a grid with its row axis named: values[i][j] is row i,
// column j.
type jsonPriceGrid struct {
	SharePriceChange []json.Number   `json:"share_price_change"`
	CapexChange      []json.Number   `json:"capex_change"`
	Values           [][]json.Number `json:"values"`
}

type jsonBTCGrid struct {
	BTCPriceChange []json.Number   `json:"btc_price_change"`
	CapexChange    []json.Number   `json:"capex_change"`
	Values         [][]json.Number `json:"values"`
}

type jsonScopes struct {
	NearTerm     jsonPosition `json:"near_term"`
	FullPipeline jsonPosition `json:"full_pipeline"`
}

type jsonPosition struct {
	Uses      json.Number `json:"uses_usd_m"`
	Sources   json.Number `json:"sources_usd_m"`
	Gap       json.Number `json:"gap_usd_m"`
	Surplus   json.Number `json:"surplus_usd_m"`
	GrossGap  json.Number `json:"gross_gap_usd_m"` // gap before committed financing
	MW        json.Number `json:"it_mw"`           // owned critical IT MW
	ShellCost json.Number `json:"build_cost_shell_usd_m"`
	GPUCost   json.Number `json:"build_cost_gpu_usd_m"`
	// The secured case's timeline (SPEC §3b): null only when it was not computed.
	PeakNeed    *json.Number `json:"peak_funding_need_usd_m"`
	PeakQuarter *string      `json:"peak_quarter"`   // null when the need is 0
	Runway      *string      `json:"runway_quarter"` // "now", or null when cash never falls below the minimum
}

type jsonScenario struct {
	Name                string       `json:"name"`
	Scope               string       `json:"scope"`
	Gap                 json.Number  `json:"gap_usd_m"`
	Equity              json.Number  `json:"equity_usd_m"`
	Convertible         json.Number  `json:"convertible_usd_m"`
	CorporateDebt       json.Number  `json:"corporate_debt_usd_m"`
	ProjectDebt         json.Number  `json:"project_debt_usd_m"`
	NewShares           json.Number  `json:"new_shares_m"`
	NewConversionShares json.Number  `json:"new_conversion_shares_m"`
	DilutionBasic       json.Number  `json:"dilution_basic"`
	DilutionDiluted     json.Number  `json:"dilution_diluted"`
	DilutionEconomic    json.Number  `json:"dilution_economic"`
	PFNetDebt           json.Number  `json:"pf_net_debt_usd_m"`
	PFEBITDA            json.Number  `json:"pf_ebitda_usd_m"`
	NetLeverage         *json.Number `json:"net_leverage"`
	PFInterest          json.Number  `json:"pf_interest_usd_m"`
	InterestCoverage    *json.Number `json:"interest_coverage"`
	CashFlowPerShare    *json.Number `json:"cash_flow_per_diluted_share"`
	Flags               []string     `json:"flags"`
	// SPEC §3c's solves; null when none (n/a).
	SharePriceForTargetDilution *json.Number `json:"share_price_for_target_dilution"`
	CapexChangeToCloseGap       *json.Number `json:"capex_change_to_close_gap"`
	// The financed case's timeline (SPEC §3b): null when not computed or n/a.
	MinCash        *json.Number `json:"min_cash_usd_m"`
	MinCashQuarter *string      `json:"min_cash_quarter"`
	TroughCoverage *json.Number `json:"trough_interest_coverage"`
	TroughQuarter  *string      `json:"trough_quarter"`
	FCFPerShare    *json.Number `json:"fcf_per_diluted_share"`
}

type jsonError struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet"`
	Cell    string `json:"cell"` // E7; empty when the problem concerns a whole sheet or file
	Message string `json:"message"`
}

func num(d decimal.Decimal) json.Number { return json.Number(d.String()) }

func nullNum(d decimal.NullDecimal) *json.Number {
	if !d.Valid {
		return nil
	}
	n := num(d.Decimal)
	return &n
}

// writeJSON prints one element per input, in job order.
func writeJSON(w io.Writer, outs []outcome) error {
	all := make([]jsonWorkbook, len(outs))
	for i, o := range outs {
		if o.summary != nil {
			all[i] = *o.summary
		} else {
			all[i] = jsonFailure(o.in, o.err)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(all)
}

// jsonFailure is the element of a workbook (or PATH) that failed: no output, no miners, its errors.
func jsonFailure(in job, err error) jsonWorkbook {
	if err == nil {
		err = errors.New("no result")
	}
	return jsonWorkbook{File: in.path, Miners: []jsonMiner{}, Errors: jsonErrors(in, err), Warnings: []jsonError{}}
}

// jsonResult is the element of a workbook that went through: its output and every miner's figures.
func jsonResult(in job, book *input.Book, r model.Result, output string) jsonWorkbook {
	wb := jsonWorkbook{File: in.path, Output: &output, Miners: []jsonMiner{}, Errors: []jsonError{}, Warnings: jsonWarnings(book, r)}
	for mi, mr := range r.Miners {
		m := jsonMiner{Scenarios: []jsonScenario{}}
		if book != nil && mr.Index >= 0 && mr.Index < len(book.Universe.Miners) {
			m.Ticker = book.Universe.Miners[mr.Index].Ticker
		}
		m.Scope.NearTerm = jsonPositionOf(mr.Positions[model.NearTerm])
		m.Scope.FullPipeline = jsonPositionOf(mr.Positions[model.FullPipeline])
		var ms *model.MinerSensitivity
		if mi < len(r.Sensitivities) && r.Sensitivities[mi].Index == mr.Index {
			ms = &r.Sensitivities[mi]
		}
		var tl *model.MinerTimeline
		if mi < len(r.Timelines) {
			tl = &r.Timelines[mi]
			m.Scope.NearTerm.addTimeline(tl, model.NearTerm)
			m.Scope.FullPipeline.addTimeline(tl, model.FullPipeline)
		}
		for si, f := range mr.Financings {
			s := jsonScenario{
				Scope:               f.Scope.Key(),
				Gap:                 num(f.Gap),
				Equity:              num(f.Equity),
				Convertible:         num(f.Convertible),
				CorporateDebt:       num(f.CorporateDebt),
				ProjectDebt:         num(f.ProjectDebt),
				NewShares:           num(f.NewShares),
				NewConversionShares: num(f.NewConversionShares),
				DilutionBasic:       num(f.DilutionBasic),
				DilutionDiluted:     num(f.DilutionDiluted),
				DilutionEconomic:    num(f.DilutionEconomic),
				PFNetDebt:           num(f.PFNetDebt),
				PFEBITDA:            num(f.PFEBITDA),
				NetLeverage:         nullNum(f.NetLeverage),
				PFInterest:          num(f.PFInterest),
				InterestCoverage:    nullNum(f.InterestCoverage),
				CashFlowPerShare:    nullNum(f.CashFlowPerShare),
				Flags:               []string{},
			}
			if f.Scenario >= 0 && f.Scenario < len(r.Scenarios) {
				s.Name = r.Scenarios[f.Scenario].Name
			}
			for _, fl := range f.Flags {
				s.Flags = append(s.Flags, string(fl))
			}
			if ms != nil && si < len(ms.Solves) {
				s.SharePriceForTargetDilution = nullNum(ms.Solves[si].SharePriceForTargetDilution)
				s.CapexChangeToCloseGap = nullNum(ms.Solves[si].CapexChangeToCloseGap)
			}
			if tl != nil && si < len(tl.Financed) {
				s.addTimeline(tl, &tl.Financed[si])
			}
			m.Scenarios = append(m.Scenarios, s)
		}
		m.Sensitivity = jsonSensitivityOf(ms, r.Scenarios)
		wb.Miners = append(wb.Miners, m)
	}
	return wb
}

// jsonSensitivityOf is a miner's §3c figures, nil when it has none (no scenario, or a result of
// model.Compute).
func jsonSensitivityOf(ms *model.MinerSensitivity, scenarios []model.Scenario) *jsonSensitivity {
	if ms == nil || ms.Scenario < 0 || ms.Scenario >= len(scenarios) {
		return nil
	}
	out := &jsonSensitivity{Scenario: scenarios[ms.Scenario].Name, Tornado: []jsonBar{},
		DilutionGrid: jsonPriceGrid{SharePriceChange: nums(ms.DilutionGrid.Rows), CapexChange: nums(ms.DilutionGrid.Columns),
			Values: grid(ms.DilutionGrid.Values)},
		GapGrid: jsonBTCGrid{BTCPriceChange: nums(ms.GapGrid.Rows), CapexChange: nums(ms.GapGrid.Columns),
			Values: grid(ms.GapGrid.Values)}}
	for _, b := range ms.Tornado {
		out.Tornado = append(out.Tornado, jsonBar{Driver: b.Driver, Low: num(b.Low), High: num(b.High),
			GapLow: num(b.GapLow), GapHigh: num(b.GapHigh), DilutionLow: num(b.DilutionLow), DilutionHigh: num(b.DilutionHigh)})
	}
	return out
}

func nums(ds []decimal.Decimal) []json.Number {
	out := make([]json.Number, len(ds))
	for i, d := range ds {
		out[i] = num(d)
	}
	return out
}

func grid(rows [][]decimal.Decimal) [][]json.Number {
	out := make([][]json.Number, len(rows))
	for i, r := range rows {
		out[i] = nums(r)
	}
	return out
}

func jsonPositionOf(p model.Position) jsonPosition {
	return jsonPosition{Uses: num(p.Uses), Sources: num(p.Sources), Gap: num(p.Gap), Surplus: num(p.Surplus),
		GrossGap: num(p.GrossGap), MW: num(p.MW), ShellCost: num(p.ShellCost), GPUCost: num(p.GPUCost)}
}

// quarterLabel is a timeline quarter as JSON gives it: "2027Q1", "now", or null for none.
func quarterLabel(tl *model.MinerTimeline, q model.QuarterIndex) *string {
	if !q.Valid {
		return nil
	}
	s := q.Label(tl.Q0)
	return &s
}

func (p *jsonPosition) addTimeline(tl *model.MinerTimeline, scope model.Scope) {
	c := &tl.Secured[scope]
	need := num(c.PeakNeed)
	p.PeakNeed, p.PeakQuarter, p.Runway = &need, quarterLabel(tl, c.PeakQuarter), quarterLabel(tl, c.Runway)
}

// addTimeline adds the financed case's figures, and its flag beside §3's.
func (s *jsonScenario) addTimeline(tl *model.MinerTimeline, c *model.FinancedCase) {
	low := num(c.MinCash)
	s.MinCash, s.MinCashQuarter = &low, quarterLabel(tl, c.MinCashQuarter)
	s.TroughCoverage, s.TroughQuarter = nullNum(c.TroughCoverage), quarterLabel(tl, c.TroughQuarter)
	s.FCFPerShare = nullNum(c.FCFPerShare)
	for _, fl := range c.Flags {
		s.Flags = append(s.Flags, string(fl))
	}
}

// jsonWarnings are a workbook's warnings as JSON entries (see warnings); a warning on a row but
// no cell names its row in the message.
func jsonWarnings(book *input.Book, r model.Result) []jsonError {
	out := []jsonError{}
	for _, w := range warnings(book, &r) {
		p, msg := bookPath(book, w.Pos), w.Text
		if p.Row > 0 && p.Col == 0 {
			msg = fmt.Sprintf("row %d: %s", p.Row, msg)
		}
		out = append(out, jsonError{File: p.File, Sheet: p.Sheet, Cell: p.A1(), Message: msg})
	}
	return out
}

// warnings are a workbook's warnings, each where it applies: the reader's, then, with a result,
// the model's at the cell of the value they concern (input.Book.Cell: its cell, else its field's
// column on its row, else its row), or at the file when they concern none.
func warnings(book *input.Book, r *model.Result) []input.LogEntry {
	if book == nil {
		return nil
	}
	var out []input.LogEntry
	for _, e := range book.Log {
		if e.Level == input.LevelWarning {
			out = append(out, e)
		}
	}
	if r == nil {
		return out
	}
	for _, n := range r.Notes {
		if !n.Warning {
			continue
		}
		p := xlsx.Pos{File: book.File}
		if n.Ref != nil {
			if c, ok := book.Cell(*n.Ref); ok {
				p = c
			}
		}
		out = append(out, input.LogEntry{Pos: p, Level: input.LevelWarning, Text: n.Text})
	}
	return out
}

// bookPath is a position of book as the command line gave its path (see atPath).
func bookPath(book *input.Book, p xlsx.Pos) xlsx.Pos {
	if book.Path != "" && (p.File == "" || p.File == book.File) {
		p.File = book.Path
	}
	return p
}

// String reads FILE:Sheet!Cell: message, as an error line does.
func (e jsonError) String() string {
	p := xlsx.Pos{File: e.File, Sheet: e.Sheet}
	s := p.String()
	if e.Sheet != "" && e.Cell != "" {
		s += "!" + e.Cell
	}
	return s + ": " + e.Message
}

// jsonErrors splits an input's error into entries with their positions.
func jsonErrors(in job, err error) []jsonError {
	var list xlsx.ErrorList
	var cell *xlsx.CellError
	switch {
	case errors.As(err, &list):
	case errors.As(err, &cell):
		list = xlsx.ErrorList{cell}
	default:
		msg := err.Error()
		for _, prefix := range []string{in.path + ": ", filepath.Base(in.path) + ": "} {
			msg = strings.TrimPrefix(msg, prefix)
		}
		return []jsonError{{File: in.path, Message: msg}}
	}
	out := make([]jsonError, len(list))
	for i, e := range list {
		p := atPath(in, e.Pos)
		out[i] = jsonError{File: p.File, Sheet: p.Sheet, Cell: p.A1(), Message: e.Err.Error()}
	}
	return out
}
