package model

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestBridge checks the bridge from uses to the gap line by line and that it sums to gap − surplus.
func TestBridge(t *testing.T) {
	rich := easyUniverse(mixOf("eq", "1", "0", "0", "0"))
	rich.Miners[0].Cash = d("1000")
	tests := []struct {
		name      string
		pos       Position
		lines     []string // the amounts in order
		sum       string   // gap − surplus
		liquidity string   // the first BridgeLiquidityLines: uses − cash − BTC value
		grossGap  string
	}{
		{
			// SPEC §3a near term: 900 + 0 + 50 − 300 − 48 − 0 − 0 − 100 − 200 = 302 = gap 302 − 0;
			// the first five: 900 + 0 + 50 − 300 − 48 = 602, the gap before committed financing.
			name:  "worked example near term",
			pos:   Compute(exampleUniverse()).Miners[0].Positions[NearTerm],
			lines: []string{"900", "0", "50", "-300", "-48", "0", "0", "-100", "-200"},
			sum:   "302", liquidity: "602", grossGap: "602",
		},
		{
			// Full pipeline adds P2's 525: 1,425 + 50 − 348 − 300 = 827; liquidity 1,475 − 348 = 1,127.
			name:  "worked example full pipeline",
			pos:   Compute(exampleUniverse()).Miners[0].Positions[FullPipeline],
			lines: []string{"1425", "0", "50", "-300", "-48", "0", "0", "-100", "-200"},
			sum:   "827", liquidity: "1127", grossGap: "1127",
		},
		{
			// Cash 1,000 against uses 500: 500 − 1,000 = −500 = gap 0 − surplus 500; the gap before
			// committed financing is max(0, −500) = 0.
			name:  "surplus",
			pos:   Compute(rich).Miners[0].Positions[NearTerm],
			lines: []string{"500", "0", "0", "-1000", "0", "0", "0", "0", "0"},
			sum:   "-500", liquidity: "-500", grossGap: "0",
		},
	}
	labels := []string{"Remaining capex", "Other uses", "Minimum cash", "Cash", "BTC value",
		"Undrawn committed debt", "Other committed funding", "Prepayments", "Committed project debt used"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.pos.Bridge()
			if len(b) != len(tt.lines) {
				t.Fatalf("%d lines, want %d", len(b), len(tt.lines))
			}
			sum, liquidity := zero, zero
			for i, l := range b {
				if l.Label != labels[i] || !l.Amount.Equal(d(tt.lines[i])) {
					t.Errorf("line %d = %s %s, want %s %s", i, l.Label, l.Amount, labels[i], tt.lines[i])
				}
				sum = sum.Add(l.Amount)
				if i < BridgeLiquidityLines {
					liquidity = liquidity.Add(l.Amount)
				}
			}
			if !sum.Equal(d(tt.sum)) || !sum.Equal(tt.pos.Gap.Sub(tt.pos.Surplus)) {
				t.Errorf("bridge sums to %s, want %s = gap %s − surplus %s", sum, tt.sum, tt.pos.Gap, tt.pos.Surplus)
			}
			if !liquidity.Equal(d(tt.liquidity)) || !tt.pos.GrossGap.Equal(d(tt.grossGap)) {
				t.Errorf("liquidity lines %s, gross gap %s; want %s and %s", liquidity, tt.pos.GrossGap, tt.liquidity, tt.grossGap)
			}
		})
	}
}

// TestOwnership checks that the miner's share of a site scales everything the row gives for the
// whole site. One project, no cash: the gap is the project's alone, so it halves with the share.
//
// Whole site: 50 MW × 10 = 500 build, 100 spent, 400 remaining; committed debt min(100, 400) = 100;
// prepayment 100; sources 100 + 100 = 200, gap 400 − 200 = 200; revenue (1,000 − 100) / 10 = 90,
// NOI 90 × 0.85 = 76.5; capacity min(0.8 × 500, 400, 76.5 × 10 / 1.25 = 612) − 100 = 300.
// Half: 25 MW, 250 build, 50 spent, 200 remaining; committed 50; prepayment 50; gap 200 − 100 =
// 100; revenue (500 − 50) / 10 = 45, NOI 38.25; capacity min(200, 200, 306) − 50 = 150.
func TestOwnership(t *testing.T) {
	whole := map[string]string{"mw": "50", "remaining capex": "400", "prepayments": "100", "committed used": "100",
		"gap": "200", "gross gap": "400", "contract noi": "76.5", "capacity": "300",
		"pf ebitda": "191.5"} // 115 + 76.5
	tests := []struct {
		name      string
		ownership decimal.NullDecimal
		want      map[string]string
	}{
		{"blank is the whole site", decimal.NullDecimal{}, whole},
		{"1 is the whole site", nd("1"), whole},
		{"half", nd("0.5"), map[string]string{"mw": "25", "remaining capex": "200", "prepayments": "50",
			"committed used": "50", "gap": "100", "gross gap": "200", "contract noi": "38.25", "capacity": "150",
			"pf ebitda": "153.25"}}, // 115 + 38.25
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := easyUniverse(mixOf("eq", "1", "0", "0", "0"))
			u.Miners[0].Cash = zero
			p := &u.Projects[0]
			p.CapexSpent, p.Prepayment, p.CommittedProjectDebt, p.Ownership = nd("100"), d("100"), d("100"), tt.ownership
			if errs := Validate(u); len(errs) > 0 {
				t.Fatal(errs)
			}
			res := Compute(u)
			checkFigures(t, figures(res.Miners[0].Financings[0]), tt.want)
			pr := res.Miners[0].Projects[0]
			half := tt.ownership.Valid && tt.ownership.Decimal.Equal(d("0.5"))
			build, spent := "500", "100"
			if half {
				build, spent = "250", "50"
			}
			if !pr.BuildCost.Equal(d(build)) || !pr.ShellCost.Equal(d(build)) || !pr.CapexSpent.Equal(d(spent)) {
				t.Errorf("build %s shell %s spent %s, want %s %s %s", pr.BuildCost, pr.ShellCost, pr.CapexSpent, build, build, spent)
			}
		})
	}
}

