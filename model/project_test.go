package model

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestProjects checks one project's figures under the default assumptions (capex 10.5, GPU 28,
// NOI margin 0.85, loan-to-cost 0.8, rate 0.075, DSCR 1.3).
func TestProjects(t *testing.T) {
	tests := []struct {
		name string
		p    Project
		want map[string]string
	}{
		{
			// 10 MW × 10.5 = 105; nothing spent.
			name: "colocation",
			p:    Project{Status: UnderConstruction, Business: Colocation, MW: d("10")},
			want: map[string]string{"build": "105", "remaining": "105", "capacity": "0"},
		},
		{
			// 10 MW × (10.5 + 28) = 385.
			name: "GPU cloud",
			p:    Project{Status: UnderConstruction, Business: GPUCloud, MW: d("10")},
			want: map[string]string{"build": "385", "remaining": "385"},
		},
		{
			// A colocation project's GPU capex is shown but not built: 10 × 10.5 = 105.
			name: "colocation ignores GPU capex",
			p:    Project{Status: UnderConstruction, MW: d("10"), GPUCapexPerMW: nd("30")},
			want: map[string]string{"build": "105"},
		},
		{
			// Spent 200 above the build cost 105: remaining max(0, 105 − 200) = 0, so committed
			// debt used min(50, 0) = 0 and capacity by cost min(84, 0) = 0.
			name: "capex spent above build cost",
			p: Project{Status: Contracted, MW: d("10"), CapexSpent: nd("200"), CommittedProjectDebt: d("50"),
				ContractValue: d("300"), ContractYears: d("10")},
			want: map[string]string{"build": "105", "remaining": "0", "committed used": "0", "by cost": "0",
				"capacity": "0", "NOI": "25.5"},
		},
		{
			// Energized and spent blank: spent = build = 105, remaining 0.
			name: "energized with capex spent blank",
			p:    Project{Status: Energized, MW: d("10")},
			want: map[string]string{"build": "105", "spent": "105", "remaining": "0"},
		},
		{
			// Contract 300 over 10 years, prepayment 50: (300 − 50) / 10 = 25 a year, NOI 21.25.
			// By cost min(0.8 × 105, 105) = 84. By coverage 21.25 / 1.3 × 6.864081 = 112.201323.
			// Committed 30: capacity min(84, 112.2) − 30 = 54.
			name: "contracted with prepayment",
			p: Project{Status: Contracted, MW: d("10"), ContractValue: d("300"), ContractYears: d("10"),
				Prepayment: d("50"), CommittedProjectDebt: d("30")},
			want: map[string]string{"revenue": "25", "NOI": "21.25", "by cost": "84", "by coverage": "~112.201323",
				"committed used": "30", "capacity": "54"},
		},
		{
			// A Pipeline project earns on its contract but gets no new project debt.
			name: "pipeline with a contract",
			p:    Project{Status: Pipeline, MW: d("10"), ContractValue: d("300"), ContractYears: d("10")},
			want: map[string]string{"NOI": "25.5", "by cost": "0", "by coverage": "0", "capacity": "0"},
		},
		{
			// Rate 0: annuity factor n = 10; 25.5 × 10 / 1.3 = 196.153846; by cost 84 binds.
			// 10.5 years: n = 10 whole years, revenue 300 / 10.5 = 28.571429.
			name: "zero rate and fractional years",
			p: Project{Status: Contracted, MW: d("10"), ContractValue: d("300"), ContractYears: d("10.5"),
				ProjectDebtRate: nd("0")},
			want: map[string]string{"revenue": "~28.571429", "by coverage": "~186.813187", "capacity": "84"},
		},
		{
			// Own values win: 10 × 12 = 120; loan-to-cost 0.5 ⇒ by cost 60; NOI margin 0.5 on 30 = 15.
			name: "project's own values",
			p: Project{Status: Contracted, MW: d("10"), CapexPerMW: nd("12"), LoanToCost: nd("0.5"),
				NOIMargin: nd("0.5"), ContractValue: d("300"), ContractYears: d("10")},
			want: map[string]string{"build": "120", "by cost": "60", "NOI": "15", "capacity": "60"},
		},
	}
	a := DefaultAssumptions()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := project(0, tt.p, a, a, zero, nil)
			checkFigures(t, map[string]any{
				"build": r.BuildCost, "spent": r.CapexSpent, "remaining": r.RemainingCapex, "revenue": r.CashRevenue,
				"NOI": r.NOI, "committed used": r.CommittedDebtUsed, "by cost": r.CapacityByCost,
				"by coverage": r.CapacityByCoverage, "capacity": r.DebtCapacity,
			}, tt.want)
		})
	}
}

