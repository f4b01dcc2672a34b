package model

import (
	"time"

	"github.com/shopspring/decimal"
)

// Horizon is the number of quarters on the timeline: Q0 … Q39.
const Horizon = 40

// MaxAmortisationQuarters is the longest repayment of project debt, in quarters.
const MaxAmortisationQuarters = 80

// TimelineShortfall flags a scenario whose cash falls below the minimum cash in some quarter: the
// static gap did not cover interest and timing.
const TimelineShortfall Flag = "timeline shortfall"

var (
	quartersPerYear = decimal.NewFromInt(4) // annual figures are divided by it
	// timelineTolerance is how far below the minimum cash, relative to max(1, minimum cash), the
	// lowest cash may fall before a scenario is flagged: far above the model's rounding (10^−20),
	// far below a cent.
	timelineTolerance = decimal.New(1, -9)
)

// TimelineParams are the timing assumptions of SPEC §2 the timeline runs with.
type TimelineParams struct {
	BuildQuarters         int // construction length of a project with no Energization date, 1 to 40
	PipelineStartQuarters int // quarters after Q0 at which a Pipeline project with no Start date starts, 0 to 39
}

// DefaultTimelineParams returns the SPEC defaults: 4 build quarters, Pipeline projects starting in Q4.
func DefaultTimelineParams() TimelineParams {
	return TimelineParams{BuildQuarters: 4, PipelineStartQuarters: 4}
}

// clamped keeps the parameters in their ranges, so that an unvalidated value cannot stretch a
// schedule: the timeline never panics on any input.
func (p TimelineParams) clamped() TimelineParams {
	p.BuildQuarters = min(max(p.BuildQuarters, 1), Horizon)
	p.PipelineStartQuarters = min(max(p.PipelineStartQuarters, 0), Horizon-1)
	return p
}

// QuarterIndex is a quarter of the timeline, K quarters after Q0, or none when Valid is false.
// K = −1 is the quarter before Q0: a runway that ends now.
type QuarterIndex struct {
	K     int
	Valid bool
}

func quarterAt(k int) QuarterIndex { return QuarterIndex{K: k, Valid: true} }

// Label is the quarter as an analyst reads it on a timeline whose Q0 is q0: "2027Q1", "now" for
// the quarter before Q0, "" for none.
func (i QuarterIndex) Label(q0 Quarter) string {
	switch {
	case !i.Valid:
		return ""
	case i.K < 0:
		return "now"
	}
	return q0.Add(i.K).String()
}

// Line is one flow of a cash case, USD m in each quarter Q0 … Q39.
type Line [Horizon]decimal.Decimal

// Sum is the line's total over the horizon.
func (l *Line) Sum() decimal.Decimal {
	s := zero
	for _, v := range l {
		s = s.Add(v)
	}
	return s
}

// CashFlows is one case of a miner's cash by quarter. Each flow line holds amounts as its name
// says, never negated; Lines tells which are added and which subtracted, so that
//
//	Cash[k] = Cash[k−1] + Σ sign × line[k], Cash[−1] = Opening
//
// holds exactly in every quarter. EBITDA and Interest sum flow lines for the coverage test.
type CashFlows struct {
	Opening decimal.Decimal // cash + BTC value + other committed funding, at the end of quarter −1

	MiningEBITDA          Line // the miner's mining EBITDA / 4
	Displaced             Line // Σ displaced mining EBITDA / 4, from each project's start
	NOI                   Line // Σ run-rate NOI / 4 over each project's contract
	Prepayments           Line // each in its project's start quarter
	ProjectDebtDrawn      Line // cash from project debt draws: committed at par, new net of the debt fee
	Capex                 Line
	ExistingInterest      Line // existing interest / 4
	ProjectDebtInterest   Line // committed and new project debt
	ProjectDebtPrincipal  Line
	UndrawnInterest       Line // undrawn debt rate / 4 × the balance drawn by the end of the quarter before
	OtherUses             Line // in Q0
	UndrawnDrawn          Line // undrawn committed debt drawn to hold the minimum cash
	NewMoney              Line // equity, convertible and corporate debt net, in Q0 (financed cases)
	ConvertibleCoupon     Line // new convertible gross × coupon / 4 (financed cases)
	CorporateDebtInterest Line // new corporate debt gross × rate / 4 (financed cases)

	EBITDA   Line // mining EBITDA − displaced + NOI
	Interest Line // existing, project debt, undrawn, convertible coupon and corporate debt interest
	Cash     Line // at the end of each quarter
}

