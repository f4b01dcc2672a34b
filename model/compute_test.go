package model

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestWorkedExample checks every figure of SPEC §3a.
func TestWorkedExample(t *testing.T) {
	res := Compute(exampleUniverse())
	if len(res.Miners) != 1 || len(res.Miners[0].Financings) != 1 {
		t.Fatalf("want 1 miner with 1 financing, got %+v", res)
	}
	m := res.Miners[0]
	p1, p2 := m.Projects[0], m.Projects[1]
	nt, fp := m.Positions[NearTerm], m.Positions[FullPipeline]
	checkFigures(t, map[string]any{
		// P1: 100 MW × 10 = 1,000; remaining 1,000 − 100 = 900.
		"P1 build cost": p1.BuildCost, "P1 remaining": p1.RemainingCapex,
		// (2,000 − 100) / 10 = 190; 190 × 0.85 = 161.5.
		"P1 cash revenue": p1.CashRevenue, "P1 NOI": p1.NOI,
		// min(200, 900) = 200; min(0.8 × 1,000, 900) = 800.
		"P1 committed used": p1.CommittedDebtUsed, "P1 by cost": p1.CapacityByCost,
		// 161.5 / 1.3 × (1 − 1.075^−10) / 0.075 = 161.5 / 1.3 × 6.864081 = 852.730057.
		"P1 by coverage": p1.CapacityByCoverage,
		// min(800, 852.73) − 200 = 600.
		"P1 capacity": p1.DebtCapacity,
		// P2: 50 × 10.5 = 525, nothing spent, Pipeline: no capacity.
		"P2 build cost": p2.BuildCost, "P2 remaining": p2.RemainingCapex, "P2 capacity": p2.DebtCapacity,
		// Near-term: uses 900 + 0 + 50 = 950; sources 300 + 1,000 × 60,000 / 1e6 × 0.8 + 100 + 200 = 648.
		"NT uses": nt.Uses, "NT sources": nt.Sources, "NT gap": nt.Gap, "NT surplus": nt.Surplus,
		"NT BTC": nt.BTCValue, "NT capacity": nt.DebtCapacity,
		// Full pipeline: uses 950 + 525 = 1,475; gap 1,475 − 648 = 827.
		"FP uses": fp.Uses, "FP sources": fp.Sources, "FP gap": fp.Gap,
		// 302 / (20 × 100) = 0.151; 827 / 2,000 = 0.4135.
		"NT gap to market cap": nt.GapToMarketCap, "FP gap to market cap": fp.GapToMarketCap,
		"market cap": m.MarketCap,
		// v2: gap before committed financing 950 − 300 − 48 = 602; 1,475 − 348 = 1,127.
		"NT gross gap": nt.GrossGap, "FP gross gap": fp.GrossGap,
		// Owned IT MW 100 and 100 + 50 = 150; shell 1,000 and 1,000 + 525 = 1,525; no GPU cloud.
		"NT MW": nt.MW, "FP MW": fp.MW, "NT shell": nt.ShellCost, "FP shell": fp.ShellCost,
		"NT GPU": nt.GPUCost, "FP GPU": fp.GPUCost, "FP displaced": fp.DisplacedEBITDA,
	}, map[string]string{
		"P1 build cost": "1000", "P1 remaining": "900", "P1 cash revenue": "190", "P1 NOI": "161.5",
		"P1 committed used": "200", "P1 by cost": "800", "P1 by coverage": "~852.730057", "P1 capacity": "600",
		"P2 build cost": "525", "P2 remaining": "525", "P2 capacity": "0",
		"NT uses": "950", "NT sources": "648", "NT gap": "302", "NT surplus": "0", "NT BTC": "48", "NT capacity": "600",
		"FP uses": "1475", "FP sources": "648", "FP gap": "827",
		"NT gap to market cap": "0.151", "FP gap to market cap": "0.4135", "market cap": "2000",
		"NT gross gap": "602", "FP gross gap": "1127", "NT MW": "100", "FP MW": "150",
		"NT shell": "1000", "FP shell": "1525", "NT GPU": "0", "FP GPU": "0", "FP displaced": "0",
	})
	if !m.GapToMarketCap.Valid || !m.GapToMarketCap.Decimal.Equal(d("0.151")) {
		t.Errorf("GapToMarketCap = %v, want 0.151", m.GapToMarketCap)
	}

	f := m.Financings[0]
	checkFigures(t, figures(f), map[string]string{
		"gap": "302",
		// PD = min(0.5 × 302, 600 × 0.98) = min(151, 588) = 151.
		"project debt": "151", "project debt limit": "588", "equity": "151",
		"convertible": "0", "corporate debt": "0",
		// 151 / 0.98 = 154.081633 for both.
		"project debt gross": "~154.081633", "equity gross": "~154.081633",
		// 154.081633 / (20 × 0.97) = 7.942352.
		"issue price": "19.4", "new shares": "~7.942352",
		// 200 / 25 + 10 × (20 − 15) / 20 = 8 + 2.5 = 10.5.
		"existing dilutive": "10.5",
		"pf basic":          "~107.942352", "pf diluted": "~118.442352",
		"dilution basic": "~0.073580", "dilution diluted": "~0.067057",
		// 40 + 161.5.
		"pf ebitda": "201.5",
		// 400 + 200 + 154.081633; net of 50 minimum cash.
		"pf debt": "~754.081633", "pf net debt": "~704.081633", "net leverage": "~3.494202",
		// (400 − 200) × 0.09 + 200 × 0.02 = 18 + 4 = 22.
		"existing interest": "22",
		// 22 + 200 × 0.075 + 154.081633 × 0.075 = 48.556122; 201.5 / 48.556122 = 4.149837.
		"pf interest": "~48.556122", "coverage": "~4.149837",
		// (201.5 − 48.556122 + 4) / 118.442352 = 1.325066.
		"cash flow per share": "~1.325066",
		// v2: the convertible cap 0.35 × 20 × 100 − 200 = 500, net of the 2% fee 490 (unused).
		"existing convertible principal": "200", "convertible cap": "500", "convertible limit": "490",
		// Economic: the convertible counts 200 / 25 × max(0, 20 − 25) / 20 = 0 shares, the warrants
		// 10 × (20 − 15) / 20 = 2.5; 107.942352 + 0 + 2.5 = 110.442352;
		// 7.942352 / 110.442352 = 0.071914.
		"economic convert shares": "0", "economic shares": "~110.442352", "dilution economic": "~0.071914",
		// Committed project debt at the workbook's 0.075: 200 × 0.075 = 15.
		"committed interest": "15",
	})
	// Exact where the arithmetic is: 151 / 0.98 to Places decimals.
	if want := d("154.08163265306122448980"); !f.ProjectDebtGross.Equal(want) {
		t.Errorf("project debt gross = %s, want %s", f.ProjectDebtGross, want)
	}
	if len(f.Flags) != 0 {
		t.Errorf("flags = %s, want none", flagsText(f.Flags))
	}
	if f.Scope != NearTerm || f.Scenario != 0 || !f.Price.Equal(d("20")) {
		t.Errorf("scope %v scenario %d price %s, want Near-term 0 20", f.Scope, f.Scenario, f.Price)
	}
}

