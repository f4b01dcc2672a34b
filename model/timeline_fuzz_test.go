package model

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// fuzzTiming dates the projects of a fuzzed universe from more fuzzed bytes: each project may get
// a Start and an Energization date, some in the past, some past the horizon; and picks the timing
// parameters. The as-of date is 2026-06-30.
func fuzzTiming(u Universe, data []byte) (Universe, TimelineParams) {
	b := fuzzBytes(data)
	u.Assumptions.AsOf = day(2026, 6, 30)
	q0 := QuarterOf(u.Assumptions.AsOf)
	date := func() time.Time {
		v := b.next()
		if v%3 == 0 {
			return time.Time{}
		}
		q := q0.Add(v%70 - 20) // 20 quarters back to 49 ahead
		return time.Date(q.Year(), time.Month(3*q.Num()-2), 1+b.next()%28, 0, 0, 0, 0, time.UTC)
	}
	u.Projects = append([]Project(nil), u.Projects...)
	for i := range u.Projects {
		p := &u.Projects[i]
		p.Start, p.Energization = date(), date()
		if !p.Start.IsZero() && p.Energization.Before(p.Start) && !p.Energization.IsZero() {
			p.Start, p.Energization = p.Energization, p.Start
		}
		if b.next()%4 == 0 {
			p.Ownership = decimal.NewNullDecimal(decimal.New(int64(1+b.next()%100), -2))
		}
		p.DisplacedEBITDA = b.dec(1, 0)
	}
	// Half the scenarios change nothing projects use, so that they share the secured case's flows.
	u.Scenarios = append([]Scenario(nil), u.Scenarios...)
	for i := range u.Scenarios {
		if b.next()%2 == 0 {
			u.Scenarios[i].CapexChange, u.Scenarios[i].Overrides = zero, nil
		}
	}
	return u, TimelineParams{BuildQuarters: 1 + b.next()%Horizon, PipelineStartQuarters: b.next() % Horizon}
}

// checkShared runs scenario i of mr on a copy of its projects, which the timeline cannot share
// with the secured case, and asserts the same lines as case c: reusing the secured case's flows
// (and the near term's inside the full pipeline's) changes nothing but the last of the model's
// decimals, where loans gathered differently round differently.
func checkShared(t *testing.T, where string, u Universe, mr MinerResult, i int, c *FinancedCase, params TimelineParams) {
	t.Helper()
	f := mr.Financings[i]
	f.Projects = append([]ProjectResult(nil), f.Projects...)
	solo := mr
	solo.Financings = []Financing{f}
	alone := TimelineOf(u, solo, params).Financed[0]
	got, want := alone.Flows.Lines(), c.Flows.Lines()
	for j := range got {
		for k := range Horizon {
			if got[j].Line[k].Sub(want[j].Line[k]).Abs().GreaterThan(decimal.New(1, -15)) {
				t.Fatalf("%s: %s Q%d %s computed alone, %s shared", where, got[j].Name, k, got[j].Line[k], want[j].Line[k])
			}
		}
	}
}

// checkCashFlows asserts the identities every case holds exactly: the cash identity in each
// quarter, and EBITDA and interest as the sums of their lines.
func checkCashFlows(t *testing.T, where string, c *CashFlows) {
	t.Helper()
	lines := c.Lines()
	prev := c.Opening
	for k := range Horizon {
		want := prev
		for _, l := range lines {
			if l.Sign > 0 {
				want = want.Add(l.Line[k])
			} else {
				want = want.Sub(l.Line[k])
			}
		}
		if !c.Cash[k].Equal(want) {
			t.Fatalf("%s Q%d: cash %s, want %s", where, k, c.Cash[k], want)
		}
		if net := want.Sub(prev); !c.Net(k).Equal(net) {
			t.Fatalf("%s Q%d: net flow %s, want Σ sign × line %s", where, k, c.Net(k), net)
		}
		prev = c.Cash[k]
		ebitda := c.MiningEBITDA[k].Sub(c.Displaced[k]).Add(c.NOI[k])
		interest := c.ExistingInterest[k].Add(c.ProjectDebtInterest[k]).Add(c.UndrawnInterest[k]).
			Add(c.ConvertibleCoupon[k]).Add(c.CorporateDebtInterest[k])
		if !c.EBITDA[k].Equal(ebitda) || !c.Interest[k].Equal(interest) {
			t.Fatalf("%s Q%d: EBITDA %s (lines %s), interest %s (lines %s)", where, k, c.EBITDA[k], ebitda,
				c.Interest[k], interest)
		}
		for _, l := range lines {
			if l.Line[k].Sign() < 0 && l.Name != "Mining EBITDA" {
				t.Fatalf("%s Q%d: %s %s below 0", where, k, l.Name, l.Line[k])
			}
		}
	}
}