// Net is quarter k's net flow, Σ sign × line[k] over Lines: by the cash identity, exactly the
// change of cash over the quarter.
func (c *CashFlows) Net(k int) decimal.Decimal { return netFlow(c.Opening, &c.Cash, k) }

// netFlow is the change of cash over quarter k, from opening at the end of quarter −1.
func netFlow(opening decimal.Decimal, cash *Line, k int) decimal.Decimal {
	if k == 0 {
		return cash[0].Sub(opening)
	}
	return cash[k].Sub(cash[k-1])
}

// CashLine names one flow line of a case and the sign it enters cash with: +1 or −1.
type CashLine struct {
	Name string
	Sign int
	Line *Line
}

// Lines returns the case's flow lines in the order the cash identity adds them.
func (c *CashFlows) Lines() []CashLine {
	return []CashLine{
		{"Mining EBITDA", 1, &c.MiningEBITDA},
		{"Displaced mining EBITDA", -1, &c.Displaced},
		{"NOI", 1, &c.NOI},
		{"Prepayments", 1, &c.Prepayments},
		{"Project debt drawn", 1, &c.ProjectDebtDrawn},
		{"Capex", -1, &c.Capex},
		{"Existing interest", -1, &c.ExistingInterest},
		{"Project debt interest", -1, &c.ProjectDebtInterest},
		{"Project debt principal", -1, &c.ProjectDebtPrincipal},
		{"Undrawn debt interest", -1, &c.UndrawnInterest},
		{"Other uses", -1, &c.OtherUses},
		{"Undrawn debt drawn", 1, &c.UndrawnDrawn},
		{"New money", 1, &c.NewMoney},
		{"Convertible coupon", -1, &c.ConvertibleCoupon},
		{"Corporate debt interest", -1, &c.CorporateDebtInterest},
	}
}

// SecuredCase is a miner's cash on one scope with only what is in hand or signed: no new financing.
type SecuredCase struct {
	Scope      Scope
	Opening    decimal.Decimal // cash at the end of quarter −1, as Flows.Opening
	Cash       Line            // at the end of each quarter, as Flows.Cash
	CapexTotal decimal.Decimal // Σ capex over the horizon, which is the scope's remaining capex
	// Flows are every line of the case. A Result leaves them out (nil), as it does a financed
	// case's: a writer that shows them computes one miner's at a time (SecuredOf).
	Flows       *CashFlows
	PeakNeed    decimal.Decimal // max(0, max over quarters of minimum cash − cash)
	PeakQuarter QuarterIndex    // the first quarter at the peak need; none when it is 0
	Runway      QuarterIndex    // the last quarter before cash first falls below the minimum; none when it never does
}

// FinancedCase is a scenario's cash: its scope under its capex change and overrides, plus its new money.
type FinancedCase struct {
	Scenario   int // into Result.Scenarios
	Scope      Scope
	Opening    decimal.Decimal // cash at the end of quarter −1, as Flows.Opening
	Cash       Line            // at the end of each quarter, as Flows.Cash
	CapexTotal decimal.Decimal // Σ capex over the horizon, which is the scope's remaining capex
	// Flows are every line of the case. A Result leaves them out (nil): the output shows a
	// scenario's cash line alone, and the lines of the financed cases are most of a timeline's
	// memory. TimelineOf keeps them.
	Flows          *CashFlows
	MinCash        decimal.Decimal // the lowest cash in any quarter
	MinCashQuarter QuarterIndex    // the first quarter at it
	// TroughCoverage is the lowest EBITDA / interest over the quarters with interest, negative when
	// EBITDA is; n/a (invalid) when no quarter has interest.
	TroughCoverage decimal.NullDecimal
	TroughQuarter  QuarterIndex
	// FCFPerShare is the free cash flow of the four quarters after the last build quarter (Q0 … Q3
	// when nothing remains to build), with the if-converted coupons added back, per PF diluted
	// share; n/a when any of the four lies past Q39 or there are no diluted shares.
	FCFPerShare decimal.NullDecimal
	FCFQuarter  QuarterIndex // the first of the four quarters; none when the window lies past Q39
	Flags       []Flag       // TimelineShortfall, or none
}

// Net is quarter k's net flow, the change of cash over the quarter (see CashFlows.Net).
func (c *FinancedCase) Net(k int) decimal.Decimal { return netFlow(c.Opening, &c.Cash, k) }