// TestAnnuity pins the discount factor: (1 − 1.075^−10) / 0.075 = 6.864080955980477...
func TestAnnuity(t *testing.T) {
	tests := []struct {
		r    string
		n    int
		want string
	}{
		{"0.075", 10, "6.86408095598047707374"},
		{"0", 7, "7"},
		{"0.1", 1, "0.90909090909090909091"}, // 1 / 1.1
		{"0.075", 0, "0"},
		{"-1", 5, "0"}, // guarded: (1 + r) = 0
	}
	for _, tt := range tests {
		if got := annuity(d(tt.r), tt.n); !got.Equal(d(tt.want)) {
			t.Errorf("annuity(%s, %d) = %s, want %s", tt.r, tt.n, got, tt.want)
		}
	}
}

// TestNotes checks the notes Compute leaves for the analyst.
func TestNotes(t *testing.T) {
	u := easyUniverse(mixOf("cheap capex", "1", "0", "0", "0"), mixOf("high rate", "1", "0", "0", "0"))
	u.Projects = append(u.Projects,
		Project{Ticker: "M", Name: "B", Status: Energized, MW: d("10")},
		Project{Ticker: "M", Name: "C", Status: Contracted, MW: d("10")},
		Project{Ticker: "M", Name: "D", Status: Pipeline, MW: d("10"), CapexPerMW: nd("9")},
		Project{Ticker: "M", Name: "E", Status: UnderConstruction, MW: d("20"), Ownership: nd("0.5")},
	)
	u.Scenarios[0].Overrides = map[AssumptionKey]decimal.Decimal{CapexPerMW: d("8"), BTCHaircut: d("0.5")}
	u.Scenarios[1].Overrides = map[AssumptionKey]decimal.Decimal{ProjectDebtRate: d("0.1")}
	want := []Note{
		{Ref: &Ref{"Projects", 1, "Capex spent"}, Text: "capex spent is blank on an Energized project; taken as the whole build cost, 105 USD m, so nothing remains to spend"},
		{Ref: &Ref{"Projects", 2, "Contract value"}, Warning: true, Text: "a Contracted project without a contract value earns nothing and gets no new project debt; enter its contract value and contract years"},
		// E: the owned 20 × 0.5 = 10 MW × 10.5 = 105.
		{Ref: &Ref{"Projects", 4, "Capex spent"}, Warning: true, Text: "capex spent is blank on an Under construction project; assumed nothing spent yet, so the whole build cost, 105 USD m, remains to spend; enter the capex spent so far"},
		// Near-term: A sets its own capex per MW (D does too, but D is Pipeline).
		{Ref: &Ref{"Scenarios", 0, "Capex per MW"}, Text: "capex per MW 8 is shadowed on 1 project that sets its own capex per MW, which wins"},
		{Ref: &Ref{"Scenarios", 1, "Project debt rate"}, Text: "project debt rate 0.1 applies to every project of the scope: none sets its own project debt rate"},
	}
	got := Compute(u).Notes
	if len(got) != len(want) {
		t.Fatalf("got %d notes, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if *got[i].Ref != *want[i].Ref || got[i].Text != want[i].Text || got[i].Warning != want[i].Warning {
			t.Errorf("note %d = %+v %q, want %+v %q", i, *got[i].Ref, got[i].Text, *want[i].Ref, want[i].Text)
		}
	}
}

// TestOverrides checks that a scenario's override changes the projects without their own value,
// that a project's own value wins, and that the base case keeps the workbook's assumptions.
func TestOverrides(t *testing.T) {
	s := mixOf("dear", "1", "0", "0", "0")
	s.Overrides = map[AssumptionKey]decimal.Decimal{CapexPerMW: d("12"), BTCPrice: d("100000"),
		CorporateDebtRate: d("0.5")}
	u := easyUniverse(s)
	u.Projects = append(u.Projects, Project{Ticker: "M", Name: "B", Status: UnderConstruction, MW: d("10")})
	u.Miners[0].BTCHeld = d("100")
	u.Miners[0].Debt = d("100")
	res := Compute(u)
	m := res.Miners[0]
	f := m.Financings[0]
	checkFigures(t, map[string]any{
		// Base: B is 10 × 10.5 = 105; A keeps its own 10 ⇒ 500. No BTC price in the base.
		"base B build": m.Projects[1].BuildCost, "base A build": m.Projects[0].BuildCost,
		"base BTC": m.Positions[NearTerm].BTCValue,
		// Scenario: B is 10 × 12 = 120, A still 500; BTC 100 × 100,000 / 1e6 × 0.8 = 8.
		"B build": f.Projects[1].BuildCost, "A build": f.Projects[0].BuildCost, "BTC": f.Position.BTCValue,
		// Uses 500 + 120 = 620; sources 100 + 8 = 108; gap 512.
		"gap": f.Gap,
		// Existing interest uses the workbook's corporate debt rate: 100 × 0.1 = 10, not 50.
		"existing interest": f.ExistingInterest, "scenario rate": f.Assumptions.Get(CorporateDebtRate),
	}, map[string]string{
		"base B build": "105", "base A build": "500", "base BTC": "0",
		"B build": "120", "A build": "500", "BTC": "8", "gap": "512",
		"existing interest": "10", "scenario rate": "0.5",
	})
	if !f.Projects[1].CapexPerMWDefault || f.Projects[0].CapexPerMWDefault {
		t.Errorf("CapexPerMWDefault: B %v A %v, want true false", f.Projects[1].CapexPerMWDefault, f.Projects[0].CapexPerMWDefault)
	}
	if u.Assumptions.Values[CapexPerMW].Equal(d("12")) {
		t.Errorf("Compute changed the workbook's assumptions")
	}
}