// TestDisplacedEBITDA checks that the mining EBITDA a site stops earning comes off PF EBITDA, at
// the miner's share, and only for the scenario's scope. easyUniverse: mining EBITDA 115, A's NOI 85.
func TestDisplacedEBITDA(t *testing.T) {
	tests := []struct {
		name   string
		change func(u *Universe)
		scope  Scope
		want   map[string]string
	}{
		// 115 − 0 + 85 = 200; corporate debt room 5 × 200 = 1,000, net of the 0.2 fee 800.
		{"none", func(u *Universe) {}, NearTerm,
			map[string]string{"pf ebitda": "200", "displaced": "0", "corporate debt limit": "800"}},
		// 115 − 30 + 85 = 170; room 5 × 170 = 850, net 680.
		{"whole site", func(u *Universe) { u.Projects[0].DisplacedEBITDA = d("30") }, NearTerm,
			map[string]string{"pf ebitda": "170", "displaced": "30", "corporate debt limit": "680"}},
		// The half share: 115 − 15 + 42.5 (NOI halves too) = 142.5; room 712.5, net 570.
		{"half the site", func(u *Universe) {
			u.Projects[0].DisplacedEBITDA = d("30")
			u.Projects[0].Ownership = nd("0.5")
		}, NearTerm, map[string]string{"pf ebitda": "142.5", "displaced": "15", "corporate debt limit": "570"}},
		// A Pipeline site is outside the near term: 115 + 85 = 200.
		{"pipeline site near term", func(u *Universe) {
			u.Projects = append(u.Projects, Project{Ticker: "M", Name: "B", Status: Pipeline, DisplacedEBITDA: d("20")})
		}, NearTerm, map[string]string{"pf ebitda": "200", "displaced": "0"}},
		// ... and inside the full pipeline: 115 − 20 + 85 = 180.
		{"pipeline site full pipeline", func(u *Universe) {
			u.Projects = append(u.Projects, Project{Ticker: "M", Name: "B", Status: Pipeline, DisplacedEBITDA: d("20")})
		}, FullPipeline, map[string]string{"pf ebitda": "180", "displaced": "20"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mixOf("cd", "0", "0", "1", "0")
			s.Scope = tt.scope
			u := easyUniverse(s)
			tt.change(&u)
			if errs := Validate(u); len(errs) > 0 {
				t.Fatal(errs)
			}
			checkFigures(t, figures(Compute(u).Miners[0].Financings[0]), tt.want)
		})
	}
}