// MinerTimeline is one miner's timeline: the secured case on both scopes and each scenario's
// financed case.
type MinerTimeline struct {
	Index    int            // into Universe.Miners
	Q0       Quarter        // the quarter of the as-of date
	Secured  [2]SecuredCase // indexed by Scope
	Financed []FinancedCase // one per scenario, in Result.Scenarios order
}

// Timeline computes every miner's quarterly timeline (SPEC §3b) from a universe and the Result
// Compute gave for it: when each miner needs its money and when its cash runs out. It holds every
// line of every case at once; a writer that works miner by miner can call TimelineOf instead and
// keep one miner's lines at a time.
//
// Every project gets a schedule on the 40 quarters Q0 … Q39, Q0 holding the as-of date: its build
// runs over quarters s … e' (from its dates, else from its status and the timing parameters); its
// remaining capex is spread evenly over them, the last quarter taking the rounding; its prepayment
// arrives in quarter s, its run-rate NOI / 4 flows over its contract, its displaced mining EBITDA
// / 4 is lost from quarter s on. Project debt is drawn in step with capex, pays rate / 4 on the
// balance at the end of the quarter before, and from e' + 1 is repaid by level payments over the
// contract quarters after e' (at most 80), or pays interest only when none lies after e'. Capex,
// prepayments and draws that fall past Q39 count in Q39, so the timeline's capex always totals the
// remaining capex; NOI and interest past Q39 are left out.
//
// A miner's secured case adds, quarter by quarter, what is in hand or signed: opening cash (cash,
// BTC value, other committed funding), mining EBITDA, the projects' flows, existing interest, other
// uses in Q0, and undrawn committed debt drawn only to hold the minimum cash. A scenario's financed
// case is the secured case under the scenario's capex change and overrides, plus its new money:
// equity, convertible and corporate debt net in Q0, the convertible's coupon and the corporate
// debt's interest on their gross from Q0, and new project debt gross shared among the projects
// with capacity in proportion to it, drawn with capex (bringing its amount net of the debt fee)
// and repaid as above at the scenario's project debt rate.
func Timeline(u Universe, res Result, p TimelineParams) []MinerTimeline {
	out := make([]MinerTimeline, len(res.Miners))
	for i, mr := range res.Miners {
		out[i] = TimelineOf(u, mr, p)
	}
	return out
}

// TimelineOf computes one miner's timeline from its MinerResult. Existing interest and the
// undrawn debt rate never depend on a scenario (SPEC §3), so the secured cases take them from the
// miner's first financing; Compute always runs at least one scenario.
func TimelineOf(u Universe, mr MinerResult, p TimelineParams) MinerTimeline {
	m := u.Miners[mr.Index]
	sch, base := schedule(u, mr, p)
	mt := MinerTimeline{Index: mr.Index, Q0: sch.q0}
	existing, undrawnRate := minerRates(mr)
	var lastBuild [2]int
	mt.Secured, lastBuild = sch.secured(m, mr, base, existing, undrawnRate)

	mt.Financed = make([]FinancedCase, len(mr.Financings))
	for i := range mr.Financings {
		f := &mr.Financings[i]
		c := &mt.Financed[i]
		c.Scenario, c.Scope, c.Flows = f.Scenario, f.Scope, &CashFlows{}
		timings := base
		last := lastBuild[f.Scope]
		var ebitda *Line
		if sameSlice(f.Projects, mr.Projects) {
			// The scenario changes nothing projects use: its project flows and EBITDA are the
			// secured case's.
			c.Flows.copyProjectFlows(mt.Secured[f.Scope].Flows)
			ebitda = &mt.Secured[f.Scope].Flows.EBITDA
		} else {
			timings = sch.timingsFor(f.Projects, mr.Projects, base)
			last = sch.addProjects(c.Flows, f.Scope.Includes, f.Projects, timings)
		}
		sch.addNewProjectDebt(c.Flows, f, timings)
		a := f.Assumptions
		runCash(c.Flows, m, cashTerms{
			opening:     opening(f.Position),
			existing:    existing,
			undrawnRate: undrawnRate,
			newMoney:    f.Equity.Add(f.Convertible).Add(f.CorporateDebt),
			coupon:      quo(f.ConvertibleGross.Mul(a.Get(ConvertibleCoupon)), quartersPerYear),
			corporate:   quo(f.CorporateDebtGross.Mul(a.Get(CorporateDebtRate)), quartersPerYear),
			ebitda:      ebitda,
		})
		c.summarise(m.MinimumCash, last, f)
	}
	return mt
}