// checkUndrawn asserts that undrawn committed debt is drawn only to hold the minimum cash and
// never beyond the facility.
func checkUndrawn(t *testing.T, where string, c *CashFlows, m Miner) {
	t.Helper()
	if total := c.UndrawnDrawn.Sum(); total.GreaterThan(m.UndrawnDebt) {
		t.Fatalf("%s: drew %s of undrawn %s", where, total, m.UndrawnDebt)
	}
	for k, draw := range c.UndrawnDrawn {
		if draw.Sign() > 0 && c.Cash[k].GreaterThan(m.MinimumCash) {
			t.Fatalf("%s Q%d: drew %s, cash %s above the minimum %s", where, k, draw, c.Cash[k], m.MinimumCash)
		}
	}
}

// checkSecured asserts the peak need and runway against the cash line.
func checkSecured(t *testing.T, where string, c *SecuredCase, m Miner, pos Position) {
	t.Helper()
	if !c.Flows.Capex.Sum().Equal(pos.RemainingCapex) {
		t.Fatalf("%s: timeline capex %s, remaining capex %s", where, c.Flows.Capex.Sum(), pos.RemainingCapex)
	}
	if !c.Flows.ProjectDebtDrawn.Sum().Equal(pos.CommittedProjectDebt) {
		t.Fatalf("%s: drawn %s, committed project debt used %s", where, c.Flows.ProjectDebtDrawn.Sum(), pos.CommittedProjectDebt)
	}
	if !c.Flows.Prepayments.Sum().Equal(pos.Prepayments) {
		t.Fatalf("%s: prepayments %s, want %s", where, c.Flows.Prepayments.Sum(), pos.Prepayments)
	}
	need, first := zero, -1
	for k, cash := range c.Cash {
		if gap := m.MinimumCash.Sub(cash); gap.GreaterThan(need) {
			need = gap
		}
		if first < 0 && cash.LessThan(m.MinimumCash) {
			first = k
		}
	}
	if c.PeakNeed.Sign() < 0 || !c.PeakNeed.Equal(need) || c.PeakQuarter.Valid != (need.Sign() > 0) {
		t.Fatalf("%s: peak need %s at %+v, want %s", where, c.PeakNeed, c.PeakQuarter, need)
	}
	if c.PeakQuarter.Valid && !m.MinimumCash.Sub(c.Cash[c.PeakQuarter.K]).Equal(need) {
		t.Fatalf("%s: peak quarter %d does not reach the peak need", where, c.PeakQuarter.K)
	}
	if c.Runway.Valid != (first >= 0) || (first >= 0 && c.Runway.K != first-1) {
		t.Fatalf("%s: runway %+v, cash first below the minimum in %d", where, c.Runway, first)
	}
}

// withMoney returns a copy of f raising net new money in Q0 of the given equity, convertible and
// corporate debt (gross as given), and no new project debt when noProjectDebt.
func withMoney(f Financing, equity decimal.Decimal, noProjectDebt, noCorporate bool) Financing {
	f.Equity = equity
	if noCorporate {
		f.Convertible, f.ConvertibleGross, f.CorporateDebt, f.CorporateDebtGross = zero, zero, zero, zero
	}
	if noProjectDebt {
		f.ProjectDebt, f.ProjectDebtGross = zero, zero
	}
	return f
}

// FuzzTimeline checks the timeline's invariants on any universe Validate accepts: capex totals
// the remaining capex, the cash identity holds in every quarter, the peak need is at least 0 and
// reached in its quarter, and a scenario whose money covers the peak need plus its own debt
// service shows no shortfall.
func FuzzTimeline(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, []byte{byte(i), 5, 30, 7, 80, 1, 2, 3, 4, 9, 40, 41, 3, 2})
	}
	f.Fuzz(func(t *testing.T, data, dates []byte) {
		u, params := fuzzTiming(fuzzUniverse(data), dates)
		if len(Validate(u)) > 0 {
			t.Skip()
		}
		res := Compute(u)
		for _, mr := range res.Miners {
			m := u.Miners[mr.Index]
			mt := TimelineOf(u, mr, params)
			for _, sc := range Scopes {
				c := &mt.Secured[sc]
				where := m.Ticker + " secured " + sc.String()
				checkCashFlows(t, where, c.Flows)
				checkUndrawn(t, where, c.Flows, m)
				checkSecured(t, where, c, m, mr.Positions[sc])
			}
			for i, fin := range mr.Financings {
				c := &mt.Financed[i]
				where := m.Ticker + " " + res.Scenarios[fin.Scenario].Name
				checkCashFlows(t, where, c.Flows)
				checkUndrawn(t, where, c.Flows, m)
				if !c.CapexTotal.Equal(fin.Position.RemainingCapex) || !c.Flows.Capex.Sum().Equal(c.CapexTotal) {
					t.Fatalf("%s: timeline capex %s (total %s), remaining capex %s", where, c.Flows.Capex.Sum(), c.CapexTotal,
						fin.Position.RemainingCapex)
				}
				if c.Opening != c.Flows.Opening || c.Cash != c.Flows.Cash {
					t.Fatalf("%s: the case's opening and cash are not its flows'", where)
				}
				newCash := fin.ProjectDebtGross.Mul(one.Sub(fin.Assumptions.Get(DebtFee)))
				drawn := fin.Position.CommittedProjectDebt.Add(newCash)
				if c.Flows.ProjectDebtDrawn.Sum().Sub(drawn).Abs().GreaterThan(decimal.New(1, -15)) {
					t.Fatalf("%s: drawn %s, want committed %s + new %s", where, c.Flows.ProjectDebtDrawn.Sum(),
						fin.Position.CommittedProjectDebt, newCash)
				}
				if !c.Flows.NewMoney.Sum().Equal(fin.Equity.Add(fin.Convertible).Add(fin.CorporateDebt)) {
					t.Fatalf("%s: new money %s", where, c.Flows.NewMoney.Sum())
				}
				for k, cash := range c.Cash {
					if cash.LessThan(c.MinCash) || (k < c.MinCashQuarter.K && !cash.GreaterThan(c.MinCash)) {
						t.Fatalf("%s: min cash %s at %d, Q%d %s", where, c.MinCash, c.MinCashQuarter.K, k, cash)
					}
				}
				checkCovered(t, where, u, mr, i, c, params)
				checkShared(t, where, u, mr, i, c, params)
			}
		}
	})
}

