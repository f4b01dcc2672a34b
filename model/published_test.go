package model

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestPublishedFinancings replays three financings announced by miners and checks that the model
// sizes them as published (figures from ../shared/data/public-miner-facts.csv).
func TestPublishedFinancings(t *testing.T) {
	noFees := map[AssumptionKey]decimal.Decimal{DebtFee: zero, EquityFee: zero, EquityDiscount: zero}
	oneProject := func(ticker string, price, shares string, p Project, s Scenario) Universe {
		p.Ticker = ticker
		s.Overrides = noFees
		return Universe{
			Assumptions: DefaultAssumptions(),
			Miners:      []Miner{{Ticker: ticker, SharePrice: d(price), SharesOutstanding: d(shares), MiningEBITDA: d("100")}},
			Projects:    []Project{p},
			Scenarios:   []Scenario{s},
		}
	}
	tests := []struct {
		name  string
		u     Universe
		want  map[string]string
		flags string
	}{
		{
			// Hut 8 River Bend: 245 MW × 10 = 2,450 build cost, 85% loan-to-cost ⇒ by cost 2,082.5.
			// The 15-year lease averages 454 NOI a year (contract value 454 × 15 = 6,810 at margin 1):
			// by coverage 454 / 1.3 × 8.827120 (15 years at 7.5%) = 3,082.70, which does not bind.
			// Gap 2,450 all asked of project debt: 2,082.5 project debt, 367.5 spills to equity.
			name: "Hut 8 River Bend",
			u: oneProject("HUT", "50", "100", Project{Name: "River Bend", Status: UnderConstruction, MW: d("245"),
				CapexPerMW: nd("10"), LoanToCost: nd("0.85"), NOIMargin: nd("1"), ContractValue: d("6810"), ContractYears: d("15")},
				mixOf("project loan", "0", "0", "0", "1")),
			want: map[string]string{"build": "2450", "by cost": "2082.5", "by coverage": "~3082.701819",
				"gap": "2450", "project debt": "2082.5", "project debt gross": "2082.5", "equity": "367.5"},
			flags: "spill: project debt",
		},
		{
			// Galaxy Helios phase I: 1,750 build cost (here 175 MW × 10) at 80% ⇒ 1,400 project debt,
			// 350 equity. The CoreWeave lease, 15,000 over 15 years at margin 0.85, NOI 850 a year:
			// by coverage 850 / 1.3 × 8.827120 = 5,771.578295, which does not bind.
			name: "Galaxy Helios phase I",
			u: oneProject("GLXY", "21.20", "391.10", Project{Name: "Helios I", Status: Contracted, MW: d("175"),
				CapexPerMW: nd("10"), ContractValue: d("15000"), ContractYears: d("15")},
				mixOf("project loan", "0", "0", "0", "1")),
			want: map[string]string{"build": "1750", "by cost": "1400", "by coverage": "~5771.578295",
				"gap": "1750", "project debt": "1400", "equity": "350"},
			flags: "spill: project debt",
		},
		{
			// IREN's December 2025 registered direct: 1,632 at 41.12, no discount, no fee ⇒
			// 1,632 / 41.12 = 39.688716 m new shares; on 283.47 m shares 39.688716 / 323.158716 =
			// 12.28% basic dilution. The gap is made 1,632 by one 163.2 MW × 10 project.
			name: "IREN registered direct",
			u: oneProject("IREN", "41.12", "283.47", Project{Name: "Sweetwater", Status: UnderConstruction,
				MW: d("163.2"), CapexPerMW: nd("10")}, mixOf("registered direct", "1", "0", "0", "0")),
			want: map[string]string{"gap": "1632", "equity": "1632", "equity gross": "1632", "issue price": "41.12",
				"new shares": "~39.688716", "pf basic": "~323.158716", "dilution basic": "~0.122815"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if errs := Validate(tt.u); len(errs) != 0 {
				t.Fatalf("invalid: %v", errs)
			}
			f := Compute(tt.u).Miners[0].Financings[0]
			got := figures(f)
			p := f.Projects[0]
			got["build"], got["by cost"], got["by coverage"] = p.BuildCost, p.CapacityByCost, p.CapacityByCoverage
			checkFigures(t, got, tt.want)
			if s := flagsText(f.Flags); s != tt.flags {
				t.Errorf("flags %q, want %q", s, tt.flags)
			}
		})
	}
}
