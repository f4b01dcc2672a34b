package model

import (
	"fmt"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

// computeMoved is scenario s for miner i computed by Compute itself, on a universe of that miner
// and that scenario alone: what every sensitivity point must equal, however it reuses. A valid
// price replaces the miner's share price.
func computeMoved(u Universe, i int, s Scenario, price decimal.NullDecimal) Financing {
	v := u
	v.Miners = []Miner{u.Miners[i]}
	if price.Valid {
		v.Miners[0].SharePrice = price.Decimal
	}
	v.Scenarios = []Scenario{s}
	return Compute(v).Miners[0].Financings[0]
}

// overriding is s with assumption k set to v, its own overrides kept.
func overriding(s Scenario, k AssumptionKey, v decimal.Decimal) Scenario {
	o := map[AssumptionKey]decimal.Decimal{k: v}
	for kk, vv := range s.Overrides {
		if kk != k {
			o[kk] = vv
		}
	}
	s.Overrides = o
	return s
}

func sensitivitiesOf(t *testing.T, u Universe, p SensitivityParams) (Result, []MinerSensitivity) {
	t.Helper()
	if errs := Validate(u); len(errs) > 0 {
		t.Fatal(errs)
	}
	res := Compute(u)
	return res, Sensitivities(u, res, p)
}

// TestSensitivityWorkedExample holds §3c to the figures SPEC §3b's worked example gives for §3a's
// example (scenario Half project debt: gap 302, project debt 151, equity 151, gross 151 / 0.98;
// new shares = gross / (P × 0.97); dilution = new / (100 + new)).
func TestSensitivityWorkedExample(t *testing.T) {
	u := exampleUniverse()
	res, all := sensitivitiesOf(t, u, DefaultSensitivityParams())
	ms := all[0]
	f := res.Miners[0].Financings[0]

	t.Run("centres", func(t *testing.T) {
		// The grids' centres and the tornado's base are the scenario's own figures, exactly:
		// dilution 7.942352 / 107.942352 = 0.073580, gap 302.
		checkFigures(t, map[string]any{"dilution": ms.DilutionGrid.Centre(), "gap": ms.GapGrid.Centre(),
			"base dilution": ms.BaseDilution, "base gap": ms.BaseGap},
			map[string]string{"dilution": "~0.073580", "gap": "302", "base gap": "302", "base dilution": "~0.073580"})
		for name, v := range map[string]decimal.Decimal{"dilution grid": ms.DilutionGrid.Centre(), "base": ms.BaseDilution} {
			if !v.Equal(f.DilutionBasic) {
				t.Errorf("%s centre %s, scenario %s", name, v, f.DilutionBasic)
			}
		}
	})

	t.Run("solves", func(t *testing.T) {
		// Share price for 15% basic dilution: equity gross stays 151 / 0.98 at every price (no
		// convertible, no corporate debt), and dilution ≤ 0.15 ⇔ new shares ≤ 0.15 × 100 / 0.85, so
		// P = 151 / 0.98 / (0.97 × 15 / 0.85) = 128.35 / 14.259 = 9.00133249175959…, to 10 places
		// 9.0013324918 (the final bracket is 100 × 20 / 2^60 ≈ 1.7e-15 wide).
		// Capex change to close the gap: 1,000 × (1 + d) − 100 + 50 = 648 at d = −0.302 exactly.
		s := ms.Solves[0]
		want := map[string]string{"price": "9.0013324918", "capex": "-0.302"}
		got := map[string]decimal.NullDecimal{"price": s.SharePriceForTargetDilution, "capex": s.CapexChangeToCloseGap}
		for name, w := range want {
			if !got[name].Valid || !got[name].Decimal.Equal(d(w)) {
				t.Errorf("%s solve %v, want %s", name, got[name], w)
			}
		}
	})

	t.Run("tornado", func(t *testing.T) {
		// Only four drivers move anything here; the other six tie at 0 and keep the listed order.
		// Capex ∓15%: build 850 / 1,150, remaining 750 / 1,050, gap 152 / 452; equity 76 / 226.
		// Share price ∓30%: P 14 / 26. BTC price 42,000 / 78,000: BTC value 33.6 / 62.4, gap
		// 316.4 / 287.6, equity 158.2 / 143.8. Equity discount 0.015 / 0.045: issue price 19.7 / 19.1.
		// Project debt (half the gap) stays under its capacity in every case: by coverage at NOI
		// margin 0.765 is 145.35 / 1.3 × 6.710081 = 750.24, less 200 committed, × 0.98 = 539.
		want := []struct {
			driver, low, high, gapLow, gapHigh, dilLow, dilHigh string
		}{
			// 76 / 0.98 / 19.4 = 3.997475 new shares ⇒ 3.997475 / 103.997475 = 0.038438;
			// 226 / 0.98 / 19.4 = 11.887229 ⇒ 0.106243.
			{"Capex change", "-0.15", "0.15", "152", "452", "~0.038438", "~0.106243"},
			// 154.081633 / 13.58 = 11.346217 ⇒ 0.101900; 154.081633 / 25.22 = 6.109502 ⇒ 0.057577.
			{"Share price change", "-0.3", "0.3", "302", "302", "~0.101900", "~0.057577"},
			// 158.2 / 0.98 / 19.4 = 8.321060 ⇒ 0.076818; 143.8 / 0.98 / 19.4 = 7.563644 ⇒ 0.070318.
			{"BTC price", "42000", "78000", "316.4", "287.6", "~0.076818", "~0.070318"},
			// 154.081633 / 19.7 = 7.821402 ⇒ 0.072540; 154.081633 / 19.1 = 8.067101 ⇒ 0.074649.
			{"Equity discount", "0.015", "0.045", "302", "302", "~0.072540", "~0.074649"},
			{"NOI margin", "0.765", "0.935", "302", "302", "~0.073580", "~0.073580"},
			{"Project debt loan-to-cost", "0.72", "0.88", "302", "302", "~0.073580", "~0.073580"},
			{"Project debt min DSCR", "1.17", "1.43", "302", "302", "~0.073580", "~0.073580"},
			{"Project debt rate", "0.06", "0.09", "302", "302", "~0.073580", "~0.073580"},
			{"Max net leverage", "4", "6", "302", "302", "~0.073580", "~0.073580"},
			{"Max convertible", "0.175", "0.525", "302", "302", "~0.073580", "~0.073580"},
		}
		if len(ms.Tornado) != len(want) {
			t.Fatalf("%d bars, want %d", len(ms.Tornado), len(want))
		}
		for i, w := range want {
			b := ms.Tornado[i]
			t.Run(w.driver, func(t *testing.T) {
				if b.Driver != w.driver {
					t.Fatalf("bar %d is %q, want %q", i, b.Driver, w.driver)
				}
				checkFigures(t, map[string]any{"low": b.Low, "high": b.High, "gap low": b.GapLow, "gap high": b.GapHigh,
					"dilution low": b.DilutionLow, "dilution high": b.DilutionHigh},
					map[string]string{"low": w.low, "high": w.high, "gap low": w.gapLow, "gap high": w.gapHigh,
						"dilution low": w.dilLow, "dilution high": w.dilHigh})
			})
		}
	})

	t.Run("grid axes", func(t *testing.T) {
		for _, g := range []Grid{ms.DilutionGrid, ms.GapGrid} {
			if len(g.Rows) != 11 || len(g.Columns) != 7 || len(g.Values) != 11 {
				t.Fatalf("grid %d × %d", len(g.Rows), len(g.Columns))
			}
			if !g.Rows[0].Equal(d("-0.5")) || !g.Rows[10].Equal(d("0.5")) || !g.Columns[0].Equal(d("-0.3")) ||
				!g.Columns[6].Equal(d("0.3")) || !g.Rows[3].Equal(d("-0.2")) {
				t.Errorf("axes %v × %v", g.Rows, g.Columns)
			}
		}
		// Corner cells by hand. Gap grid, BTC −50% and capex −30%: build 700, remaining 600, BTC
		// value 24; uses 650, sources 300 + 24 + 100 + 200 = 624; gap 26. BTC +50%, capex +30%:
		// remaining 1,200, BTC value 72; uses 1,250, sources 672; gap 578.
		// Dilution grid, price −50% and capex +30%: gap 1,250 − 648 = 602, equity 301, 301 / 0.98 /
		// 9.7 = 31.664212 new shares ⇒ 31.664212 / 131.664212 = 0.240492.
		checkFigures(t, map[string]any{"gap corner": ms.GapGrid.Values[0][0], "gap far corner": ms.GapGrid.Values[10][6],
			"dilution corner": ms.DilutionGrid.Values[0][6]},
			map[string]string{"gap corner": "26", "gap far corner": "578", "dilution corner": "~0.240492"})
	})
}

// richUniverse exercises every path a sensitivity point can take: two miners with instruments,
// projects that set their own NOI margin, loan-to-cost and rate, a GPU-cloud project, and
// scenarios with their own price and capex changes, overrides of project and financing
// assumptions, both scopes and every kind of mix.
func richUniverse() Universe {
	u := benchUniverse(2, 6)
	u.Projects[1].NOIMargin = nd("0.7")
	u.Projects[2].LoanToCost = nd("0.6")
	u.Projects[2].ProjectDebtRate = nd("0.065")
	u.Projects[7].CapexSpent = nd("150")
	u.Instruments = append(u.Instruments, Instrument{Ticker: "M0001", Type: Warrant, Shares: d("20"), ConversionPrice: d("11")})
	balanced := mixOf("Balanced, cheap", "0.4", "0.2", "0.2", "0.2")
	balanced.SharePriceChange, balanced.CapexChange = d("-0.2"), d("0.1")
	balanced.Overrides = map[AssumptionKey]decimal.Decimal{NOIMargin: d("0.9"), ConvertibleFee: d("0.04"), BTCPrice: d("90000")}
	convertible := mixOf("Convertible, full", "0", "1", "0", "0")
	convertible.Scope = FullPipeline
	convertible.Overrides = map[AssumptionKey]decimal.Decimal{MaxConvertible: d("0.2")}
	debt := mixOf("Debt", "0.1", "0", "0.6", "0.3")
	debt.CapexChange = d("-0.25")
	debt.Overrides = map[AssumptionKey]decimal.Decimal{MaxNetLeverage: d("3"), ProjectMinDSCR: d("1.5")}
	u.Scenarios = []Scenario{balanced, convertible, debt}
	return u
}

// TestSensitivityMatchesCompute holds every grid point, tornado point and solve end to Compute run
// on the moved inputs: whatever a point reuses, it must be what the model gives.
func TestSensitivityMatchesCompute(t *testing.T) {
	universes := map[string]Universe{
		"worked example": exampleUniverse(),
		"round numbers": easyUniverse(mixOf("equity", "1", "0", "0", "0"),
			func() Scenario {
				s := mixOf("mixed", "0.3", "0.3", "0.2", "0.2")
				s.SharePriceChange, s.CapexChange = d("0.25"), d("-0.1")
				return s
			}()),
		"rich": richUniverse(),
	}
	for name, u := range universes {
		if errs := Validate(u); len(errs) > 0 {
			t.Fatalf("%s: %v", name, errs)
		}
		res := Compute(u)
		for ti := range res.Scenarios {
			params := SensitivityParams{TornadoScenario: ti, TargetDilution: d("0.15")}
			all := Sensitivities(u, res, params)
			for mi, ms := range all {
				s := res.Scenarios[ti]
				f := res.Miners[mi].Financings[ti]
				t.Run(fmt.Sprintf("%s/%s/%s", name, u.Miners[ms.Index].Ticker, s.Name), func(t *testing.T) {
					checkPoints(t, u, ms, s, f)
				})
			}
		}
	}
}

func checkPoints(t *testing.T, u Universe, ms MinerSensitivity, s Scenario, f Financing) {
	t.Helper()
	if !ms.DilutionGrid.Centre().Equal(f.DilutionBasic) || !ms.GapGrid.Centre().Equal(f.Gap) ||
		!ms.BaseDilution.Equal(f.DilutionBasic) || !ms.BaseGap.Equal(f.Gap) {
		t.Errorf("centres %s / %s, base %s / %s; scenario %s / %s", ms.DilutionGrid.Centre(), ms.GapGrid.Centre(),
			ms.BaseDilution, ms.BaseGap, f.DilutionBasic, f.Gap)
	}
	btc := withOverrides(u.Assumptions, s).Get(BTCPrice)
	for j, dc := range ms.DilutionGrid.Columns {
		for i, dp := range ms.DilutionGrid.Rows {
			moved := s
			moved.CapexChange = one.Add(s.CapexChange).Mul(one.Add(dc)).Sub(one)
			moved.SharePriceChange = one.Add(s.SharePriceChange).Mul(one.Add(dp)).Sub(one)
			if want := computeMoved(u, ms.Index, moved, decimal.NullDecimal{}).DilutionBasic; !ms.DilutionGrid.Values[i][j].Equal(want) {
				t.Errorf("dilution grid [%s, %s] = %s, Compute %s", dp, dc, ms.DilutionGrid.Values[i][j], want)
			}
			moved = overriding(s, BTCPrice, btc.Mul(one.Add(dp)))
			moved.CapexChange = one.Add(s.CapexChange).Mul(one.Add(dc)).Sub(one)
			if want := computeMoved(u, ms.Index, moved, decimal.NullDecimal{}).Gap; !ms.GapGrid.Values[i][j].Equal(want) {
				t.Errorf("gap grid [%s, %s] = %s, Compute %s", dp, dc, ms.GapGrid.Values[i][j], want)
			}
		}
	}
	var prev decimal.Decimal
	for i, b := range ms.Tornado {
		if i > 0 && b.Swing().GreaterThan(prev) {
			t.Errorf("bar %s swings %s, more than the bar before it (%s)", b.Driver, b.Swing(), prev)
		}
		prev = b.Swing()
		for _, end := range []struct {
			value, gap, dilution decimal.Decimal
		}{{b.Low, b.GapLow, b.DilutionLow}, {b.High, b.GapHigh, b.DilutionHigh}} {
			moved := s
			switch b.Driver {
			case FieldSharePriceChange:
				moved.SharePriceChange = one.Add(s.SharePriceChange).Mul(one.Add(end.value)).Sub(one)
			case FieldCapexChange:
				moved.CapexChange = one.Add(s.CapexChange).Mul(one.Add(end.value)).Sub(one)
			default:
				k := slices.IndexFunc(AssumptionDefs, func(a AssumptionDef) bool { return a.Name == b.Driver })
				moved = overriding(s, AssumptionDefs[k].Key, end.value)
			}
			want := computeMoved(u, ms.Index, moved, decimal.NullDecimal{})
			if !end.gap.Equal(want.Gap) || !end.dilution.Equal(want.DilutionBasic) {
				t.Errorf("%s at %s: gap %s, dilution %s; Compute %s, %s", b.Driver, end.value, end.gap, end.dilution,
					want.Gap, want.DilutionBasic)
			}
		}
	}
}

// solveCase is the minerCase and the scenario point a solve runs on, as Sensitivities builds them.
func solveCase(u Universe, res Result, mi, si int, literal bool) (*minerCase, casePoint) {
	c := minerCases(u, res)[mi]
	c.literal = literal
	return c, c.at(res.Scenarios[si])
}

// checkSolves holds each solve of every miner and scenario to its definition, with Compute on the
// final bracket's ends: the share price at hi meets the target and at lo does not (hi reported);
// the capex change at lo leaves no gap and at hi does (lo reported); the bracket is one
// 2^−60 cell of the fixed one; the shortcut finds the very bracket the 60 plain halvings do.
func checkSolves(t *testing.T, u Universe, target decimal.Decimal) {
	t.Helper()
	res := Compute(u)
	all := Sensitivities(u, res, SensitivityParams{TornadoScenario: 0, TargetDilution: target})
	for mi := range res.Miners {
		for si, s := range res.Scenarios {
			where := fmt.Sprintf("%s %s", u.Miners[res.Miners[mi].Index].Ticker, s.Name)
			c, p := solveCase(u, res, mi, si, false)
			lit, lp := solveCase(u, res, mi, si, true)
			price, literalPrice := c.solvePrice(p, target), lit.solvePrice(lp, target)
			capex, literalCapex := c.solveCapex(p), lit.solveCapex(lp)
			for _, pair := range [][2]bracket{{price, literalPrice}, {capex, literalCapex}} {
				if pair[0].ok != pair[1].ok || !pair[0].lo.Equal(pair[1].lo) || !pair[0].hi.Equal(pair[1].hi) ||
					!pair[0].answer.Equal(pair[1].answer) {
					t.Fatalf("%s: shortcut %+v, halvings %+v", where, pair[0], pair[1])
				}
			}
			got := all[mi].Solves[si]
			if !sameNull(got.SharePriceForTargetDilution, price.reported()) || !sameNull(got.CapexChangeToCloseGap, capex.reported()) {
				t.Fatalf("%s: reported %v, %v; brackets %v, %v", where, got.SharePriceForTargetDilution,
					got.CapexChangeToCloseGap, price.reported(), capex.reported())
			}
			own := res.Miners[mi].Financings[si].Price
			atPrice := func(x decimal.Decimal) decimal.Decimal {
				moved := s
				moved.SharePriceChange = zero
				return computeMoved(u, c.index, moved, decimal.NewNullDecimal(x)).DilutionBasic
			}
			meets := func(x decimal.Decimal) bool { return atPrice(x).Cmp(target) <= 0 }
			checkBracket(t, where+" price", price, own.Mul(d("0.01")), own.Mul(d("100")), false, meets)
			gapFree := func(x decimal.Decimal) bool {
				moved := s
				moved.CapexChange = one.Add(s.CapexChange).Mul(one.Add(x)).Sub(one)
				return computeMoved(u, c.index, moved, decimal.NullDecimal{}).Gap.IsZero()
			}
			checkBracket(t, where+" capex", capex, d("-0.99"), d("10"), true, gapFree)
		}
	}
}

func sameNull(a, b decimal.NullDecimal) bool {
	return a.Valid == b.Valid && a.Decimal.Equal(b.Decimal)
}

// checkBracket checks one solve against its fixed bracket [lo, hi] and its predicate: good is the
// target met (dilution at most the target, no gap); goodLo says the good end is lo (the capex
// solve) rather than hi (the price solve).
func checkBracket(t *testing.T, where string, b bracket, lo, hi decimal.Decimal, goodLo bool, good func(decimal.Decimal) bool) {
	t.Helper()
	goodEnd, badEnd := hi, lo
	if goodLo {
		goodEnd, badEnd = lo, hi
	}
	switch {
	case !b.ok:
		if good(goodEnd) {
			t.Errorf("%s: n/a, but %s meets the target", where, goodEnd)
		}
	case b.answer.Equal(badEnd):
		// The target is met at the end where the halvings would have started looking.
		if !good(badEnd) {
			t.Errorf("%s: %s reported, which does not meet the target", where, badEnd)
		}
	default:
		if !b.hi.Sub(b.lo).Equal(cellWidth(lo, hi)) {
			t.Errorf("%s: final bracket [%s, %s] is not one cell of [%s, %s]", where, b.lo, b.hi, lo, hi)
		}
		reported, other := b.hi, b.lo
		if goodLo {
			reported, other = b.lo, b.hi
		}
		if !b.answer.Equal(reported) || !good(reported) || good(other) {
			t.Errorf("%s: answer %s of [%s, %s]: the target must be met at %s and not at %s", where, b.answer,
				b.lo, b.hi, reported, other)
		}
		if !b.reported().Decimal.Equal(reported.Round(SolvePlaces)) {
			t.Errorf("%s: reported %s, answer %s", where, b.reported().Decimal, reported)
		}
	}
}

func TestSolves(t *testing.T) {
	for _, target := range []string{"0.15", "0.05", "0.4"} {
		t.Run("rich/"+target, func(t *testing.T) { checkSolves(t, richUniverse(), d(target)) })
	}
	t.Run("worked example", func(t *testing.T) { checkSolves(t, exampleUniverse(), d("0.15")) })
	t.Run("default scenarios", func(t *testing.T) { checkSolves(t, benchUniverse(1, 10), d("0.15")) })
}

// TestSolveEnds pins the solves' answers at and beyond their fixed brackets, on §3a's example
// (scenario price 20, so the price bracket is [0.2, 2,000]; equity gross 151 / 0.98).
func TestSolveEnds(t *testing.T) {
	tests := []struct {
		name         string
		edit         func(u *Universe)
		target       string
		price, capex string // "n/a" for none
	}{
		{
			// At P = 2,000: 154.081633 / 1,940 = 0.079423 new shares ⇒ dilution 0.000794 > 0.0001.
			name: "target the highest price cannot meet", target: "0.0001", price: "n/a", capex: "-0.302",
		},
		{
			// At P = 0.2: 154.081633 / 0.194 = 794.235220 new shares ⇒ 794.235220 / 894.235220 =
			// 0.888173 ≤ 0.9: the bracket's low end already meets it.
			name: "target the lowest price meets", target: "0.9", price: "0.2", capex: "-0.302",
		},
		{
			// Other uses 1,000: at d = −0.99 the build is 10, nothing remains, no committed project
			// debt is used; uses 1,050 against sources 300 + 48 + 100 = 448 leave a gap. Today's gap
			// is 1,302: project debt 588 (its capacity 600 × 0.98) and equity 714, so the price is
			// 714 × 0.85 / (0.98 × 0.97 × 15) = 606.9 / 14.259 = 42.562592.
			name: "a gap no capex cut closes", target: "0.15", price: "~42.562592", capex: "n/a",
			edit: func(u *Universe) { u.Miners[0].OtherUses = d("1000") },
		},
		{
			// Cash 20,000: at d = 10 remaining capex is 11,000 − 100 = 10,900, uses 10,950, sources
			// 20,000 + 48 + 100 + 200 = 20,348: no gap, so the bracket's high end is the answer; and
			// no gap today means no new shares at any price, so the low price end meets any target.
			name: "no gap even at ten times the capex", target: "0.15", price: "0.2", capex: "10",
			edit: func(u *Universe) { u.Miners[0].Cash = d("20000") },
		},
		{
			// Cash 450: sources 798 against uses 1,000 (1 + d) − 100 + 50 ⇒ d = −0.152. Today's gap
			// 152 takes equity 76: price 76 × 0.85 / (0.98 × 0.97 × 15) = 64.6 / 14.259 = 4.530472.
			name: "a smaller cut", target: "0.15", price: "~4.530472", capex: "-0.152",
			edit: func(u *Universe) { u.Miners[0].Cash = d("450") },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := exampleUniverse()
			if tt.edit != nil {
				tt.edit(&u)
			}
			_, all := sensitivitiesOf(t, u, SensitivityParams{TargetDilution: d(tt.target)})
			s := all[0].Solves[0]
			checkFigures(t, map[string]any{"price": s.SharePriceForTargetDilution, "capex": s.CapexChangeToCloseGap},
				map[string]string{"price": tt.price, "capex": tt.capex})
			checkSolves(t, u, d(tt.target))
		})
	}
}

