package model

import "github.com/shopspring/decimal"

// DefaultScenarios returns the five scenarios SPEC §2 runs when a workbook has no Scenarios sheet,
// all Near-term, with no price or capex change and no overrides.
func DefaultScenarios() []Scenario {
	d := func(name string, eq, cv, cd, pd string) Scenario {
		return Scenario{Name: name, Scope: NearTerm,
			Equity: decimal.RequireFromString(eq), Convertible: decimal.RequireFromString(cv),
			CorporateDebt: decimal.RequireFromString(cd), ProjectDebt: decimal.RequireFromString(pd)}
	}
	return []Scenario{
		d("All equity", "1", "0", "0", "0"),
		d("All convertible", "0", "1", "0", "0"),
		d("Corporate debt", "0", "0", "1", "0"),
		d("Project debt + equity", "0.5", "0", "0", "0.5"),
		d("Balanced", "0.4", "0.2", "0.2", "0.2"),
	}
}