// TestFinancing runs the instruments alone, their limits binding, and the edge cases, on the
// round numbers of easyUniverse (gap 400, PF EBITDA 200, fees 0.2, issue price 8, conversion
// price 12.5, market cap 1,000).
func TestFinancing(t *testing.T) {
	tests := []struct {
		name  string
		u     Universe
		want  map[string]string
		flags string
	}{
		{
			// EQ 400, gross 400 / 0.8 = 500, new shares 500 / 8 = 62.5, dilution 62.5 / 162.5 = 5/13.
			// No debt, no interest: coverage n/a; cash flow 200 / 162.5 = 16/13.
			name: "all equity",
			u:    easyUniverse(mixOf("eq", "1", "0", "0", "0")),
			want: map[string]string{"equity": "400", "equity gross": "500", "new shares": "62.5",
				"pf basic": "162.5", "dilution basic": "~0.384615", "dilution diluted": "~0.384615",
				"pf debt": "0", "pf net debt": "0", "net leverage": "0", "pf interest": "0", "coverage": "n/a",
				"cash flow per share": "~1.230769", "pf ebitda": "200"},
		},
		{
			// Max convertible 1 ⇒ limit 1 × 10 × 100 × 0.8 = 800 ≥ 400: CV 400, gross 500,
			// 500 / 12.5 = 40 conversion shares; diluted 40 / 140 = 2/7; interest 500 × 0.05 = 25,
			// coverage 200 / 25 = 8; leverage 500 / 200 = 2.5; cash flow (200 − 25 + 25) / 140 = 10/7.
			name: "all convertible",
			u: func() Universe {
				s := mixOf("cv", "0", "1", "0", "0")
				s.Overrides = map[AssumptionKey]decimal.Decimal{MaxConvertible: d("1")}
				return easyUniverse(s)
			}(),
			want: map[string]string{"convertible": "400", "convertible gross": "500", "convertible limit": "800",
				"new conversion shares": "40", "new shares": "0", "dilution basic": "0",
				"dilution diluted": "~0.285714", "pf interest": "25", "coverage": "8", "net leverage": "2.5",
				"cash flow per share": "~1.428571", "equity": "0"},
		},
		{
			// Limit 0.35 × 10 × 100 × 0.8 = 280 < 400: CV 280 (gross 350, 28 conversion shares),
			// 120 spills to equity (gross 150, 18.75 new shares). Basic 18.75 / 118.75 = 3/19;
			// diluted 46.75 / 146.75; interest 350 × 0.05 = 17.5; coverage 200 / 17.5.
			name: "convertible cap binding spills to equity",
			u:    easyUniverse(mixOf("cv", "0", "1", "0", "0")),
			want: map[string]string{"convertible": "280", "convertible gross": "350", "convertible limit": "280",
				"equity": "120", "equity gross": "150", "new shares": "18.75", "new conversion shares": "28",
				"dilution basic": "~0.157895", "dilution diluted": "~0.318569", "pf interest": "17.5",
				"coverage": "~11.428571", "net leverage": "1.75", "cash flow per share": "~1.362862"},
			flags: "spill: convertible",
		},
		{
			// Headroom 5 × 200 − 0 = 1,000, net limit 800 ≥ 400: CD 400, gross 500; interest 50;
			// coverage 4; leverage 2.5; cash flow (200 − 50) / 100 = 1.5.
			name: "all corporate debt",
			u:    easyUniverse(mixOf("cd", "0", "0", "1", "0")),
			want: map[string]string{"corporate debt": "400", "corporate debt gross": "500",
				"corporate debt limit": "800", "net debt before": "0", "pf debt": "500", "pf interest": "50",
				"coverage": "4", "net leverage": "2.5", "cash flow per share": "1.5", "new shares": "0"},
		},
		{
			// Max net leverage 1.5 ⇒ headroom 300, net limit 240: CD 240 (gross 300), 160 spills
			// (gross 200, 25 new shares, dilution 25 / 125 = 0.2). Leverage 300 / 200 = 1.5 is at
			// the max, not above it: no leverage flag.
			name: "leverage binding spills to equity",
			u: func() Universe {
				s := mixOf("cd", "0", "0", "1", "0")
				s.Overrides = map[AssumptionKey]decimal.Decimal{MaxNetLeverage: d("1.5")}
				return easyUniverse(s)
			}(),
			want: map[string]string{"corporate debt": "240", "corporate debt limit": "240", "corporate debt gross": "300",
				"equity": "160", "new shares": "25", "dilution basic": "0.2", "net leverage": "1.5",
				"pf interest": "30", "cash flow per share": "1.36"},
			flags: "spill: corporate debt",
		},
		{
			// Loan-to-cost 1 ⇒ by cost min(500, 500) = 500, capacity 500, net limit 400: PD 400,
			// gross 500; rate 0 ⇒ no interest, coverage n/a; leverage 2.5; cash flow 200 / 100 = 2.
			name: "all project debt",
			u: func() Universe {
				s := mixOf("pd", "0", "0", "0", "1")
				s.Overrides = map[AssumptionKey]decimal.Decimal{ProjectLoanToCost: d("1")}
				return easyUniverse(s)
			}(),
			want: map[string]string{"project debt": "400", "project debt gross": "500", "project debt limit": "400",
				"pf interest": "0", "coverage": "n/a", "net leverage": "2.5", "cash flow per share": "2",
				"equity": "0"},
		},
		{
			// Capacity 400, net limit 320 < 400: PD 320 (gross 400), 80 spills (gross 100,
			// 12.5 new shares, dilution 12.5 / 112.5 = 1/9); leverage 400 / 200 = 2.
			name: "project debt capacity binding spills to equity",
			u:    easyUniverse(mixOf("pd", "0", "0", "0", "1")),
			want: map[string]string{"project debt": "320", "project debt limit": "320", "project debt gross": "400",
				"equity": "80", "new shares": "12.5", "dilution basic": "~0.111111", "net leverage": "2"},
			flags: "spill: project debt",
		},
		{
			// Cash 1,000: sources 1,000, uses 500, gap 0, surplus 500. Nothing raised; PF net debt
			// 0 − 0 − 500 = −500 (net cash), leverage −2.5 shown as it is.
			name: "zero gap with surplus",
			u: func() Universe {
				u := easyUniverse(mixOf("bal", "0.4", "0.2", "0.2", "0.2"))
				u.Miners[0].Cash = d("1000")
				return u
			}(),
			want: map[string]string{"gap": "0", "surplus": "500", "equity": "0", "convertible": "0",
				"corporate debt": "0", "project debt": "0", "new shares": "0", "new conversion shares": "0",
				"dilution basic": "0", "dilution diluted": "0", "pf net debt": "-500", "net leverage": "-2.5"},
		},
		{
			// Mining EBITDA −85 ⇒ PF EBITDA −85 + 85 = 0: no corporate debt, all 400 spills to equity
			// (gross 500, 62.5 new shares); leverage and coverage n/a.
			name: "no EBITDA",
			u: func() Universe {
				u := easyUniverse(mixOf("cd", "0", "0", "1", "0"))
				u.Miners[0].MiningEBITDA = d("-85")
				return u
			}(),
			want: map[string]string{"pf ebitda": "0", "corporate debt limit": "0", "corporate debt": "0",
				"equity": "400", "new shares": "62.5", "net leverage": "n/a", "coverage": "n/a"},
			flags: "spill: corporate debt, non-positive EBITDA",
		},
		{
			// P = 10 × (1 − 0.2) = 8, issue price 6.4: 500 / 6.4 = 78.125 new shares.
			name: "share price change",
			u: func() Universe {
				s := mixOf("eq", "1", "0", "0", "0")
				s.SharePriceChange = d("-0.2")
				return easyUniverse(s)
			}(),
			want: map[string]string{"price": "8", "issue price": "6.4", "new shares": "78.125",
				"conversion price": "10"},
		},
		{
			// Capex +10%: build 500 × 1.1 = 550, gap 550 − 100 = 450; by cost min(440, 550) = 440.
			name: "capex change",
			u: func() Universe {
				s := mixOf("pd", "0", "0", "0", "1")
				s.CapexChange = d("0.1")
				return easyUniverse(s)
			}(),
			want: map[string]string{"gap": "450", "uses": "550", "project debt limit": "352", "project debt": "352",
				"equity": "98"},
			flags: "spill: project debt",
		},
		{
			// Coverage below min: existing interest given as 150 ⇒ 200 / 150 < 2.
			// Leverage above max: debt 1,200 ⇒ 1,200 / 200 = 6 > 5; corporate debt headroom 0.
			name: "leverage and coverage flags",
			u: func() Universe {
				u := easyUniverse(mixOf("eq", "1", "0", "0", "0"))
				u.Miners[0].Debt = d("1200")
				u.Miners[0].Interest = nd("150")
				return u
			}(),
			want: map[string]string{"existing interest": "150", "pf interest": "150", "net leverage": "6",
				"coverage": "~1.333333"},
			flags: "leverage above max, coverage below min",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Compute(tt.u)
			f := res.Miners[0].Financings[0]
			checkFigures(t, figures(f), tt.want)
			if got := flagsText(f.Flags); got != tt.flags {
				t.Errorf("flags = %q, want %q", got, tt.flags)
			}
			sum := f.Equity.Add(f.Convertible).Add(f.CorporateDebt).Add(f.ProjectDebt)
			if !sum.Equal(f.Gap) {
				t.Errorf("tranches sum to %s, want the gap %s", sum, f.Gap)
			}
		})
	}
}

