package model

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Places is the number of decimal places every division in the model keeps: x / y is always
// x.DivRound(y, Places). It is the model's only rounding; see the package comment.
const Places = 20

// MaxContractYears is the longest contract term the model accepts, in years. Validate rejects
// longer ones; Compute discounts at most this many years.
const MaxContractYears = 100

var (
	zero    = decimal.Zero
	one     = decimal.NewFromInt(1)
	million = decimal.NewFromInt(1_000_000)
)

// quo is x / y to Places decimals, or 0 when y is 0 (a guard: Validate keeps every model
// denominator away from 0, but Compute must not panic on input it did not see validated).
func quo(x, y decimal.Decimal) decimal.Decimal {
	if y.IsZero() || x.IsZero() {
		return zero // 0 / y is 0: a division spared (most tranches of a mix are 0)
	}
	return x.DivRound(y, Places)
}

// ratio is x / y, n/a when y ≤ 0.
func ratio(x, y decimal.Decimal) decimal.NullDecimal {
	if y.Sign() <= 0 {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(x.DivRound(y, Places))
}

// grossOf is the gross amount whose net after a fee is net: net / (1 − fee).
func grossOf(net, fee decimal.Decimal) decimal.Decimal {
	d := one.Sub(fee)
	if d.Sign() <= 0 || net.IsZero() {
		return net
	}
	return net.DivRound(d, Places)
}

func maxDec(a, b decimal.Decimal) decimal.Decimal {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

func minDec(a, b decimal.Decimal) decimal.Decimal {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// tickerKey is how tickers match: case-insensitively, white space trimmed and collapsed.
func tickerKey(t string) string {
	t = strings.TrimSuffix(strings.TrimSpace(t), "*")
	if plainASCII(t) {
		return strings.ToLower(t) // no copy when already lower case
	}
	return strings.ToLower(strings.Join(strings.Fields(t), " "))
}

// plainASCII reports whether t is ASCII with single spaces between words and none at either end:
// then only its case stands between it and its key.
func plainASCII(t string) bool {
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= 0x80 || c < ' ' || c == 0x7f {
			return false
		}
		if c == ' ' && (i == 0 || i == len(t)-1 || t[i-1] == ' ') {
			return false
		}
	}
	return true
}

// withOverrides returns a with the scenario's overrides applied.
func withOverrides(a Assumptions, s Scenario) Assumptions {
	for k, v := range s.Overrides {
		a = a.with(k, v)
	}
	return a
}

// with returns a with assumption k set to v, as a scenario's override sets it (the as-of date is
// the workbook's alone).
func (a Assumptions) with(k AssumptionKey, v decimal.Decimal) Assumptions {
	if k < 0 || k >= numAssumptions || k == AsOfDate {
		return a
	}
	a.Values[k] = v
	if k == BTCPrice {
		a.HasBTCPrice = true
	}
	return a
}

// own returns the project's value when it gave one, else the assumption.
func own(v decimal.NullDecimal, a Assumptions, k AssumptionKey) (decimal.Decimal, bool) {
	if v.Valid {
		return v.Decimal, false
	}
	return a.Get(k), true
}

// annuity is (1 − (1 + r)^−n) / r, the present value of 1 a year for n years at rate r, written
// as ((1 + r)^n − 1) / ((1 + r)^n × r) so that it takes one division. r = 0 gives n.
func annuity(r decimal.Decimal, n int) decimal.Decimal {
	if n <= 0 {
		return zero
	}
	if n > MaxContractYears {
		n = MaxContractYears
	}
	if r.IsZero() {
		return decimal.NewFromInt(int64(n))
	}
	base := one.Add(r)
	if base.Sign() <= 0 {
		return zero
	}
	pow := one
	for range n {
		pow = pow.Mul(base)
	}
	return quo(pow.Sub(one), pow.Mul(r))
}

// annuities remembers annuity factors by rate and term: most projects share both, and the power
// is the model's costliest product. A nil annuities computes every time.
type annuities map[annuityKey]decimal.Decimal

type annuityKey struct {
	rate string
	n    int
}

func (c annuities) factor(r decimal.Decimal, n int) decimal.Decimal {
	if c == nil {
		return annuity(r, n)
	}
	k := annuityKey{r.String(), n}
	v, ok := c[k]
	if !ok {
		v = annuity(r, n)
		c[k] = v
	}
	return v
}

// project computes one project under assumptions a and capex change c; base are the workbook's
// assumptions, which price the project's committed debt when it gives no rate of its own.
func project(i int, p Project, a, base Assumptions, c decimal.Decimal, ann annuities) ProjectResult {
	r := ProjectResult{Index: i}
	r.NOIMargin, r.NOIMarginDefault = own(p.NOIMargin, a, NOIMargin)
	r.LoanToCost, r.LoanToCostDefault = own(p.LoanToCost, a, ProjectLoanToCost)
	r.ProjectDebtRate, r.ProjectDebtRateDefault = own(p.ProjectDebtRate, a, ProjectDebtRate)
	r.CommittedDebtRate, _ = own(p.ProjectDebtRate, base, ProjectDebtRate)

	r.Prepayment = owned(p, p.Prepayment)
	r.CommittedDebt = owned(p, p.CommittedProjectDebt)
	r.DisplacedEBITDA = owned(p, p.DisplacedEBITDA)

	r.HasContract = p.ContractValue.Sign() > 0 && p.ContractYears.Sign() > 0
	if r.HasContract {
		r.CashRevenue = quo(owned(p, p.ContractValue).Sub(r.Prepayment), p.ContractYears)
		r.NOI = r.CashRevenue.Mul(r.NOIMargin)
	}
	n := int(p.ContractYears.IntPart())
	if p.ContractYears.GreaterThan(decimal.NewFromInt(MaxContractYears)) {
		n = MaxContractYears
	}
	r.AnnuityFactor = ann.factor(r.ProjectDebtRate, n)
	if r.debtFinanceable(p) {
		r.CapacityByCoverage = maxDec(zero, quo(r.NOI.Mul(r.AnnuityFactor), a.Get(ProjectMinDSCR)))
	}
	r.cost(p, a, c)
	return r
}

// debtFinanceable reports whether project debt can be raised on the project: it has a contract
// and is past Pipeline.
func (r *ProjectResult) debtFinanceable(p Project) bool { return r.HasContract && p.Status != Pipeline }

// cost fills what a capex change c moves, on a result whose other figures are in place: the build
// cost, the capex spent when it is the build cost, the remaining capex, the committed project debt
// used and the debt capacity. A recomputation that moves only the capex change reruns this alone.
func (r *ProjectResult) cost(p Project, a Assumptions, c decimal.Decimal) {
	r.build(p, a, c)
	switch {
	case p.CapexSpent.Valid:
		r.CapexSpent = owned(p, p.CapexSpent.Decimal)
	case p.CapexSpentIsBuildCost():
		r.CapexSpent, r.CapexSpentDefault = r.BuildCost, true
	default:
		r.CapexSpent, r.CapexSpentDefault = zero, true
	}
	r.RemainingCapex = maxDec(zero, r.BuildCost.Sub(r.CapexSpent))
	r.CommittedDebtUsed = minDec(r.CommittedDebt, r.RemainingCapex)
	if r.debtFinanceable(p) {
		r.CapacityByCost = minDec(r.LoanToCost.Mul(r.BuildCost), r.RemainingCapex)
		r.DebtCapacity = maxDec(zero, minDec(r.CapacityByCost, r.CapacityByCoverage).Sub(r.CommittedDebtUsed))
	}
}

// build fills the project's ownership, owned MW and build cost (shell and GPUs) under assumptions
// a and capex change c: all a Note about the build cost needs.
func (r *ProjectResult) build(p Project, a Assumptions, c decimal.Decimal) {
	r.CapexPerMW, r.CapexPerMWDefault = own(p.CapexPerMW, a, CapexPerMW)
	r.GPUCapexPerMW, r.GPUCapexPerMWDefault = own(p.GPUCapexPerMW, a, GPUCapexPerMW)
	r.Ownership = p.Share()
	r.MW = owned(p, p.MW)
	r.ShellCost = grown(r.MW.Mul(r.CapexPerMW), c)
	if p.Business == GPUCloud {
		r.GPUCost = grown(r.MW.Mul(r.GPUCapexPerMW), c)
	}
	r.BuildCost = plus(r.ShellCost, r.GPUCost)
}

// owned is the miner's share of a whole-site amount x of project p: x × its ownership.
func owned(p Project, x decimal.Decimal) decimal.Decimal {
	if !p.Ownership.Valid || x.IsZero() {
		return x // the whole site, or nothing: no product to take
	}
	return x.Mul(p.Ownership.Decimal)
}

// grown is x × (1 + c), a cost under capex change c.
func grown(x, c decimal.Decimal) decimal.Decimal {
	if c.IsZero() {
		return x
	}
	return x.Mul(one.Add(c))
}

// plus is a + b. Sums over projects add many zeros (no GPUs, no contract, nothing displaced),
// and decimal's Add allocates even for those.
func plus(a, b decimal.Decimal) decimal.Decimal {
	if b.IsZero() {
		return a
	}
	if a.IsZero() {
		return b
	}
	return a.Add(b)
}

// scopeTotals are a miner's sums over the projects of one scope.
type scopeTotals struct {
	pos               Position        // Scope and the Σ lines filled
	committedInterest decimal.Decimal // Σ committed project debt used × its CommittedDebtRate
}

func sumScope(scope Scope, projects []Project, results []ProjectResult) scopeTotals {
	t := scopeTotals{pos: Position{Scope: scope}}
	for _, r := range results {
		p := projects[r.Index]
		if !scope.Includes(p.Status) {
			continue
		}
		t.pos.MW = plus(t.pos.MW, r.MW)
		t.pos.ShellCost = plus(t.pos.ShellCost, r.ShellCost)
		t.pos.GPUCost = plus(t.pos.GPUCost, r.GPUCost)
		t.pos.DisplacedEBITDA = plus(t.pos.DisplacedEBITDA, r.DisplacedEBITDA)
		t.pos.RemainingCapex = plus(t.pos.RemainingCapex, r.RemainingCapex)
		t.pos.Prepayments = plus(t.pos.Prepayments, r.Prepayment)
		t.pos.CommittedProjectDebt = plus(t.pos.CommittedProjectDebt, r.CommittedDebtUsed)
		t.pos.DebtCapacity = plus(t.pos.DebtCapacity, r.DebtCapacity)
		t.pos.ContractNOI = plus(t.pos.ContractNOI, r.NOI)
		if !r.CommittedDebtUsed.IsZero() {
			t.committedInterest = plus(t.committedInterest, r.CommittedDebtUsed.Mul(r.CommittedDebtRate))
		}
	}
	return t
}

// position completes a miner's sources and uses for one scope from its project totals.
func position(m Miner, t scopeTotals, a Assumptions) Position {
	pos := t.pos
	pos.OtherUses, pos.MinimumCash, pos.Cash = m.OtherUses, m.MinimumCash, m.Cash
	pos.UndrawnDebt, pos.OtherCommitted = m.UndrawnDebt, m.OtherCommitted
	// BTC price is in USD and sources in USD m: the shift is an exact division by 1,000,000.
	pos.BTCValue = m.BTCHeld.Mul(a.Get(BTCPrice)).Shift(-6).Mul(one.Sub(a.Get(BTCHaircut)))
	pos.Uses = pos.RemainingCapex.Add(pos.OtherUses).Add(pos.MinimumCash)
	pos.Sources = pos.Cash.Add(pos.BTCValue).Add(pos.UndrawnDebt).Add(pos.OtherCommitted).
		Add(pos.Prepayments).Add(pos.CommittedProjectDebt)
	pos.Gap = maxDec(zero, pos.Uses.Sub(pos.Sources))
	pos.Surplus = maxDec(zero, pos.Sources.Sub(pos.Uses))
	pos.GrossGap = maxDec(zero, pos.Uses.Sub(pos.Cash).Sub(pos.BTCValue))
	pos.GapToMarketCap = ratio(pos.Gap, m.SharePrice.Mul(m.SharesOutstanding))
	return pos
}

// mix returns the scenario's mix divided by its sum: equity, convertible, corporate debt,
// project debt. A mix that sums to 0 or less (Validate rejects it) is taken as all equity.
func mix(s Scenario) [4]decimal.Decimal {
	raw := [4]decimal.Decimal{s.Equity, s.Convertible, s.CorporateDebt, s.ProjectDebt}
	sum := raw[0].Add(raw[1]).Add(raw[2]).Add(raw[3])
	if sum.Sign() <= 0 {
		return [4]decimal.Decimal{one, zero, zero, zero}
	}
	var out [4]decimal.Decimal
	for i, v := range raw {
		out[i] = quo(v, sum)
	}
	return out
}

// minerInputs is what Compute gathers for one miner before it computes.
type minerInputs struct {
	miner           Miner
	projects        []int // indexes into Universe.Projects, sheet order
	instruments     []Instrument
	instrumentIndex []int // the instruments' indexes into Universe.Instruments
}

// Compute runs the model of SPEC §3 over a universe Validate accepted. It never panics and never
// divides by zero on any input, but on input Validate rejects its figures mean little.
// A scenario that changes nothing projects use shares the base case's ProjectResults slice:
// treat the result as read-only.
func Compute(u Universe) Result {
	res := Result{Scenarios: u.Scenarios}
	if len(res.Scenarios) == 0 {
		res.Scenarios = DefaultScenarios()
	}
	base := u.Assumptions

	byTicker := map[string]*minerInputs{}
	inputs := make([]minerInputs, len(u.Miners))
	for i, m := range u.Miners {
		inputs[i].miner = m
		if _, dup := byTicker[tickerKey(m.Ticker)]; !dup {
			byTicker[tickerKey(m.Ticker)] = &inputs[i]
		}
	}
	for i, p := range u.Projects {
		if in := byTicker[tickerKey(p.Ticker)]; in != nil {
			in.projects = append(in.projects, i)
		}
	}
	for k, ins := range u.Instruments {
		if in := byTicker[tickerKey(ins.Ticker)]; in != nil {
			in.instruments = append(in.instruments, ins)
			in.instrumentIndex = append(in.instrumentIndex, k)
		}
	}

	for i, p := range u.Projects {
		if p.CapexSpentIsBuildCost() {
			var r ProjectResult
			r.build(p, base, zero)
			res.Notes = append(res.Notes, Note{Ref: &Ref{TableProjects, i, FieldCapexSpent},
				Text: fmt.Sprintf("capex spent is blank on an Energized project; taken as the whole build cost, %s USD m, so nothing remains to spend", r.BuildCost)})
		}
		if !p.CapexSpent.Valid && p.Status == UnderConstruction {
			var r ProjectResult
			r.build(p, base, zero)
			res.Notes = append(res.Notes, Note{Ref: &Ref{TableProjects, i, FieldCapexSpent}, Warning: true,
				Text: fmt.Sprintf("capex spent is blank on an Under construction project; assumed nothing spent yet, so the whole build cost, %s USD m, remains to spend; enter the capex spent so far", r.BuildCost)})
		}
		if p.Status == Contracted && p.ContractValue.Sign() <= 0 {
			res.Notes = append(res.Notes, Note{Ref: &Ref{TableProjects, i, FieldContractValue}, Warning: true,
				Text: "a Contracted project without a contract value earns nothing and gets no new project debt; enter its contract value and contract years"})
		}
	}
	res.Notes = append(res.Notes, shadowNotes(u, res.Scenarios)...)

	ann := annuities{}
	scenarioAssumptions := make([]Assumptions, len(res.Scenarios))
	for si, s := range res.Scenarios {
		scenarioAssumptions[si] = withOverrides(base, s)
	}
	for i := range inputs {
		in := &inputs[i]
		m := in.miner
		mr := MinerResult{Index: i, Instruments: in.instrumentIndex, MarketCap: m.SharePrice.Mul(m.SharesOutstanding)}
		mr.Projects = projectsFor(u.Projects, in.projects, base, base, zero, ann)
		var totals [2]scopeTotals
		for _, sc := range Scopes {
			totals[sc] = sumScope(sc, u.Projects, mr.Projects)
			mr.Positions[sc] = position(m, totals[sc], base)
		}
		mr.GapToMarketCap = mr.Positions[NearTerm].GapToMarketCap
		for si, s := range res.Scenarios {
			a := scenarioAssumptions[si]
			prs, t := mr.Projects, totals[s.Scope]
			if ChangesProjects(s) {
				prs = projectsFor(u.Projects, in.projects, a, base, s.CapexChange, ann)
				t = sumScope(s.Scope, u.Projects, prs)
			}
			f := finance(m, in.instruments, prs, position(m, t, a), t.committedInterest, s, a, base)
			f.Scenario = si
			mr.Financings = append(mr.Financings, f)
		}
		res.Miners = append(res.Miners, mr)
	}
	return res
}

// Run computes everything the output shows: Compute's figures (SPEC §3), then each miner's
// quarterly timeline (§3b) and its sensitivities and solves (§3c), with the run-wide settings of
// the assumptions. The §3b and §3c figures are recomputations of one miner at a time; Compute
// alone is the cheaper call where they are not needed.
func Run(u Universe) Result { return RunEach(u, nil) }

// Each calls f(0) … f(n−1), in any order and possibly at once, and returns when all are done.
type Each func(n int, f func(i int))

// RunEach is Run with each miner's timeline and sensitivities computed through each, which may
// run them at once (the command gives its pool of threads); nil computes them in turn. The
// results do not depend on the order.
func RunEach(u Universe, each Each) Result {
	res := Compute(u)
	n := len(res.Miners)
	res.Timelines = make([]MinerTimeline, n)
	res.Sensitivities = make([]MinerSensitivity, n)
	tp, sp := u.Assumptions.TimelineParams(), u.Assumptions.SensitivityParams(res.Scenarios)
	cases := minerCases(u, res)
	one := func(i int) {
		res.Timelines[i] = TimelineOf(u, res.Miners[i], tp)
		// A Result keeps each case's cash alone, not its lines: most of a timeline's memory.
		for k := range res.Timelines[i].Secured {
			res.Timelines[i].Secured[k].Flows = nil
		}
		for k := range res.Timelines[i].Financed {
			res.Timelines[i].Financed[k].Flows = nil
		}
		res.Sensitivities[i] = cases[i].sensitivity(res.Scenarios, sp)
		cases[i] = nil // its memo of recomputed projects can go once its sensitivities are done
	}
	if each == nil {
		for i := range n {
			one(i)
		}
	} else {
		each(n, one)
	}
	return res
}

// ChangesProjects reports whether a scenario computes projects differently from the base case:
// a capex change, or an override of a value projects use. Other scenarios share the base results:
// their Financing's Projects is the miner's Projects slice itself, which the output shows once.
func ChangesProjects(s Scenario) bool {
	if !s.CapexChange.IsZero() {
		return true
	}
	for k := range s.Overrides {
		if _, ok := projectLevel[k]; ok || k == ProjectMinDSCR {
			return true
		}
	}
	return false
}

func projectsFor(all []Project, idx []int, a, base Assumptions, c decimal.Decimal, ann annuities) []ProjectResult {
	out := make([]ProjectResult, 0, len(idx))
	for _, i := range idx {
		out = append(out, project(i, all[i], a, base, c, ann))
	}
	return out
}

// shadowNotes says, for each scenario override of a value a project may set for itself, how many
// projects of the scenario's scope set their own value, which wins over the override.
func shadowNotes(u Universe, scenarios []Scenario) []Note {
	var notes []Note
	for si, s := range scenarios {
		for k := range numAssumptions {
			v, ok := s.Overrides[k]
			header, level := projectLevel[k]
			if !ok || !level {
				continue
			}
			n := 0
			for _, p := range u.Projects {
				if !s.Scope.Includes(p.Status) {
					continue
				}
				var set bool
				switch k {
				case CapexPerMW:
					set = p.CapexPerMW.Valid
				case GPUCapexPerMW:
					set = p.GPUCapexPerMW.Valid && p.Business == GPUCloud
				case NOIMargin:
					set = p.NOIMargin.Valid
				case ProjectLoanToCost:
					set = p.LoanToCost.Valid
				case ProjectDebtRate:
					set = p.ProjectDebtRate.Valid
				}
				if set {
					n++
				}
			}
			name := AssumptionDefs[k].Name
			text := fmt.Sprintf("%s %s applies to every project of the scope: none sets its own %s", label(name), v, label(header))
			switch {
			case n == 1:
				text = fmt.Sprintf("%s %s is shadowed on 1 project that sets its own %s, which wins", label(name), v, label(header))
			case n > 1:
				text = fmt.Sprintf("%s %s is shadowed on %d projects that set their own %s, which wins", label(name), v, n, label(header))
			}
			notes = append(notes, Note{Ref: &Ref{TableScenarios, si, name}, Text: text})
		}
	}
	return notes
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
