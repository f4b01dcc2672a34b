package main

import (
	"encoding/json"
	"errors"
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
}

type jsonMiner struct {
	Ticker    string         `json:"ticker"`
	Scope     jsonScopes     `json:"scope"`
	Scenarios []jsonScenario `json:"scenarios"`
}

type jsonScopes struct {
	NearTerm     jsonPosition `json:"near_term"`
	FullPipeline jsonPosition `json:"full_pipeline"`
}

type jsonPosition struct {
	Uses    json.Number `json:"uses_usd_m"`
	Sources json.Number `json:"sources_usd_m"`
	Gap     json.Number `json:"gap_usd_m"`
	Surplus json.Number `json:"surplus_usd_m"`
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
	PFNetDebt           json.Number  `json:"pf_net_debt_usd_m"`
	PFEBITDA            json.Number  `json:"pf_ebitda_usd_m"`
	NetLeverage         *json.Number `json:"net_leverage"`
	PFInterest          json.Number  `json:"pf_interest_usd_m"`
	InterestCoverage    *json.Number `json:"interest_coverage"`
	CashFlowPerShare    *json.Number `json:"cash_flow_per_diluted_share"`
	Flags               []string     `json:"flags"`
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
	return jsonWorkbook{File: in.path, Miners: []jsonMiner{}, Errors: jsonErrors(in, err)}
}

// jsonResult is the element of a workbook that went through: its output and every miner's figures.
func jsonResult(in job, book *input.Book, r model.Result, output string) jsonWorkbook {
	wb := jsonWorkbook{File: in.path, Output: &output, Miners: []jsonMiner{}, Errors: []jsonError{}}
	for _, mr := range r.Miners {
		m := jsonMiner{Scenarios: []jsonScenario{}}
		if book != nil && mr.Index >= 0 && mr.Index < len(book.Universe.Miners) {
			m.Ticker = book.Universe.Miners[mr.Index].Ticker
		}
		m.Scope.NearTerm = jsonPositionOf(mr.Positions[model.NearTerm])
		m.Scope.FullPipeline = jsonPositionOf(mr.Positions[model.FullPipeline])
		for _, f := range mr.Financings {
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
			m.Scenarios = append(m.Scenarios, s)
		}
		wb.Miners = append(wb.Miners, m)
	}
	return wb
}

func jsonPositionOf(p model.Position) jsonPosition {
	return jsonPosition{Uses: num(p.Uses), Sources: num(p.Sources), Gap: num(p.Gap), Surplus: num(p.Surplus)}
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
		return []jsonError{{File: filepath.Base(in.path), Message: msg}}
	}
	out := make([]jsonError, len(list))
	for i, e := range list {
		out[i] = jsonError{File: e.Pos.File, Sheet: e.Pos.Sheet, Cell: e.Pos.A1(), Message: e.Err.Error()}
	}
	return out
}