// TestSolveShortcut counts what the solves ask of the model on §3a's example: the bracket narrowed
// on the score first, a handful of evaluations stand in for 60 halvings.
func TestSolveShortcut(t *testing.T) {
	u := exampleUniverse()
	res := Compute(u)
	for _, literal := range []bool{false, true} {
		c, p := solveCase(u, res, 0, 0, literal)
		c.solvePrice(p, d("0.15"))
		price := c.evals
		c.evals = 0
		c.solveCapex(p)
		capex := c.evals
		// Plain halvings: the scenario's own price, both ends, 60 halvings (63); both ends and 60
		// halvings (62).
		most := map[bool][2]int{false: {16, 12}, true: {63, 62}}[literal]
		if price > most[0] || capex > most[1] {
			t.Errorf("literal %v: %d evaluations for the price solve, %d for the capex solve; want at most %d and %d",
				literal, price, capex, most[0], most[1])
		}
	}
}

// TestTornadoMoves pins how assumption drivers move on round numbers (easyUniverse, all equity:
// gap 400, equity gross 400 / 0.8 = 500, equity discount 0.2 ⇒ issue price 8, 62.5 new shares,
// dilution 62.5 / 162.5 = 0.384615).
func TestTornadoMoves(t *testing.T) {
	allEquity := mixOf("all equity", "1", "0", "0", "0")
	tests := []struct {
		name      string
		overrides map[AssumptionKey]decimal.Decimal
		edit      func(u *Universe)
		driver    string
		want      map[string]string
	}{
		{
			// Discount 0.2 × 0.5 / × 1.5 = 0.1 / 0.3: issue price 9 / 7, 55.555556 / 71.428571 new
			// shares, dilution 5/14 = 0.357143 / 5/12 = 0.416667.
			name: "discount", driver: "Equity discount",
			want: map[string]string{"low": "0.1", "high": "0.3", "dilution low": "~0.357143", "dilution high": "~0.416667"},
		},
		{
			// Discount 0.8 × 1.5 = 1.2 is capped at 0.99: issue price 10 × 0.01 = 0.1, 5,000 new
			// shares, dilution 5,000 / 5,100 = 0.980392. Low 0.4: issue price 6, 83.333333 new
			// shares, dilution 5/11 = 0.454545.
			name: "discount capped", driver: "Equity discount",
			overrides: map[AssumptionKey]decimal.Decimal{EquityDiscount: d("0.8")},
			want:      map[string]string{"low": "0.4", "high": "0.99", "dilution low": "~0.454545", "dilution high": "~0.980392"},
		},
		{
			// NOI margin 0.95 × 1.1 = 1.045 is capped at 1. Project A keeps its own margin, 0.85,
			// so the driver moves nothing: gap 400 and dilution 0.384615 at both ends.
			name: "rate capped, project's own value wins", driver: "NOI margin",
			overrides: map[AssumptionKey]decimal.Decimal{NOIMargin: d("0.95")},
			edit:      func(u *Universe) { u.Projects[0].NOIMargin = nd("0.85") },
			want: map[string]string{"low": "0.855", "high": "1", "gap low": "400", "gap high": "400",
				"dilution low": "~0.384615", "dilution high": "~0.384615"},
		},
		{
			// Capex ∓15%: build 425 / 575, gap 325 / 475, equity gross 406.25 / 593.75, new shares
			// 50.78125 / 74.21875, dilution 0.336788 / 0.426009.
			name: "capex", driver: "Capex change",
			want: map[string]string{"low": "-0.15", "high": "0.15", "gap low": "325", "gap high": "475",
				"dilution low": "~0.336788", "dilution high": "~0.426009"},
		},
		{
			// Share price ∓30% on the scenario's own +25%: (1.25 × 0.7 − 1, 1.25 × 1.3 − 1) =
			// (−0.125, 0.625), P 8.75 / 16.25, issue price 7 / 13, new shares 71.428571 / 38.461538,
			// dilution 5/12 = 0.416667 / 5/18 = 0.277778. Low and high are the driver's own move.
			name: "share price on top of the scenario's own change", driver: "Share price change",
			edit: func(u *Universe) { u.Scenarios[0].SharePriceChange = d("0.25") },
			want: map[string]string{"low": "-0.3", "high": "0.3", "gap low": "400", "gap high": "400",
				"dilution low": "~0.416667", "dilution high": "~0.277778"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := allEquity
			s.Overrides = tt.overrides
			u := easyUniverse(s)
			if tt.edit != nil {
				tt.edit(&u)
			}
			_, all := sensitivitiesOf(t, u, DefaultSensitivityParams())
			i := slices.IndexFunc(all[0].Tornado, func(b TornadoBar) bool { return b.Driver == tt.driver })
			if i < 0 {
				t.Fatalf("no bar %q", tt.driver)
			}
			b := all[0].Tornado[i]
			checkFigures(t, map[string]any{"low": b.Low, "high": b.High, "gap low": b.GapLow, "gap high": b.GapHigh,
				"dilution low": b.DilutionLow, "dilution high": b.DilutionHigh}, tt.want)
		})
	}
}

// TestSensitivityNoTornadoScenario: a tornado scenario out of range gives the solves alone.
func TestSensitivityNoTornadoScenario(t *testing.T) {
	u := exampleUniverse()
	_, all := sensitivitiesOf(t, u, SensitivityParams{TornadoScenario: 3, TargetDilution: d("0.15")})
	ms := all[0]
	if ms.Scenario != -1 || ms.Tornado != nil || ms.DilutionGrid.Values != nil || len(ms.Solves) != 1 ||
		!ms.Solves[0].CapexChangeToCloseGap.Decimal.Equal(d("-0.302")) {
		t.Errorf("got scenario %d, %d bars, grid %v, solves %v", ms.Scenario, len(ms.Tornado), ms.DilutionGrid.Values, ms.Solves)
	}
}