// SecuredOf computes one miner's secured cases alone, with every line (Flows), as TimelineOf
// does: what a writer that shows their lines needs of a Result, which leaves them out.
func SecuredOf(u Universe, mr MinerResult, p TimelineParams) [2]SecuredCase {
	sch, base := schedule(u, mr, p)
	existing, undrawnRate := minerRates(mr)
	secured, _ := sch.secured(u.Miners[mr.Index], mr, base, existing, undrawnRate)
	return secured
}

// schedule is the scheduler of u's timelines under p, and the timings of miner mr's projects.
func schedule(u Universe, mr MinerResult, p TimelineParams) (scheduler, []timing) {
	sch := scheduler{q0: QuarterOf(u.Assumptions.AsOf), params: p.clamped(), projects: u.Projects}
	base := make([]timing, len(mr.Projects))
	for j, r := range mr.Projects {
		base[j] = sch.timing(r)
	}
	return sch, base
}

// minerRates are a miner's existing interest and its undrawn debt rate, which never depend on a
// scenario (SPEC §3): the secured cases take them from its first financing; Compute always runs
// at least one scenario.
func minerRates(mr MinerResult) (existing, undrawnRate decimal.Decimal) {
	if len(mr.Financings) > 0 {
		return mr.Financings[0].ExistingInterest, mr.Financings[0].UndrawnDebtRate
	}
	return zero, zero
}

// secured computes a miner's secured cases, with their lines, on the projects' timings base, and
// each scope's last build quarter. The full pipeline holds the near-term projects and the
// Pipeline ones: its project flows are the near term's plus the Pipeline projects' own.
func (sch *scheduler) secured(m Miner, mr MinerResult, base []timing, existing, undrawnRate decimal.Decimal) (out [2]SecuredCase, lastBuild [2]int) {
	near, full := &out[NearTerm], &out[FullPipeline]
	near.Scope, full.Scope = NearTerm, FullPipeline
	near.Flows, full.Flows = &CashFlows{}, &CashFlows{}
	lastBuild[NearTerm] = sch.addProjects(near.Flows, NearTerm.Includes, mr.Projects, base)
	full.Flows.copyProjectFlows(near.Flows)
	pipeline := func(st Status) bool { return !NearTerm.Includes(st) }
	lastBuild[FullPipeline] = max(lastBuild[NearTerm], sch.addProjects(full.Flows, pipeline, mr.Projects, base))
	for _, sc := range Scopes {
		c := &out[sc]
		runCash(c.Flows, m, cashTerms{
			opening:  opening(mr.Positions[sc]),
			existing: existing, undrawnRate: undrawnRate})
		c.summarise(m.MinimumCash)
	}
	return out, lastBuild
}

// opening is a case's cash at the end of quarter −1: cash, BTC value after the haircut (at the
// case's BTC price) and other committed funding, as its position counts them among the sources.
func opening(pos Position) decimal.Decimal {
	return pos.Cash.Add(pos.BTCValue).Add(pos.OtherCommitted)
}

// sameSlice reports whether a and b are the same slice: Compute shares the base case's projects
// with every scenario that changes nothing they use.
func sameSlice(a, b []ProjectResult) bool {
	if len(a) != len(b) {
		return false
	}
	return len(a) == 0 || &a[0] == &b[0]
}

// timing is one project's place on the timeline, in quarter indexes relative to Q0. Indexes are
// not clamped to the horizon; every loop is.
type timing struct {
	s, e  int // build start s ≥ 0 and last build quarter e' ≥ s
	c0, m int // first contract quarter and number of contract quarters (0 without a contract)
	n     int // level payments of project debt from e' + 1, at most 80; 0: interest only
}

// scheduler places projects on one miner's timeline.
type scheduler struct {
	q0       Quarter
	params   TimelineParams
	projects []Project // Universe.Projects
	pows     []levelPow
	loans    []loan // the case's loans, gathered by addLoan
}

func (sc *scheduler) index(t time.Time) int { return QuarterOf(t).Sub(sc.q0) }