// TestDefaultScenarios checks SPEC §2's defaults and that Compute runs them without a sheet.
func TestDefaultScenarios(t *testing.T) {
	want := []string{
		"All equity Near-term 1 0 0 0",
		"All convertible Near-term 0 1 0 0",
		"Corporate debt Near-term 0 0 1 0",
		"Project debt + equity Near-term 0.5 0 0 0.5",
		"Balanced Near-term 0.4 0.2 0.2 0.2",
	}
	got := DefaultScenarios()
	for i, s := range got {
		line := strings.Join([]string{s.Name, s.Scope.String(), s.Equity.String(), s.Convertible.String(),
			s.CorporateDebt.String(), s.ProjectDebt.String()}, " ")
		if i >= len(want) || line != want[i] {
			t.Errorf("scenario %d = %q", i, line)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d scenarios, want %d", len(got), len(want))
	}
	res := Compute(easyUniverse())
	if len(res.Scenarios) != 5 || len(res.Miners[0].Financings) != 5 || res.Miners[0].Financings[4].Scenario != 4 {
		t.Errorf("Compute without scenarios ran %d scenarios, %d financings", len(res.Scenarios), len(res.Miners[0].Financings))
	}
}

// TestFullPipelineScenario checks that a Full pipeline scenario finances the larger gap and counts
// the contracted NOI of every project.
func TestFullPipelineScenario(t *testing.T) {
	s := mixOf("all", "1", "0", "0", "0")
	s.Scope = FullPipeline
	u := exampleUniverse()
	u.Scenarios = []Scenario{s}
	f := Compute(u).Miners[0].Financings[0]
	// SPEC §3a: full-pipeline gap 827.
	if f.Scope != FullPipeline || !f.Gap.Equal(d("827")) || !f.Equity.Equal(d("827")) {
		t.Errorf("scope %v gap %s equity %s, want Full pipeline 827 827", f.Scope, f.Gap, f.Equity)
	}
}

// TestInterestLines checks the rate each line of PF interest uses: undrawn debt at the miner's own
// rate, else the workbook's corporate debt rate; committed project debt at the project's own rate,
// else the workbook's project debt rate. Neither ever takes the scenario's override (both debts are
// signed), though the scenario overrides both rates here.
func TestInterestLines(t *testing.T) {
	s := mixOf("eq", "1", "0", "0", "0")
	s.Overrides = map[AssumptionKey]decimal.Decimal{CorporateDebtRate: d("0.5"), ProjectDebtRate: d("0.3")}
	tests := []struct {
		name   string
		change func(u *Universe)
		want   string
	}{
		// 50 × 0.2 + 100 × 0.05 = 15.
		{"own rates", func(u *Universe) {
			u.Miners[0].UndrawnDebtRate = nd("0.2")
			u.Projects[0].ProjectDebtRate = nd("0.05")
		}, "15"},
		// 50 × 0.1 (the workbook's corporate debt rate) + 100 × 0.04 (the workbook's project debt
		// rate, not the scenario's 0.3) = 5 + 4 = 9.
		{"fallbacks", func(u *Universe) { u.Assumptions.Values[ProjectDebtRate] = d("0.04") }, "9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := easyUniverse(s)
			u.Miners[0].UndrawnDebt = d("50")
			u.Projects[0].CommittedProjectDebt = d("100")
			tt.change(&u)
			f := Compute(u).Miners[0].Financings[0]
			if !f.ExistingInterest.IsZero() || !f.PFInterest.Equal(d(tt.want)) {
				t.Errorf("existing %s, PF interest %s, want 0 and %s", f.ExistingInterest, f.PFInterest, tt.want)
			}
		})
	}
}