// checkCovered runs scenario i of mr with no new money and takes that case's peak need; then runs
// it raising, in Q0, that need plus every quarter's coupon, corporate debt interest and new
// project debt service of case c (the scenario as it is): cash never falls below the minimum.
func checkCovered(t *testing.T, where string, u Universe, mr MinerResult, i int, c *FinancedCase, params TimelineParams) {
	t.Helper()
	m := u.Miners[mr.Index]
	fin := mr.Financings[i]
	run := func(f Financing) FinancedCase {
		solo := mr
		solo.Financings = []Financing{f}
		return TimelineOf(u, solo, params).Financed[0]
	}
	bare := run(withMoney(fin, zero, true, true))
	peak := zero
	for _, cash := range bare.Cash {
		peak = maxDec(peak, m.MinimumCash.Sub(cash))
	}
	service := c.Flows.ConvertibleCoupon.Sum().Add(c.Flows.CorporateDebtInterest.Sum()).
		Add(c.Flows.ProjectDebtInterest.Sum()).Sub(bare.Flows.ProjectDebtInterest.Sum()).
		Add(c.Flows.ProjectDebtPrincipal.Sum()).Sub(bare.Flows.ProjectDebtPrincipal.Sum())
	equity := maxDec(zero, peak.Add(service).Sub(fin.Convertible).Sub(fin.CorporateDebt))
	covered := run(withMoney(fin, equity, false, false))
	if len(covered.Flags) > 0 || covered.MinCash.LessThan(m.MinimumCash) {
		t.Fatalf("%s: new money %s covers the peak need %s and debt service %s, yet cash falls to %s (minimum %s) in Q%d, flags %v",
			where, covered.Flows.NewMoney[0], peak, service, covered.MinCash, m.MinimumCash, covered.MinCashQuarter.K, covered.Flags)
	}
}

// wildDates are dates no workbook should hold but the timeline must survive: the zero year, the
// far future, and dates either side of the as-of date.
var wildDates = []time.Time{{}, day(1, 1, 1), day(9999, 12, 31), day(1900, 1, 1), day(2026, 6, 30), day(2036, 3, 31),
	day(2036, 4, 1), time.Date(-5000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1_000_000, 1, 1, 0, 0, 0, 0, time.UTC)}

// FuzzTimelineAnyInput checks that the timeline never panics or hangs, even on values and dates
// Validate rejects and timing parameters out of their ranges.
func FuzzTimelineAnyInput(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, []byte{byte(i), byte(3 * i), byte(7 * i), byte(11 * i)}, []byte{byte(i), 1, 2, 3, 4, 5, 6, 7, 8})
	}
	f.Fuzz(func(t *testing.T, data, edits, dates []byte) {
		u := fuzzUniverse(data)
		for i := 0; i+1 < len(edits); i += 2 {
			wildSetters[int(edits[i])%len(wildSetters)](&u, wildValues[int(edits[i+1])%len(wildValues)])
		}
		b := fuzzBytes(dates)
		u.Assumptions.AsOf = wildDates[b.next()%len(wildDates)]
		for i := range u.Projects {
			u.Projects[i].Start = wildDates[b.next()%len(wildDates)]
			u.Projects[i].Energization = wildDates[b.next()%len(wildDates)]
		}
		params := TimelineParams{BuildQuarters: b.next() - 100, PipelineStartQuarters: b.next() - 100}
		Timeline(u, Compute(u), params)
	})
}