// timing places project r: SPEC §3b's s, e', contract quarters and amortisation quarters.
func (sc *scheduler) timing(r ProjectResult) timing {
	p := sc.projects[r.Index]
	var t timing
	switch {
	case !p.Start.IsZero():
		t.s = sc.index(p.Start)
	case p.Status == Pipeline:
		t.s = sc.params.PipelineStartQuarters
	}
	t.s = max(0, t.s)
	var e int
	switch {
	case !p.Energization.IsZero():
		e = sc.index(p.Energization)
	case p.Status == Energized:
		e = 0
	default:
		e = t.s + sc.params.BuildQuarters - 1
	}
	t.e = max(t.s, e)
	if !r.HasContract {
		return t
	}
	t.m = contractQuarters(p.ContractYears)
	t.c0 = t.e + 1
	if p.Status == Energized {
		// An Energized project's contract runs from its energization, which may lie in the past.
		t.c0 = 0
		if !p.Energization.IsZero() {
			t.c0 = e + 1
		}
	}
	after := max(t.c0, t.e+1) // the first contract quarter after the build
	t.n = min(max(0, t.c0+t.m-after), MaxAmortisationQuarters)
	return t
}

// timingsFor returns the timings of prs: those of base where prs lists the same projects in the
// same order (as Compute does), else computed afresh.
func (sc *scheduler) timingsFor(prs, baseResults []ProjectResult, base []timing) []timing {
	if len(prs) == len(baseResults) {
		same := true
		for j := range prs {
			if prs[j].Index != baseResults[j].Index {
				same = false
				break
			}
		}
		if same {
			return base
		}
	}
	out := make([]timing, len(prs))
	for j, r := range prs {
		out[j] = sc.timing(r)
	}
	return out
}

// contractQuarters is floor(4 × contract years), within the longest contract the model accepts.
func contractQuarters(years decimal.Decimal) int {
	if years.Sign() <= 0 {
		return 0
	}
	if years.GreaterThan(decimal.NewFromInt(MaxContractYears)) {
		return 4 * MaxContractYears
	}
	return int(years.Mul(quartersPerYear).IntPart())
}

// spread is an amount laid over a build in step with its capex: per in each quarter first …
// last − 1 and the rest in last, so that the quarters sum to the amount exactly. last is e'
// clamped to Q39, where everything past the horizon lands.
type spread struct {
	first, last int
	per, rest   decimal.Decimal
}

// capexSpread spreads the remaining capex evenly over s … e'.
func capexSpread(t timing, remaining decimal.Decimal) spread {
	sp := spread{first: min(t.s, Horizon-1), last: min(t.e, Horizon-1)}
	sp.per = quo(remaining, decimal.NewFromInt(int64(t.e)-int64(t.s)+1))
	sp.rest = remaining.Sub(sp.per.Mul(decimal.NewFromInt(int64(sp.last - sp.first))))
	return sp
}

// along spreads amount in step with the capex spread c of remaining capex: amount × capex_k /
// remaining in each quarter, the last taking the rest.
func (c spread) along(amount, remaining decimal.Decimal) spread {
	sp := spread{first: c.first, last: c.last}
	sp.per = quo(amount.Mul(c.per), remaining)
	sp.rest = amount.Sub(sp.per.Mul(decimal.NewFromInt(int64(sp.last - sp.first))))
	return sp
}

// in is the amount in quarter k, one of first … last.
func (c spread) in(k int) decimal.Decimal {
	if k == c.last {
		return c.rest
	}
	return c.per
}

// addProjects adds to cf the flows of the projects whose status include accepts: capex,
// prepayments, NOI, displaced mining EBITDA and committed project debt. It returns the last build
// quarter e' of those with capex remaining, −1 when there is none.
func (sc *scheduler) addProjects(cf *CashFlows, include func(Status) bool, prs []ProjectResult, timings []timing) int {
	lastBuild := -1
	var noi, lost steps
	sc.loans = sc.loans[:0]
	for j := range prs {
		r := &prs[j]
		if !include(sc.projects[r.Index].Status) {
			continue
		}
		t := timings[j]
		if r.RemainingCapex.Sign() > 0 {
			lastBuild = max(lastBuild, t.e)
			c := capexSpread(t, r.RemainingCapex)
			for k := c.first; k <= c.last; k++ {
				cf.Capex[k] = lineAdd(cf.Capex[k], c.in(k))
			}
			if r.CommittedDebtUsed.Sign() > 0 {
				sc.addLoan(t, c.along(r.CommittedDebtUsed, r.RemainingCapex), r.CommittedDebtRate, one)
			}
		}
		if r.Prepayment.Sign() != 0 {
			k := min(t.s, Horizon-1)
			cf.Prepayments[k] = lineAdd(cf.Prepayments[k], r.Prepayment)
		}
		if r.HasContract && r.NOI.Sign() != 0 {
			noi.add(quo(r.NOI, quartersPerYear), t.c0, t.c0+t.m)
		}
		if r.DisplacedEBITDA.Sign() != 0 {
			lost.add(quo(r.DisplacedEBITDA, quartersPerYear), t.s, Horizon)
		}
	}
	noi.into(&cf.NOI)
	lost.into(&cf.Displaced)
	sc.runLoans(cf)
	return lastBuild
}

