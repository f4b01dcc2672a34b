package model

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestChangesProjects pins which scenarios get project results of their own: a capex change or
// an override of a value projects use; any other scenario shares the base case's slice, which
// the output writes once.
func TestChangesProjects(t *testing.T) {
	u := WorkedExample()
	d := decimal.RequireFromString
	u.Scenarios = []Scenario{
		{Name: "plain", Equity: d("1")},
		{Name: "capex", Equity: d("1"), CapexChange: d("0.1")},
		{Name: "rate", Equity: d("1"), Overrides: map[AssumptionKey]decimal.Decimal{ProjectDebtRate: d("0.09")}},
		{Name: "dscr", Equity: d("1"), Overrides: map[AssumptionKey]decimal.Decimal{ProjectMinDSCR: d("1.5")}},
		{Name: "corporate", Equity: d("1"), Overrides: map[AssumptionKey]decimal.Decimal{CorporateDebtRate: d("0.12")}},
		{Name: "price", Equity: d("1"), SharePriceChange: d("-0.3")},
	}
	want := map[string]bool{"plain": false, "capex": true, "rate": true, "dscr": true, "corporate": false, "price": false}
	res := Compute(u)
	for si, s := range res.Scenarios {
		if got := ChangesProjects(s); got != want[s.Name] {
			t.Errorf("ChangesProjects(%s) = %v, want %v", s.Name, got, want[s.Name])
		}
		for _, mr := range res.Miners {
			prs := mr.Financings[si].Projects
			shared := len(prs) > 0 && &prs[0] == &mr.Projects[0]
			if len(mr.Projects) > 0 && shared == want[s.Name] {
				t.Errorf("scenario %s: projects shared with the base case = %v, want %v", s.Name, shared, !want[s.Name])
			}
		}
	}
}
