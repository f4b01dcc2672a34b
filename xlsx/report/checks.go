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

// checkRow is the row of check k of miner i: with a sheet, its two scopes, then two per scenario
// (the scenario's sources and uses, and its tranches); without one, its tranches per scenario.
// checkRow(len(Result.Miners), 0) is the row after the miners' checks.
func (ow *writer) checkRow(i, k int) int { return ow.checkFirst[i] + k }

// minerChecks is how many checks miner i has before the Sensitivity's and the Timeline's: the
// identity uses = sources + gap − surplus is checked on the miner's sheet, so only with one.
func (ow *writer) minerChecks(i int) int {
	if ow.minerSheet[i] == "" {
		return len(ow.r.Scenarios)
	}
	return 2 + 2*len(ow.r.Scenarios)
}

// checksExtent is the Checks sheet's extent: its columns; the master check and every check
// (checks): the miners', the Sensitivity's and one per miner for its timelines (timelineChecks).
func (ow *writer) checksExtent() [2]int {
	n := ow.checkRow(len(ow.r.Miners), 0) - ckFirstRow + len(ow.sensitivityChecks(0)) + len(ow.r.Miners)
	return [2]int{len(checkHeaders), max(ckMasterRow, ckFirstRow+n-1)}
}

func (ow *writer) writeChecks() error {
	checks := ow.checks()
	s, err := ow.stream(SheetChecks, widths(checkHeaders), freeze(0, ckHeaderRow))
	if err != nil {
		return err
	}
	balance := "Per miner, for each scope and each scenario: uses = sources + gap − surplus."
	if ow.minerSheetsLeftOut() {
		balance = "Per miner with a sheet, for each scope and each scenario: uses = sources + gap − surplus (the identity of its sheet's lines; see the Cover for the miners without one)."
	}
	if err := s.intro("Checks: identities every result must satisfy", balance+" Per scenario: the four net tranches sum to the gap. Per miner: the Sensitivity sheet's grid centres and tornado base equal the tornado scenario's live cells. Per miner: its timelines' capex totals the remaining capex."); err != nil {
		return err
	}
	if err := s.headers(ckHeaderRow, 1, checkHeaders); err != nil {
		return err
	}
	tol := ow.in(ow.lay.tolerance)
	failed := 0
	var rows [][]any
	for _, c := range checks {
		res, bad := "pass", 0
		if c.failed() {
			res, bad = "fail", 1
			failed++
		}
		d := cellRef(4, c.row)
		rows = append(rows, []any{c.label, c.ticker, ow.val(xlsx.StyleWrap, c.what),
			ow.live(xlsx.StyleMoney, c.formula, num(c.diff)),
			ow.live(xlsx.StyleLinkTolerance, tol, num(checkTolerance)),
			ow.live(xlsx.StyleFormulaText, "IF(ABS("+d+")<="+cellRef(5, c.row)+`,"pass","fail")`, res),
			ow.live(xlsx.StyleFormulaNumber, "IF("+cellRef(6, c.row)+`="pass",0,1)`, bad),
		})
	}
	last := ckFirstRow + len(rows) - 1
	// the master check sits between the header and the checks, so it is inside the filter's range
	s.filter(ckHeaderRow, len(checkHeaders), max(ckMasterRow, last))
	master := "pass"
	if failed > 0 {
		master = "fail"
	}
	count := ow.val(xlsx.StyleFormulaNumber, 0)
	if len(rows) > 0 {
		count = ow.live(xlsx.StyleFormulaNumber, "SUM(G"+strconv.Itoa(ckFirstRow)+":G"+strconv.Itoa(last)+")", failed)
	}
	if err := s.row(ckMasterRow, ow.val(xlsx.StyleTitle, "Master check: every check below passes"), nil, nil,
		nil, nil, ow.live(xlsx.StyleFormulaText, "IF(G"+strconv.Itoa(ckMasterRow)+`=0,"pass","fail")`, master), count); err != nil {
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

// check is one row of the Checks sheet: an identity of the model, its difference as the model
// computed it, and the live formula that recomputes it.
type check struct {
	label, ticker, what string
	formula             string
	diff                decimal.Decimal
	row                 int
}

func (c check) failed() bool { return c.diff.Abs().Cmp(checkTolerance) > 0 }

// checks lists every check, in row order: per miner its two scopes, then per scenario its
// sources and uses and its tranches.
func (ow *writer) checks() []check {
	var out []check
	const balance = "uses = sources + gap − surplus"
	for i, mr := range ow.r.Miners {
		ticker := ow.u.Miners[mr.Index].Ticker
		lay := ow.minerLay(i)
		position := func(scope model.Scope, si int) func(line int) string {
			return func(line int) string { return lay.position(scope, si, line) }
		}
		balanceFormula := func(ref func(int) string) string {
			return ref(msUses) + "-(" + ref(msSources) + "+" + ref(msGap) + "-" + ref(msSurplus) + ")"
		}
		sheet := ow.minerSheet[i] != ""
		if sheet {
			for k, scope := range model.Scopes {
				out = append(out, check{balance, ticker, scope.String(), balanceFormula(position(scope, -1)),
					mr.Positions[scope].Imbalance(), ow.checkRow(i, k)})
			}
		}
		for si, fin := range mr.Financings {
			name := ow.r.Scenarios[si].Name
			tranches := ow.checkRow(i, si)
			if sheet {
				out = append(out, check{balance, ticker, name, balanceFormula(position(fin.Scope, si)),
					fin.Position.Imbalance(), ow.checkRow(i, 2+2*si)})
				tranches = ow.checkRow(i, 3+2*si)
			}
			x := func(col scenarioCol) string { return ow.scenarioCell(i, si, col) }
			out = append(out, check{"project debt + convertible + corporate debt + equity = gap", ticker, name,
				x(scPD) + "+" + x(scCV) + "+" + x(scCD) + "+" + x(scEQ) + "-" + x(scGap),
				fin.TrancheImbalance(), tranches})
		}
	}
	out = append(out, ow.sensitivityChecks(ckFirstRow+len(out))...)
	return append(out, ow.timelineChecks(ckFirstRow+len(out))...)
}

// masterPass is the master check's result: pass when every check passes.
func (ow *writer) masterPass() string {
	for _, c := range ow.checks() {
		if c.failed() {
			return "fail"
		}
	}
	return "pass"
}