// steps holds amounts that flow in every quarter of a range as changes: +x where the range starts
// and −x where it ends, so that a project costs two additions rather than one per quarter.
type steps [Horizon + 1]decimal.Decimal

// add makes x flow in quarters from … to − 1, clamped to the horizon.
func (st *steps) add(x decimal.Decimal, from, to int) {
	from, to = max(from, 0), min(to, Horizon)
	if from >= to {
		return
	}
	st[from] = lineAdd(st[from], x)
	st[to] = lineSub(st[to], x)
}

// into adds the running sum of the changes to l.
func (st *steps) into(l *Line) {
	run := zero
	for k := range Horizon {
		run = lineAdd(run, st[k])
		l[k] = lineAdd(l[k], run)
	}
}

// addNewProjectDebt shares the scenario's new project debt gross among its scope's projects with
// capacity, in proportion to their capacity (the last of them takes the rounding, so the shares
// sum to the gross amount), and adds each share's draws and debt service to cf.
func (sc *scheduler) addNewProjectDebt(cf *CashFlows, f *Financing, timings []timing) {
	gross, capacity := f.ProjectDebtGross, f.Position.DebtCapacity
	if gross.Sign() <= 0 || capacity.Sign() <= 0 {
		return
	}
	eligible := func(r *ProjectResult) bool {
		return r.DebtCapacity.Sign() > 0 && r.RemainingCapex.Sign() > 0 &&
			f.Scope.Includes(sc.projects[r.Index].Status)
	}
	last := -1
	for j := range f.Projects {
		if eligible(&f.Projects[j]) {
			last = j
		}
	}
	rate := f.Assumptions.Get(ProjectDebtRate)
	net := one.Sub(f.Assumptions.Get(DebtFee))
	placed := zero
	sc.loans = sc.loans[:0]
	for j := range f.Projects {
		r := &f.Projects[j]
		if !eligible(r) {
			continue
		}
		share := quo(gross.Mul(r.DebtCapacity), capacity)
		if j == last {
			share = maxDec(zero, gross.Sub(placed))
		}
		placed = placed.Add(share)
		c := capexSpread(timings[j], r.RemainingCapex)
		sc.addLoan(timings[j], c.along(share, r.RemainingCapex), rate, net)
	}
	sc.runLoans(cf)
}

// loan is project debt on one schedule: drawn gross along draws, each draw bringing cash of draw
// × cash, at an annual rate, repaid by n level payments from e + 1.
type loan struct {
	draws      spread
	e, n       int
	rate, cash decimal.Decimal
}

// addLoan gathers a loan for runLoans. Loans on the same schedule at the same rate and cash
// factor are one loan drawn with the sum of their draws: each line of a loan is linear in its
// draws, so the sum is the same but for the last of the model's Places decimals, where each would
// have rounded on its own. A miner's projects often share a schedule, so this saves most of the
// timeline's arithmetic.
func (sc *scheduler) addLoan(t timing, draws spread, rate, cash decimal.Decimal) {
	for i := range sc.loans {
		l := &sc.loans[i]
		if l.draws.first == draws.first && l.draws.last == draws.last && l.e == t.e && l.n == t.n &&
			l.rate.Equal(rate) && l.cash.Equal(cash) {
			l.draws.per, l.draws.rest = l.draws.per.Add(draws.per), l.draws.rest.Add(draws.rest)
			return
		}
	}
	sc.loans = append(sc.loans, loan{draws: draws, e: t.e, n: t.n, rate: rate, cash: cash})
}