// TestConvertibleCap checks that the cap on convertibles holds the existing ones: on easyUniverse
// (gap 400, all convertible, market cap 10 × 100 = 1,000, max convertible 0.35, fee 0.2) the cap
// is max(0, 350 − existing principal), and what it cannot take spills to equity (issue price 8).
func TestConvertibleCap(t *testing.T) {
	tests := []struct {
		name      string
		principal string
		want      map[string]string
		flags     string
	}{
		// Cap 350, limit 350 × 0.8 = 280; 120 spills (as in TestFinancing).
		{"none outstanding", "", map[string]string{"existing convertible principal": "0", "convertible cap": "350",
			"convertible limit": "280", "convertible": "280", "equity": "120"}, "spill: convertible"},
		// Cap 350 − 100 = 250, limit 200: CV 200 (gross 250, so 100 + 250 = 350 at the cap);
		// equity 200, gross 250, 250 / 8 = 31.25 new shares.
		{"some outstanding", "100", map[string]string{"existing convertible principal": "100", "convertible cap": "250",
			"convertible limit": "200", "convertible": "200", "convertible gross": "250", "equity": "200",
			"new shares": "31.25"}, "spill: convertible"},
		// Exactly at the cap: max(0, 350 − 350) = 0; all 400 spills, gross 500, 62.5 new shares.
		{"cap reached", "350", map[string]string{"convertible cap": "0", "convertible limit": "0",
			"convertible": "0", "equity": "400", "new shares": "62.5"}, "spill: convertible"},
		// Already exceeded: max(0, 350 − 500) = 0, not negative; no new convertible.
		{"cap already exceeded", "500", map[string]string{"existing convertible principal": "500",
			"convertible cap": "0", "convertible limit": "0", "convertible": "0", "convertible gross": "0",
			"new conversion shares": "0", "equity": "400"}, "spill: convertible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := easyUniverse(mixOf("cv", "0", "1", "0", "0"))
			if tt.principal != "" {
				// Debt counts the convertible at principal; with no coupon existing interest is
				// max(0, debt − principal) × 0.1 + 0 = 0.
				u.Miners[0].Debt = d(tt.principal)
				u.Instruments = []Instrument{{Ticker: "M", Type: Convertible, Principal: d(tt.principal), ConversionPrice: d("40")}}
			}
			if errs := Validate(u); len(errs) > 0 {
				t.Fatal(errs)
			}
			f := Compute(u).Miners[0].Financings[0]
			checkFigures(t, figures(f), tt.want)
			if got := flagsText(f.Flags); got != tt.flags {
				t.Errorf("flags = %q, want %q", got, tt.flags)
			}
		})
	}
}

// TestEconomicDilution checks the economic view on easyUniverse all equity at P = 10: 400 raised,
// gross 500, 62.5 new shares, PF basic 162.5. The existing convertible is 100 at conversion price
// 5, 100 / 5 = 20 shares if converted.
func TestEconomicDilution(t *testing.T) {
	tests := []struct {
		name        string
		conversion  string
		cap         decimal.NullDecimal
		warrants    bool
		convertible string // economic shares of the convertible
		shares      string
		dilution    string
	}{
		// Net share settled: 20 × (10 − 5) / 10 = 10; 162.5 + 10 = 172.5; 62.5 / 172.5 = 0.362319.
		{"no capped call", "5", decimal.NullDecimal{}, false, "10", "172.5", "~0.362319"},
		// Capped at 8, between the conversion price and P: 20 × (10 − 8) / 10 = 4; 166.5;
		// 62.5 / 166.5 = 0.375375.
		{"cap between conversion price and P", "5", nd("8"), false, "4", "166.5", "~0.375375"},
		// Cap at the conversion price is no capped call: 20 × (10 − 5) / 10 = 10.
		{"cap at the conversion price", "5", nd("5"), false, "10", "172.5", "~0.362319"},
		// Capped above P: the call absorbs it all, 0; the basic view 62.5 / 162.5 = 0.384615.
		{"cap above P", "5", nd("12"), false, "0", "162.5", "~0.384615"},
		// Out of the money: 100 / 15 × max(0, 10 − 15) / 10 = 0.
		{"out of the money", "15", decimal.NullDecimal{}, false, "0", "162.5", "~0.384615"},
		// Warrants 10 m at 6 add 10 × (10 − 6) / 10 = 4 by treasury stock: 162.5 + 4 + 4 = 170.5;
		// 62.5 / 170.5 = 0.366569.
		{"with warrants", "5", nd("8"), true, "4", "170.5", "~0.366569"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := easyUniverse(mixOf("eq", "1", "0", "0", "0"))
			u.Instruments = []Instrument{{Ticker: "M", Type: Convertible, Principal: d("100"),
				ConversionPrice: d(tt.conversion), CapPrice: tt.cap}}
			if tt.warrants {
				u.Instruments = append(u.Instruments, Instrument{Ticker: "M", Type: Warrant, Shares: d("10"), ConversionPrice: d("6")})
			}
			if errs := Validate(u); len(errs) > 0 {
				t.Fatal(errs)
			}
			f := Compute(u).Miners[0].Financings[0]
			checkFigures(t, figures(f), map[string]string{"new shares": "62.5", "pf basic": "162.5",
				"economic convert shares": tt.convertible, "economic shares": tt.shares, "dilution economic": tt.dilution})
			// The if-converted view is unchanged by a cap: 100 / conversion price.
			if want := d("100").DivRound(d(tt.conversion), Places); !f.ExistingConvertShares.Equal(want) {
				t.Errorf("if-converted shares %s, want %s", f.ExistingConvertShares, want)
			}
		})
	}
}

