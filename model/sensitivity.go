package model

import (
	"maps"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// Sensitivity (SPEC §3c) is §3 recomputed for one miner with one or two inputs moved. A change
// driver d combines with the scenario's own change c as (1 + c) × (1 + d) − 1, so d = 0 is the
// scenario itself, exactly. An assumption driver sets the assumption for the miner as a scenario
// override does: a project's own value still wins.
//
// Each recomputation reuses what its moved input cannot change. Projects depend on the capex
// change and on the assumptions they use (capex per MW, NOI margin, loan-to-cost, project debt
// rate, min DSCR), never on the share price or the financing terms; the position adds the BTC
// price and haircut; the gap depends on nothing after that. So a moved share price or financing
// term reruns only the financing on the scenario's projects and position, a moved BTC price
// reruns the position and the financing, and only a moved capex change or project assumption
// reruns the projects.

// SolvePlaces is the number of decimal places a solve reports: the one rounding of SPEC §3c. The
// solve's final bracket is far narrower, so every implementation that halves as the spec says
// reports the same digits.
const SolvePlaces = 10

// Halvings is the number of times a solve halves its bracket. The halvings define the answer.
const Halvings = 60

var (
	oneHalf = decimal.New(5, -1)

	// The grids' axes, as the driver's own move d: share price and BTC price changes from −50% to
	// +50% by 10% (the rows), capex changes from −30% to +30% by 10% (the columns).
	priceChanges = tenths(-5, 5)
	capexChanges = tenths(-3, 3)

	// The solves' fixed brackets: a share price from 0.01 to 100 times the scenario's price, a
	// capex change driver from −0.99 to 10.
	priceBracket = [2]decimal.Decimal{decimal.New(1, -2), decimal.NewFromInt(100)}
	capexBracket = [2]decimal.Decimal{decimal.New(-99, -2), decimal.NewFromInt(10)}

	maxDiscount = decimal.New(99, -2) // the highest a moved discount or fee may go

	lastPlace = decimal.New(1, -Places) // one unit of the last place a division keeps
)

func tenths(from, to int64) []decimal.Decimal {
	var out []decimal.Decimal
	for i := from; i <= to; i++ {
		out = append(out, decimal.New(i, -1))
	}
	return out
}

// SensitivityParams are the assumptions of SPEC §3c that are not the model's.
type SensitivityParams struct {
	TornadoScenario int             // the scenario the grids and the tornado run on, into Result.Scenarios
	TargetDilution  decimal.Decimal // the basic dilution the share-price solve aims at
}

// DefaultSensitivityParams are SPEC §2's defaults: the first scenario and a target dilution of 0.15.
func DefaultSensitivityParams() SensitivityParams {
	return SensitivityParams{TornadoScenario: 0, TargetDilution: decimal.New(15, -2)}
}

// Grid is one heat map: Values[i][j] is the figure with the row driver moved by Rows[i] and the
// capex change driver by Columns[j]. The centre cell is the scenario's own figure. Rows and Columns
// are shared by every grid: read them, never change them.
type Grid struct {
	Rows    []decimal.Decimal
	Columns []decimal.Decimal
	Values  [][]decimal.Decimal
}

// Centre is the grid's figure with neither driver moved: the scenario's own (0 for a grid with no
// values).
func (g Grid) Centre() decimal.Decimal {
	if len(g.Values) == 0 || len(g.Values[0]) == 0 {
		return zero
	}
	return g.Values[len(g.Values)/2][len(g.Values[0])/2]
}

// TornadoBar is one driver of the tornado moved alone to its low and its high value. Low and High
// are the driver's own move for a change driver (−0.3 / 0.3), the assumption's moved value, after
// any cap, for the others.
type TornadoBar struct {
	Driver                    string
	Low, High                 decimal.Decimal
	GapLow, GapHigh           decimal.Decimal
	DilutionLow, DilutionHigh decimal.Decimal // basic
}

// Swing is the bar's length, |dilution at high − dilution at low|: the tornado's order.
func (b TornadoBar) Swing() decimal.Decimal { return b.DilutionHigh.Sub(b.DilutionLow).Abs() }

// Solve is one scenario's two solves, each rounded to SolvePlaces; invalid is n/a.
type Solve struct {
	SharePriceForTargetDilution decimal.NullDecimal // the price the raise is made at, USD
	CapexChangeToCloseGap       decimal.NullDecimal // the capex change driver, on top of the scenario's own
}

// MinerSensitivity is SPEC §3c for one miner.
type MinerSensitivity struct {
	Index    int // into Universe.Miners
	Scenario int // the tornado scenario, into Result.Scenarios; −1 (and no grids or tornado) when there is none

	// The tornado's base: the scenario's own gap and basic dilution, the grids' centre cells.
	BaseGap, BaseDilution decimal.Decimal
	DilutionGrid          Grid // basic dilution over share price change × capex change
	GapGrid               Grid // gap over BTC price change × capex change
	Tornado               []TornadoBar
	Solves                []Solve // one per scenario, in Result.Scenarios order
}

// Sensitivities computes SPEC §3c for every miner of res, which is Compute(u): the grids and the
// tornado on the tornado scenario, the two solves on every scenario.
func Sensitivities(u Universe, res Result, p SensitivityParams) []MinerSensitivity {
	out, _ := sensitivities(u, res, p)
	return out
}

// sensitivities is Sensitivities, also counting the miner recomputations it made.
func sensitivities(u Universe, res Result, p SensitivityParams) ([]MinerSensitivity, int) {
	evals := 0
	out := make([]MinerSensitivity, 0, len(res.Miners))
	for _, c := range minerCases(u, res) {
		out = append(out, c.sensitivity(res.Scenarios, p))
		evals += c.evals
	}
	return out, evals
}

// minerCases gathers each miner's inputs as Compute did for res: its projects as res lists them,
// its instruments by ticker (the first miner of a ticker takes them, as in Compute).
func minerCases(u Universe, res Result) []*minerCase {
	instruments := map[string][]Instrument{}
	for _, ins := range u.Instruments {
		k := tickerKey(ins.Ticker)
		instruments[k] = append(instruments[k], ins)
	}
	cases := make([]*minerCase, 0, len(res.Miners))
	for _, mr := range res.Miners {
		m := u.Miners[mr.Index]
		k := tickerKey(m.Ticker)
		c := &minerCase{index: mr.Index, miner: m, all: u.Projects, instruments: instruments[k],
			base: u.Assumptions, ann: annuities{}, memo: map[string][]ProjectResult{}} // a cache each: cases may run at once
		delete(instruments, k)
		for _, pr := range mr.Projects {
			c.projects = append(c.projects, pr.Index)
		}
		cases = append(cases, c)
	}
	return cases
}

// minerCase is one miner's inputs, gathered once for all its recomputations.
type minerCase struct {
	index       int // into Universe.Miners
	miner       Miner
	all         []Project // the universe's; projects index into it
	projects    []int
	instruments []Instrument
	base        Assumptions
	ann         annuities
	memo        map[string][]ProjectResult // by projectsKey
	evals       int                        // recomputations made, for the benchmark
	literal     bool                       // ask the model at every halving (tests hold the shortcut to it)
}

// casePoint is a scenario with its moved inputs, computed up to its gap: what a recomputation that
// moves only the share price or a financing term reuses.
type casePoint struct {
	s   Scenario
	mix [4]decimal.Decimal // mix(s)
	a   Assumptions        // the workbook's with s's overrides
	prs []ProjectResult
	t   scopeTotals
	pos Position
}

// at computes scenario s up to its gap: its projects, their sums over its scope, its position.
// Scenarios that differ only in what projects do not use (the mix, the scope, financing terms)
// share one computation of the projects.
func (c *minerCase) at(s Scenario) casePoint {
	p := casePoint{s: s, mix: mix(s), a: withOverrides(c.base, s)}
	key := projectsKey(s.CapexChange, p.a)
	if prs, ok := c.memo[key]; ok {
		p.prs = prs
	} else {
		p.prs = projectsFor(c.all, c.projects, p.a, c.base, s.CapexChange, c.ann)
		c.memo[key] = p.prs
	}
	p.t = sumScope(s.Scope, c.all, p.prs)
	p.pos = position(c.miner, p.t, p.a)
	return p
}

// projectKeys are the assumptions projects use: those whose override makes Compute recompute them.
var projectKeys = func() []AssumptionKey {
	var keys []AssumptionKey
	for k := range numAssumptions {
		if ChangesProjects(Scenario{Overrides: map[AssumptionKey]decimal.Decimal{k: zero}}) {
			keys = append(keys, k)
		}
	}
	return keys
}()

// projectsKey names what a miner's projects are computed from, besides the miner: the capex change
// and the assumptions projects use.
func projectsKey(capex decimal.Decimal, a Assumptions) string {
	key := capex.String()
	for _, k := range projectKeys {
		key += " " + a.Get(k).String()
	}
	return key
}

// gapKey names what p's gap under any capex change is computed from, besides the miner: its
// scope, its projects' inputs (projectsKey) and the BTC value's price and haircut.
func gapKey(p casePoint) string {
	return p.s.Scope.String() + " " + projectsKey(p.s.CapexChange, p.a) + " " +
		strconv.FormatBool(p.a.HasBTCPrice) + " " + p.a.Get(BTCPrice).String() + " " + p.a.Get(BTCHaircut).String()
}

// set returns p with assumption k set to v for the miner, as a scenario override sets it,
// recomputing only what k can change: the projects when they use k (projectKeys), the position for
// the BTC price or haircut, nothing before the financing otherwise.
//
// Only a point whose projects are recomputed carries k in its scenario's overrides: the others
// keep the scenario's, which nothing after the projects reads (the point's a holds k).
func (c *minerCase) set(p casePoint, k AssumptionKey, v decimal.Decimal) casePoint {
	if slices.Contains(projectKeys, k) {
		s := p.s
		s.Overrides = make(map[AssumptionKey]decimal.Decimal, len(p.s.Overrides)+1)
		maps.Copy(s.Overrides, p.s.Overrides)
		s.Overrides[k] = v
		return c.at(s)
	}
	q := p
	q.a = p.a.with(k, v)
	if k == BTCPrice || k == BTCHaircut {
		q.pos = position(c.miner, q.t, q.a)
	}
	return q
}

// capex returns p with the capex change driver d on top of the scenario's own change. Only what
// the capex change moves is recomputed: each project's costs (ProjectResult.cost), their sums and
// the position.
func (c *minerCase) capex(p casePoint, d decimal.Decimal) casePoint {
	if d.IsZero() {
		return p
	}
	q := p
	q.s.CapexChange = combineChange(p.s.CapexChange, d)
	q.prs = make([]ProjectResult, len(p.prs))
	for k, r := range p.prs {
		r.cost(c.all[r.Index], q.a, q.s.CapexChange)
		q.prs[k] = r
	}
	q.t = sumScope(q.s.Scope, c.all, q.prs)
	q.pos = position(c.miner, q.t, q.a)
	return q
}

// priced returns p with the share price change driver d on top of the scenario's own change.
func (p casePoint) priced(d decimal.Decimal) casePoint {
	p.s.SharePriceChange = combineChange(p.s.SharePriceChange, d)
	return p
}

// combineChange is a change driver d on top of a scenario's own change: (1 + own) × (1 + d) − 1.
func combineChange(own, d decimal.Decimal) decimal.Decimal {
	return one.Add(own).Mul(one.Add(d)).Sub(one)
}

// fund runs the financing at p for miner m (the miner itself, or with its share price moved) as
// far as the basic dilution: all that the grids, the tornado and the solves report.
func (c *minerCase) fund(p casePoint, m Miner) Financing {
	c.evals++
	return fund(m, c.instruments, p.pos, p.mix, p.s, p.a)
}

// gap is the gap at p, when nothing after it is wanted.
func (c *minerCase) gap(p casePoint) decimal.Decimal {
	c.evals++
	return p.pos.Gap
}

// sensitivity is SPEC §3c for the miner.
func (c *minerCase) sensitivity(scenarios []Scenario, params SensitivityParams) MinerSensitivity {
	ms := MinerSensitivity{Index: c.index, Scenario: -1}
	points := make([]casePoint, len(scenarios))
	for si, s := range scenarios {
		points[si] = c.at(s)
	}
	if t := params.TornadoScenario; t >= 0 && t < len(scenarios) {
		ms.Scenario = t
		f := c.fund(points[t], c.miner)
		ms.BaseGap, ms.BaseDilution = f.Gap, f.DilutionBasic
		ms.DilutionGrid, ms.GapGrid = c.grids(points[t])
		ms.Tornado = c.tornado(points[t])
	}
	// The capex solve moves only the gap, which financing terms do not touch: scenarios that
	// share a scope, a capex change and the assumptions the gap uses share one solve.
	capexSolves := map[string]bracket{}
	for _, p := range points {
		key := gapKey(p)
		b, ok := capexSolves[key]
		if !ok {
			b = c.solveCapex(p)
			capexSolves[key] = b
		}
		ms.Solves = append(ms.Solves, Solve{
			SharePriceForTargetDilution: c.solvePrice(p, params.TargetDilution).reported(),
			CapexChangeToCloseGap:       b.reported(),
		})
	}
	return ms
}

// grids are the dilution grid (share price change × capex change) and the gap grid (BTC price
// change × capex change) around p. Each capex column computes its projects once; its rows rerun
// the financing (share price) or the position (BTC price) only.
func (c *minerCase) grids(p casePoint) (dilution, gap Grid) {
	dilution = Grid{Rows: priceChanges, Columns: capexChanges, Values: make([][]decimal.Decimal, len(priceChanges))}
	gap = Grid{Rows: priceChanges, Columns: capexChanges, Values: make([][]decimal.Decimal, len(priceChanges))}
	for i := range priceChanges {
		dilution.Values[i] = make([]decimal.Decimal, len(capexChanges))
		gap.Values[i] = make([]decimal.Decimal, len(capexChanges))
	}
	btc := p.a.Get(BTCPrice)
	for j, dc := range capexChanges {
		col := c.capex(p, dc)
		for i, dp := range priceChanges {
			dilution.Values[i][j] = c.fund(col.priced(dp), c.miner).DilutionBasic
			gap.Values[i][j] = c.gap(c.set(col, BTCPrice, btc.Mul(one.Add(dp))))
		}
	}
	return dilution, gap
}

// driverKind says how a tornado driver moves its input.
type driverKind int

const (
	sharePriceDriver driverKind = iota // a share price change driver
	capexDriver                        // a capex change driver
	assumptionDriver                   // the scenario's value of an assumption times a factor
)

// tornadoDriver is one bar of the tornado: its low and high move (a change driver's own move, an
// assumption driver's factor).
type tornadoDriver struct {
	kind      driverKind
	key       AssumptionKey // of an assumption driver
	low, high decimal.Decimal
}

// name is the driver's name as SPEC §3c lists it: the field or assumption it moves.
func (d tornadoDriver) name() string {
	switch d.kind {
	case sharePriceDriver:
		return FieldSharePriceChange
	case capexDriver:
		return FieldCapexChange
	}
	return AssumptionDefs[d.key].Name
}

// tornadoDrivers are SPEC §3c's drivers in its order, which breaks ties.
var tornadoDrivers = []tornadoDriver{
	{sharePriceDriver, 0, decimal.New(-3, -1), decimal.New(3, -1)},
	{capexDriver, 0, decimal.New(-15, -2), decimal.New(15, -2)},
	{assumptionDriver, BTCPrice, decimal.New(7, -1), decimal.New(13, -1)},
	{assumptionDriver, NOIMargin, decimal.New(9, -1), decimal.New(11, -1)},
	{assumptionDriver, ProjectLoanToCost, decimal.New(9, -1), decimal.New(11, -1)},
	{assumptionDriver, ProjectMinDSCR, decimal.New(9, -1), decimal.New(11, -1)},
	{assumptionDriver, ProjectDebtRate, decimal.New(8, -1), decimal.New(12, -1)},
	{assumptionDriver, MaxNetLeverage, decimal.New(8, -1), decimal.New(12, -1)},
	{assumptionDriver, MaxConvertible, decimal.New(5, -1), decimal.New(15, -1)},
	{assumptionDriver, EquityDiscount, decimal.New(5, -1), decimal.New(15, -1)},
}

// tornado moves each driver alone to its low and its high around p, sorted by swing, largest
// first, ties in the drivers' order.
func (c *minerCase) tornado(p casePoint) []TornadoBar {
	bars := make([]TornadoBar, 0, len(tornadoDrivers))
	for _, dr := range tornadoDrivers {
		b := TornadoBar{Driver: dr.name()}
		var lo, hi Financing
		lo, b.Low = c.drive(p, dr, dr.low)
		hi, b.High = c.drive(p, dr, dr.high)
		b.GapLow, b.DilutionLow = lo.Gap, lo.DilutionBasic
		b.GapHigh, b.DilutionHigh = hi.Gap, hi.DilutionBasic
		bars = append(bars, b)
	}
	slices.SortStableFunc(bars, func(x, y TornadoBar) int { return y.Swing().Cmp(x.Swing()) })
	return bars
}

// drive moves one driver by move around p and returns the financing and the value the bar reports.
func (c *minerCase) drive(p casePoint, dr tornadoDriver, move decimal.Decimal) (Financing, decimal.Decimal) {
	switch dr.kind {
	case sharePriceDriver:
		return c.fund(p.priced(move), c.miner), move
	case capexDriver:
		return c.fund(c.capex(p, move), c.miner), move
	}
	v := capMove(dr.key, p.a.Get(dr.key).Mul(move))
	return c.fund(c.set(p, dr.key, v), c.miner), v
}

// capMove caps a moved assumption: a discount or fee at 0.99, any other rate at 1.
func capMove(k AssumptionKey, v decimal.Decimal) decimal.Decimal {
	switch k {
	case EquityDiscount, EquityFee, ConvertibleFee, DebtFee:
		return minDec(v, maxDiscount)
	}
	if AssumptionDefs[k].Kind == KindRate {
		return minDec(v, one)
	}
	return v
}

// bracket is a solve's outcome: the final bracket [lo, hi], and the end it reports unless the
// target cannot be met (ok false: n/a).
type bracket struct {
	lo, hi decimal.Decimal
	answer decimal.Decimal
	ok     bool
}

// reported is the solve's answer as SPEC §3c reports it, rounded to SolvePlaces.
func (b bracket) reported() decimal.NullDecimal {
	if !b.ok {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(b.answer.Round(SolvePlaces))
}

// halve narrows [lo, hi] by exactly Halvings halvings at mid = (lo + hi) × 0.5, moving lo to mid
// when mid is like lo and hi otherwise.
//
// When the predicate is monotone (like lo up to a threshold, not like lo after it), known is a
// bracket narrowed beforehand, its ends already asked: a mid at or below known.lo is like lo and
// one at or above known.hi is not, so only the mids between them are asked. The halvings and their
// answer are the same; they take a few evaluations instead of Halvings.
func halve(lo, hi decimal.Decimal, likeLo func(decimal.Decimal) bool, known *scoredBracket) (decimal.Decimal, decimal.Decimal) {
	for range Halvings {
		mid := lo.Add(hi).Mul(oneHalf)
		var left bool
		switch {
		case known != nil && mid.Cmp(known.lo) <= 0:
			left = true
		case known != nil && mid.Cmp(known.hi) >= 0:
			left = false
		default:
			left = likeLo(mid)
		}
		if left {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, hi
}

// scoredBracket is a bracket being narrowed: lo like lo, hi not, and the score of each (invalid: none).
type scoredBracket struct {
	lo, hi           decimal.Decimal
	loScore, hiScore decimal.NullDecimal
}

// narrowSteps bounds the evaluations narrow spends; the halvings ask whatever it leaves.
const narrowSteps = 24

// narrow shrinks iv until it is no wider than width, by regula falsi with the Illinois step on a
// score whose sign says the model's answer (at most 0 like lo, at least 0 otherwise) and which is
// linear between the kinks of the model (a project's remaining capex reaching 0, a tranche its
// cap): once both ends lie on the threshold's piece, the next point is the threshold itself. Each
// point is asked of the model (eval), and its answer moves the ends, so a poor score costs
// evaluations, never correctness. A guess on an end (the score is 0 there, or the threshold lies
// within a rounding of it) steps inward instead, by a sixteenth of width, then an eighth, a quarter...
func narrow(iv scoredBracket, width decimal.Decimal, eval func(decimal.Decimal) (bool, decimal.NullDecimal)) *scoredBracket {
	side := 0 // the end replaced last time: −1 lo, +1 hi
	first := maxDec(lastPlace, width.Mul(oneHalf).Mul(oneHalf).Mul(oneHalf).Mul(oneHalf))
	stride := first
	for range narrowSteps {
		if iv.hi.Sub(iv.lo).Cmp(width) <= 0 {
			break
		}
		x := iv.lo.Add(iv.hi).Mul(oneHalf)
		if span := iv.hiScore.Decimal.Sub(iv.loScore.Decimal); iv.loScore.Valid && iv.hiScore.Valid && span.Sign() > 0 {
			// The guess is rounded to Places: it only chooses where to ask, and short decimals ask faster.
			t := iv.lo.Add(iv.hi.Sub(iv.lo).Mul(quo(iv.loScore.Decimal.Neg(), span))).Round(Places)
			switch {
			case t.Cmp(iv.lo) <= 0:
				t, stride = iv.lo.Add(stride).Round(Places), stride.Add(stride)
			case t.Cmp(iv.hi) >= 0:
				t, stride = iv.hi.Sub(stride).Round(Places), stride.Add(stride)
			default:
				stride = first
			}
			if t.Cmp(iv.lo) > 0 && t.Cmp(iv.hi) < 0 {
				x = t
			}
		}
		left, score := eval(x)
		if left {
			iv.lo, iv.loScore = x, score
			iv.loScore.Decimal = minDec(score.Decimal, zero)
			if side == -1 {
				iv.hiScore.Decimal = iv.hiScore.Decimal.Mul(oneHalf)
			}
			side = -1
		} else {
			iv.hi, iv.hiScore = x, score
			iv.hiScore.Decimal = maxDec(score.Decimal, zero)
			if side == 1 {
				iv.loScore.Decimal = iv.loScore.Decimal.Mul(oneHalf)
			}
			side = 1
		}
	}
	return &iv
}

// cellWidth is the width of a solve's final bracket: (hi − lo) / 2^Halvings, exactly.
func cellWidth(lo, hi decimal.Decimal) decimal.Decimal {
	w := hi.Sub(lo)
	for range Halvings {
		w = w.Mul(oneHalf)
	}
	return w
}

// solvePrice finds the lowest share price P at which the scenario's basic dilution is at most
// target (SPEC §3c), over [0.01, 100] × the scenario's price: lo when lo meets it, n/a when hi does
// not, else the final hi of the halvings, which keep hi meeting it and lo not. Only the financing
// reruns: the projects and the gap do not depend on the share price.
//
// Dilution need not fall as the price rises (SPEC §3), but it does when the mix asks nothing of
// the convertible, or when corporate debt is the same at every price of the bracket: equity is
// then the same at every price, or falls as the convertible's cap rises with it. Then the bracket
// is narrowed first on the score 1 / dilution − 1 / target, which has the sign of target −
// dilution and is linear in P while equity does not change (1 / dilution = 1 + shares
// outstanding / new shares).
func (c *minerCase) solvePrice(p casePoint, target decimal.Decimal) bracket {
	f := c.fund(p, c.miner)
	p.s.SharePriceChange = zero // from here the miner's share price is the price the raise is made at
	at := func(x decimal.Decimal) Financing {
		m := c.miner
		m.SharePrice = x
		return c.fund(p, m)
	}
	meets := func(f Financing) bool { return f.DilutionBasic.Cmp(target) <= 0 }
	b := bracket{lo: f.Price.Mul(priceBracket[0]), hi: f.Price.Mul(priceBracket[1])}
	lo := at(b.lo)
	if meets(lo) {
		b.answer, b.ok = b.lo, true
		return b
	}
	hi := at(b.hi)
	if !meets(hi) {
		return b
	}
	var known *scoredBracket
	shares := c.miner.SharesOutstanding
	// Corporate debt is the same at every price in the bracket when it is at its share of the gap
	// at hi: its room only shrinks as the price, and so the convertible counted in ND₀, rises.
	fixedDebt := f.Mix[2].IsZero() || hi.CorporateDebt.Equal(f.Mix[2].Mul(hi.Gap))
	below1 := true // a discount or fee of 1 or more, which Validate rejects, could turn a trend around
	for _, k := range []AssumptionKey{EquityDiscount, EquityFee, ConvertibleFee, DebtFee} {
		below1 = below1 && f.Assumptions.Get(k).LessThan(one)
	}
	if !c.literal && (f.Mix[1].IsZero() || fixedDebt) && below1 && shares.Sign() > 0 && f.Price.Sign() > 0 &&
		target.Sign() > 0 && target.LessThan(one) {
		score := func(f Financing) decimal.NullDecimal {
			if f.DilutionBasic.Sign() <= 0 {
				return decimal.NullDecimal{} // no new shares: no line through this point
			}
			return decimal.NewNullDecimal(quo(target.Sub(f.DilutionBasic), target.Mul(f.DilutionBasic)))
		}
		known = narrow(scoredBracket{b.lo, b.hi, score(lo), score(hi)}, cellWidth(b.lo, b.hi),
			func(x decimal.Decimal) (bool, decimal.NullDecimal) {
				f := at(x)
				return !meets(f), score(f)
			})
	}
	b.lo, b.hi = halve(b.lo, b.hi, func(x decimal.Decimal) bool { return !meets(at(x)) }, known)
	b.answer, b.ok = b.hi, true
	return b
}

// solveCapex finds the largest capex change driver d at which the scenario's gap is 0 (SPEC §3c),
// over [−0.99, 10]: n/a when lo leaves a gap, hi when hi leaves none, else the final lo of the
// halvings, which keep lo gap-free and hi not. Only the projects and the position rerun: the gap
// does not depend on the financing.
//
// Uses less sources never falls as capex rises while every build cost does not fall (1 + the
// scenario's own change above 0, no negative build cost): remaining capex rises with it, committed
// project debt used by no more. Then the bracket is narrowed first on uses less sources, which is
// linear in d between the points where a project's remaining capex reaches 0 or its committed
// project debt.
func (c *minerCase) solveCapex(p casePoint) bracket {
	at := func(d decimal.Decimal) Position {
		c.evals++
		return c.capex(p, d).pos
	}
	gapFree := func(d decimal.Decimal) bool { return at(d).Gap.IsZero() }
	b := bracket{lo: capexBracket[0], hi: capexBracket[1]}
	lo := at(b.lo)
	if !lo.Gap.IsZero() {
		return b
	}
	hi := at(b.hi)
	if hi.Gap.IsZero() {
		b.answer, b.ok = b.hi, true
		return b
	}
	monotone := one.Add(p.s.CapexChange).Sign() > 0
	for _, r := range p.prs {
		monotone = monotone && r.BuildCost.Sign() >= 0
	}
	var known *scoredBracket
	if monotone && !c.literal {
		excess := func(pos Position) decimal.NullDecimal { return decimal.NewNullDecimal(pos.Uses.Sub(pos.Sources)) }
		known = narrow(scoredBracket{b.lo, b.hi, excess(lo), excess(hi)}, cellWidth(b.lo, b.hi),
			func(d decimal.Decimal) (bool, decimal.NullDecimal) {
				pos := at(d)
				return pos.Gap.IsZero(), excess(pos)
			})
	}
	b.lo, b.hi = halve(b.lo, b.hi, gapFree, known)
	b.answer, b.ok = b.lo, true
	return b
}