// runLoans adds the gathered loans to cf: draws, interest at rate / 4 on the balance at the end of
// the quarter before, level payments over n quarters from e' + 1 (the last clearing the balance),
// else interest only.
func (sc *scheduler) runLoans(cf *CashFlows) {
	for _, l := range sc.loans {
		balance, payment := zero, zero
		for k := l.draws.first; k < Horizon; k++ {
			interest := zero
			if balance.Sign() != 0 {
				interest = quo(l.rate.Mul(balance), quartersPerYear)
				cf.ProjectDebtInterest[k] = lineAdd(cf.ProjectDebtInterest[k], interest)
			}
			switch {
			case k <= l.draws.last:
				d := l.draws.in(k)
				balance = balance.Add(d)
				cf.ProjectDebtDrawn[k] = lineAdd(cf.ProjectDebtDrawn[k], d.Mul(l.cash))
			case k > l.e && k <= l.e+l.n:
				if k == l.e+1 {
					payment = sc.level(balance, l.rate, l.n)
				}
				principal := payment.Sub(interest)
				if k == l.e+l.n {
					principal = balance
				}
				balance = balance.Sub(principal)
				cf.ProjectDebtPrincipal[k] = lineAdd(cf.ProjectDebtPrincipal[k], principal)
			}
			if balance.Sign() == 0 && k > l.draws.last {
				break
			}
		}
	}
}

// lineAdd is a + b, without an allocation when either is 0: most cells of a timeline are.
func lineAdd(a, b decimal.Decimal) decimal.Decimal {
	switch {
	case b.IsZero():
		return a
	case a.IsZero():
		return b
	}
	return a.Add(b)
}

// lineSub is a − b, without an allocation when b is 0.
func lineSub(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() {
		return a
	}
	return a.Sub(b)
}

// levelPow remembers (1 + r / 4)^n: a miner's loans mostly share rate and term.
type levelPow struct {
	rate decimal.Decimal
	n    int
	pow  decimal.Decimal
}

// level is the level quarterly payment that repays b over n quarters at the annual rate:
// b × q / (1 − (1 + q)^−n) with q = rate / 4, written as b × q × (1 + q)^n / ((1 + q)^n − 1) so
// that it takes one division; b / n when the rate is 0.
func (sc *scheduler) level(b, rate decimal.Decimal, n int) decimal.Decimal {
	if n <= 0 {
		return zero
	}
	q := quo(rate, quartersPerYear)
	if q.IsZero() {
		return quo(b, decimal.NewFromInt(int64(n)))
	}
	var pow decimal.Decimal
	found := false
	for _, lp := range sc.pows {
		if lp.n == n && lp.rate.Equal(rate) {
			pow, found = lp.pow, true
			break
		}
	}
	if !found {
		base := one.Add(q)
		pow = one
		for range n {
			pow = pow.Mul(base)
		}
		sc.pows = append(sc.pows, levelPow{rate, n, pow})
	}
	return quo(b.Mul(q).Mul(pow), pow.Sub(one))
}

// copyProjectFlows takes the project lines of another case.
func (c *CashFlows) copyProjectFlows(from *CashFlows) {
	c.Displaced, c.NOI, c.Prepayments = from.Displaced, from.NOI, from.Prepayments
	c.ProjectDebtDrawn, c.Capex = from.ProjectDebtDrawn, from.Capex
	c.ProjectDebtInterest, c.ProjectDebtPrincipal = from.ProjectDebtInterest, from.ProjectDebtPrincipal
}

// cashTerms are a case's miner-level amounts: per year for existing interest and the undrawn
// rate, per quarter for the new coupons and interest.
type cashTerms struct {
	opening           decimal.Decimal
	existing          decimal.Decimal // per year
	undrawnRate       decimal.Decimal
	newMoney          decimal.Decimal // in Q0
	coupon, corporate decimal.Decimal // per quarter
	ebitda            *Line           // the EBITDA of a case with the same projects, or nil
}