// TestCommittedDebtRate checks that committed project debt pays its project's own rate, else the
// workbook's, whatever a scenario overrides; new project debt pays the scenario's rate. §3a's
// example (existing interest 22, PD 151 net, gross 154.081633) with its project debt rate moved.
func TestCommittedDebtRate(t *testing.T) {
	tests := []struct {
		name      string
		override  string // the scenario's Project debt rate; "" for none
		own       decimal.NullDecimal
		committed string
		pfi       string
	}{
		// 200 × 0.075 = 15; PF interest 22 + 15 + 154.081633 × 0.075 = 48.556122 (§3a).
		{"no override", "", decimal.NullDecimal{}, "15", "~48.556122"},
		// The override 0.1 prices only the new debt: 22 + 15 + 154.081633 × 0.1 = 52.408163.
		{"override", "0.1", decimal.NullDecimal{}, "15", "~52.408163"},
		// Own rate 0.06: 200 × 0.06 = 12; new debt at 0.075: 22 + 12 + 11.556122 = 45.556122.
		{"own rate", "", nd("0.06"), "12", "~45.556122"},
		// Own rate and override: 22 + 12 + 15.408163 = 49.408163.
		{"own rate and override", "0.1", nd("0.06"), "12", "~49.408163"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := exampleUniverse()
			if tt.override != "" {
				u.Scenarios[0].Overrides = map[AssumptionKey]decimal.Decimal{ProjectDebtRate: d(tt.override)}
			}
			u.Projects[0].ProjectDebtRate = tt.own
			f := Compute(u).Miners[0].Financings[0]
			checkFigures(t, figures(f), map[string]string{"committed interest": tt.committed, "pf interest": tt.pfi,
				"project debt": "151", "existing interest": "22"})
		})
	}
}

// TestFlagTolerance checks SPEC §3's rule with t = 1e-9: a limit met exactly, or missed by no more
// than t, is not flagged; missed by more, it is. easyUniverse: gap 400, PF EBITDA 200, project
// debt limit 320, max net leverage 5, min interest coverage 2.
func TestFlagTolerance(t *testing.T) {
	tests := []struct {
		name  string
		u     func() Universe
		flags string
	}{
		// Project debt asked 0.8 × 400 = 320 = the limit: no shortfall.
		{"spill at the limit", func() Universe { return easyUniverse(mixOf("pd", "0.2", "0", "0", "0.8")) }, ""},
		// Asked 0.800000001 × 400 = 320.0000004: shortfall 4e-7 = t × max(1, 400), not above it.
		{"spill within the tolerance", func() Universe {
			return easyUniverse(mixOf("pd", "0.199999999", "0", "0", "0.800000001"))
		}, ""},
		// Asked 0.800000002 × 400 = 320.0000008: shortfall 8e-7 > 4e-7.
		{"spill beyond the tolerance", func() Universe {
			return easyUniverse(mixOf("pd", "0.199999998", "0", "0", "0.800000002"))
		}, "spill: project debt"},
		// Debt 1,000, all equity: net leverage 1,000 / 200 = 5 = max.
		{"leverage at the max", withDebt("1000"), ""},
		// 1,000.000001 / 200 = 5.000000005 = 5 × (1 + 1e-9): not above it.
		{"leverage within the tolerance", withDebt("1000.000001"), ""},
		// 1,000.0000011 / 200 = 5.0000000055 > 5.000000005.
		{"leverage beyond the tolerance", withDebt("1000.0000011"), "leverage above max"},
		// Interest 100: coverage 200 / 100 = 2 = min.
		{"coverage at the min", withInterest("100"), ""},
		// 200 / 100.0000001 = 1.999999998000000002 ≥ 2 × (1 − 1e-9) = 1.999999998.
		{"coverage within the tolerance", withInterest("100.0000001"), ""},
		// 200 / 100.0000002 = 1.999999996000000008 < 1.999999998.
		{"coverage beyond the tolerance", withInterest("100.0000002"), "coverage below min"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.u()
			if errs := Validate(u); len(errs) > 0 {
				t.Fatal(errs)
			}
			f := Compute(u).Miners[0].Financings[0]
			if got := flagsText(f.Flags); got != tt.flags {
				t.Errorf("flags = %q, want %q (leverage %v, coverage %v, project debt %s)", got, tt.flags,
					f.NetLeverage.Decimal, f.InterestCoverage.Decimal, f.ProjectDebt)
			}
		})
	}
}

func withDebt(debt string) func() Universe {
	return func() Universe {
		u := easyUniverse(mixOf("eq", "1", "0", "0", "0"))
		u.Miners[0].Debt = d(debt)
		u.Miners[0].Interest = nd("0")
		return u
	}
}

func withInterest(interest string) func() Universe {
	return func() Universe {
		u := easyUniverse(mixOf("eq", "1", "0", "0", "0"))
		u.Miners[0].Interest = nd(interest)
		return u
	}
}
