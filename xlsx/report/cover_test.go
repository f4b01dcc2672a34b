package report

import (
	"testing"

	"github.com/shopspring/decimal"

	"minergap/model"
)

// TestScenarioChanges pins the Cover's words for a scenario's changes: a rise keeps its +, an
// override says its value (a rate as a percentage, a price as a number).
func TestScenarioChanges(t *testing.T) {
	d := decimal.RequireFromString
	for _, tc := range []struct {
		name string
		sc   model.Scenario
		want string
	}{
		{"base", model.Scenario{Scope: model.NearTerm}, "Near-term"},
		{"capex up", model.Scenario{Scope: model.NearTerm, CapexChange: d("0.15")}, "Near-term; capex +15%"},
		{"price down", model.Scenario{Scope: model.FullPipeline, SharePriceChange: d("-0.3")}, "Full pipeline; share price -30%"},
		{"overrides", model.Scenario{Scope: model.NearTerm, Overrides: map[model.AssumptionKey]decimal.Decimal{
			model.BTCPrice: d("90000"), model.ProjectDebtRate: d("0.09")}},
			"Near-term; overrides BTC price 90000, Project debt rate 9%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := scenarioChanges(tc.sc); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