// runCash fills the miner-level lines of cf and walks its cash through the horizon, drawing
// undrawn committed debt only to hold the minimum cash. The project lines must be in place.
func runCash(cf *CashFlows, m Miner, t cashTerms) {
	mining := quo(m.MiningEBITDA, quartersPerYear)
	existing := quo(t.existing, quartersPerYear)
	fixed := lineAdd(lineAdd(existing, t.coupon), t.corporate) // the interest every quarter pays
	cf.Opening = t.opening
	cf.OtherUses[0] = m.OtherUses
	cf.NewMoney[0] = t.newMoney
	cash, left, drawn := t.opening, m.UndrawnDebt, zero
	for k := range Horizon {
		cf.MiningEBITDA[k] = mining
		cf.ExistingInterest[k] = existing
		cf.ConvertibleCoupon[k], cf.CorporateDebtInterest[k] = t.coupon, t.corporate
		undrawnInterest := zero
		if drawn.Sign() != 0 {
			undrawnInterest = quo(t.undrawnRate.Mul(drawn), quartersPerYear)
		}
		cf.UndrawnInterest[k] = undrawnInterest
		if t.ebitda != nil {
			cf.EBITDA[k] = t.ebitda[k]
		} else {
			cf.EBITDA[k] = lineAdd(lineSub(mining, cf.Displaced[k]), cf.NOI[k])
		}
		cf.Interest[k] = lineAdd(lineAdd(fixed, cf.ProjectDebtInterest[k]), undrawnInterest)

		in := lineAdd(lineAdd(lineAdd(cf.EBITDA[k], cf.Prepayments[k]), cf.ProjectDebtDrawn[k]), cf.NewMoney[k])
		out := lineAdd(lineAdd(lineAdd(cf.Interest[k], cf.Capex[k]), cf.ProjectDebtPrincipal[k]), cf.OtherUses[k])
		cash = lineSub(lineAdd(cash, in), out)
		draw := zero
		if left.Sign() > 0 && cash.LessThan(m.MinimumCash) {
			draw = minDec(left, m.MinimumCash.Sub(cash))
			left, drawn = left.Sub(draw), drawn.Add(draw)
			cash = cash.Add(draw)
		}
		cf.UndrawnDrawn[k] = draw
		cf.Cash[k] = cash
	}
}

// summarise finds the peak funding need and the runway against the minimum cash.
func (c *SecuredCase) summarise(minimum decimal.Decimal) {
	c.Opening, c.Cash, c.CapexTotal = c.Flows.Opening, c.Flows.Cash, c.Flows.Capex.Sum()
	c.PeakNeed, c.PeakQuarter, c.Runway = zero, QuarterIndex{}, QuarterIndex{}
	for k, cash := range c.Cash {
		if need := minimum.Sub(cash); need.GreaterThan(c.PeakNeed) {
			c.PeakNeed, c.PeakQuarter = need, quarterAt(k)
		}
		if !c.Runway.Valid && cash.LessThan(minimum) {
			c.Runway = quarterAt(k - 1)
		}
	}
}

// summarise finds the lowest cash, the trough coverage and the FCF per diluted share; lastBuild
// is the last build quarter e' of the scope's projects with capex remaining, −1 when none.
func (c *FinancedCase) summarise(minimum decimal.Decimal, lastBuild int, f *Financing) {
	fl := c.Flows
	c.Opening, c.Cash, c.CapexTotal = fl.Opening, fl.Cash, fl.Capex.Sum()
	c.MinCash, c.MinCashQuarter = c.Cash[0], quarterAt(0)
	trough := -1
	for k, cash := range c.Cash {
		if cash.LessThan(c.MinCash) {
			c.MinCash, c.MinCashQuarter = cash, quarterAt(k)
		}
		// EBITDA_k / interest_k below the trough so far, compared as products: the interest of
		// both quarters is above 0, so one division at the end does.
		if fl.Interest[k].Sign() > 0 && (trough < 0 ||
			fl.EBITDA[k].Mul(fl.Interest[trough]).LessThan(fl.EBITDA[trough].Mul(fl.Interest[k]))) {
			trough = k
		}
	}
	if trough >= 0 {
		c.TroughCoverage = decimal.NewNullDecimal(quo(fl.EBITDA[trough], fl.Interest[trough]))
		c.TroughQuarter = quarterAt(trough)
	}
	if minimum.Sub(c.MinCash).GreaterThan(timelineTolerance.Mul(maxDec(one, minimum))) {
		c.Flags = append(c.Flags, TimelineShortfall)
	}

	if lastBuild < Horizon-4 { // the four quarters lastBuild + 1 … lastBuild + 4 lie inside the horizon
		first := lastBuild + 1 // Q0 when nothing remains to build
		c.FCFQuarter = quarterAt(first)
		free := f.ConvertibleCoupons.Add(f.ConvertibleGross.Mul(f.Assumptions.Get(ConvertibleCoupon)))
		for k := first; k < first+4; k++ {
			free = free.Add(fl.EBITDA[k]).Sub(fl.Interest[k]).Sub(fl.ProjectDebtPrincipal[k])
		}
		c.FCFPerShare = ratio(free, f.PFDilutedShares)
	}
}