// TestRunKeepsFinancedSummaries: Run keeps each case's timeline summary, its cash line and capex
// total, and lets its other lines go (500,000 cases at the size limits); TimelineOf gives the
// same, with the lines, and SecuredOf the secured cases alone.
func TestRunKeepsFinancedSummaries(t *testing.T) {
	u := WorkedExample()
	u.Scenarios = append(u.Scenarios, Scenario{Name: "All equity, capex up", Scope: FullPipeline,
		Equity: decimal.NewFromInt(1), CapexChange: decimal.New(2, -1)})
	r := Run(u)
	full := TimelineOf(u, r.Miners[0], u.Assumptions.TimelineParams())
	kept := r.Timelines[0]
	if len(kept.Financed) != len(u.Scenarios) || len(full.Financed) != len(u.Scenarios) {
		t.Fatalf("%d and %d financed cases, want %d", len(kept.Financed), len(full.Financed), len(u.Scenarios))
	}
	for k, c := range kept.Financed {
		f := full.Financed[k]
		if c.Flows != nil {
			t.Errorf("case %d: Run keeps its lines", k)
		}
		if f.Flows == nil || f.Flows.Cash[39].IsZero() {
			t.Errorf("case %d: TimelineOf gives no lines", k)
		}
		sameCash := true
		for q := range c.Cash {
			sameCash = sameCash && c.Cash[q].Equal(f.Flows.Cash[q])
		}
		if !c.Opening.Equal(f.Flows.Opening) || !sameCash || !c.CapexTotal.Equal(f.Flows.Capex.Sum()) {
			t.Errorf("case %d: Run keeps opening %s, cash %v, capex %s; TimelineOf's lines give %s, %v, %s", k,
				c.Opening, c.Cash, c.CapexTotal, f.Flows.Opening, f.Flows.Cash, f.Flows.Capex.Sum())
		}
		same := func(a, b decimal.NullDecimal) bool { return a.Valid == b.Valid && a.Decimal.Equal(b.Decimal) }
		if !c.MinCash.Equal(f.MinCash) || c.MinCashQuarter != f.MinCashQuarter || !same(c.TroughCoverage, f.TroughCoverage) ||
			c.TroughQuarter != f.TroughQuarter || !same(c.FCFPerShare, f.FCFPerShare) || c.FCFQuarter != f.FCFQuarter ||
			len(c.Flags) != len(f.Flags) || c.Scope != f.Scope || c.Scenario != f.Scenario {
			t.Errorf("case %d: Run keeps %+v, TimelineOf gives %+v", k, c, f)
		}
	}
	// The secured cases too: Run keeps their cash line, capex total and summary; SecuredOf gives
	// TimelineOf's, lines and all.
	alone := SecuredOf(u, r.Miners[0], u.Assumptions.TimelineParams())
	for _, sc := range Scopes {
		c, f, a := kept.Secured[sc], full.Secured[sc], alone[sc]
		if c.Flows != nil {
			t.Errorf("%s secured case: Run keeps its lines", sc)
		}
		if f.Flows == nil || a.Flows == nil || f.Flows.Capex.Sum().IsZero() {
			t.Fatalf("%s secured case: TimelineOf or SecuredOf gives no lines", sc)
		}
		fl, al := f.Flows.Lines(), a.Flows.Lines()
		for k := range fl {
			if !sameLine(fl[k].Line, al[k].Line) {
				t.Errorf("%s secured case: SecuredOf's %s differs from TimelineOf's", sc, fl[k].Name)
			}
		}
		for _, got := range []SecuredCase{c, a} {
			if !sameLine(&got.Cash, &f.Flows.Cash) || !got.Opening.Equal(f.Flows.Opening) || !got.CapexTotal.Equal(f.Flows.Capex.Sum()) ||
				!got.PeakNeed.Equal(f.PeakNeed) || got.PeakQuarter != f.PeakQuarter || got.Runway != f.Runway || got.Scope != sc {
				t.Errorf("%s secured case: %+v, TimelineOf gives %+v", sc, got, f)
			}
		}
	}
}

// sameLine reports whether two lines hold equal amounts in every quarter.
func sameLine(a, b *Line) bool {
	for q := range a {
		if !a[q].Equal(b[q]) {
			return false
		}
	}
	return true
}
