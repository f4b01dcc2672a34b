package report

import (
	"strconv"

	"github.com/shopspring/decimal"

	"minergap/model"
	"minergap/xlsx"
)

// The Checks sheet: each identity the model holds, recomputed live, and the master check.
const (
	ckHeaderRow = 3
	ckMasterRow = 4
	ckFirstRow  = 5
)

var checkHeaders = []header{
	{"Check", "what must hold", 56},
	{"Ticker", "the miner", 10},
	{"Scope or scenario", "the scope (base case) or the scenario checked", 24},
	{"Difference (USD m)", "left side − right side of the identity; 0 when it holds", 14},
	{"Tolerance (USD m)", "the largest difference that passes (Inputs)", 13},
	{"Result", "pass when |difference| ≤ tolerance, else fail", 9},
	{"Failed (1 = yes)", "1 when the check fails; the master check counts them", 9},
}

// checkRow is the row of check k of miner i: its two scopes, then two per scenario (the
// scenario's sources and uses, and its tranches).
func (ow *writer) checkRow(i, k int) int { return ckFirstRow + i*(2+2*len(ow.r.Scenarios)) + k }

func (ow *writer) writeChecks() error {
	s, err := ow.stream(SheetChecks, widths(checkHeaders), freeze(0, ckHeaderRow))
	if err != nil {
		return err
	}
	if err := s.intro("Checks: identities every result must satisfy", "Per miner, for each scope and each scenario: uses = sources + gap − surplus. Per scenario: the four net tranches sum to the gap."); err != nil {
		return err
	}
	if err := s.headers(ckHeaderRow, 1, checkHeaders); err != nil {
		return err
	}
	tol := ow.in(ow.lay.tolerance)
	failed := 0
	var rows [][]any
	add := func(label, ticker, what, formula string, diff decimal.Decimal, r int) {
		fail := diff.Abs().Cmp(checkTolerance) > 0
		res, bad := "pass", 0
		if fail {
			res, bad = "fail", 1
			failed++
		}
		d := cellRef(4, r)
		rows = append(rows, []any{label, ticker, what,
			ow.cell(xlsx.StyleMoney, formula, num(diff)),
			ow.cell(xlsx.StyleLinkTolerance, tol, num(checkTolerance)),
			ow.cell(xlsx.StyleFormulaText, "IF(ABS("+d+")<="+cellRef(5, r)+`,"pass","fail")`, res),
			ow.cell(xlsx.StyleFormulaNumber, "IF("+cellRef(6, r)+`="pass",0,1)`, bad),
		})
	}
	for i, mr := range ow.r.Miners {
		ticker := ow.u.Miners[mr.Index].Ticker
		sheet := ow.minerQ[i]
		for k, scope := range model.Scopes {
			p := mr.Positions[scope]
			c := colName[positionCol(scope, -1)]
			ref := func(line int) string { return sheet + c + strconv.Itoa(msFirstRow+line) }
			diff := p.Uses.Sub(p.Sources.Add(p.Gap).Sub(p.Surplus))
			add("uses = sources + gap − surplus", ticker, scope.String(),
				ref(msUses)+"-("+ref(msSources)+"+"+ref(msGap)+"-"+ref(msSurplus)+")", diff, ow.checkRow(i, k))
		}
		for si, fin := range mr.Financings {
			p := fin.Position
			c := colName[positionCol(fin.Scope, si)]
			ref := func(line int) string { return sheet + c + strconv.Itoa(msFirstRow+line) }
			diff := p.Uses.Sub(p.Sources.Add(p.Gap).Sub(p.Surplus))
			add("uses = sources + gap − surplus", ticker, ow.r.Scenarios[si].Name,
				ref(msUses)+"-("+ref(msSources)+"+"+ref(msGap)+"-"+ref(msSurplus)+")", diff, ow.checkRow(i, 2+2*si))
			r := ow.scenarioRow(i, si)
			x := func(col int) string { return "'Scenarios'!" + cellRef(col, r) }
			diff = fin.ProjectDebt.Add(fin.Convertible).Add(fin.CorporateDebt).Add(fin.Equity).Sub(fin.Gap)
			add("project debt + convertible + corporate debt + equity = gap", ticker, ow.r.Scenarios[si].Name,
				x(scPD)+"+"+x(scCV)+"+"+x(scCD)+"+"+x(scEQ)+"-"+x(scGap), diff, ow.checkRow(i, 3+2*si))
		}
	}
	last := ckFirstRow + len(rows) - 1
	master := "pass"
	if failed > 0 {
		master = "fail"
	}
	count := ow.val(xlsx.StyleFormulaNumber, 0)
	if len(rows) > 0 {
		count = ow.cell(xlsx.StyleFormulaNumber, "SUM(G"+strconv.Itoa(ckFirstRow)+":G"+strconv.Itoa(last)+")", failed)
	}
	if err := s.row(ckMasterRow, ow.val(xlsx.StyleTitle, "Master check: every check below passes"), nil, nil,
		nil, nil, ow.cell(xlsx.StyleFormulaText, "IF(G"+strconv.Itoa(ckMasterRow)+`=0,"pass","fail")`, master), count); err != nil {
		return err
	}
	for k, cells := range rows {
		if err := s.row(ckFirstRow+k, cells...); err != nil {
			return err
		}
	}
	if err := s.passFail("F"+strconv.Itoa(ckMasterRow)+":F"+strconv.Itoa(max(last, ckMasterRow)), "F"+strconv.Itoa(ckMasterRow)); err != nil {
		return err
	}
	return s.flush()
}

// masterPass is the master check's result: pass when every check passes.
func (ow *writer) masterPass() string {
	for _, mr := range ow.r.Miners {
		for _, p := range mr.Positions {
			if p.Uses.Sub(p.Sources.Add(p.Gap).Sub(p.Surplus)).Abs().Cmp(checkTolerance) > 0 {
				return "fail"
			}
		}
		for _, fin := range mr.Financings {
			if p := fin.Position; p.Uses.Sub(p.Sources.Add(p.Gap).Sub(p.Surplus)).Abs().Cmp(checkTolerance) > 0 {
				return "fail"
			}
			if fin.ProjectDebt.Add(fin.Convertible).Add(fin.CorporateDebt).Add(fin.Equity).Sub(fin.Gap).Abs().Cmp(checkTolerance) > 0 {
				return "fail"
			}
		}
	}
	return "pass"
}
