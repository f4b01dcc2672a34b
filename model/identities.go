package model

import "github.com/shopspring/decimal"

// The identities every result satisfies (SPEC §3), each stated once: Compute holds them exactly,
// the output's Checks sheet recomputes them live, and its master check counts the failures.

// Imbalance is uses − (sources + gap − surplus): 0 for every position Compute returns.
func (p Position) Imbalance() decimal.Decimal {
	return p.Uses.Sub(p.Sources.Add(p.Gap).Sub(p.Surplus))
}

// TrancheImbalance is project debt + convertible + corporate debt + equity − gap, net amounts:
// 0 for every financing Compute returns.
func (f Financing) TrancheImbalance() decimal.Decimal {
	return f.ProjectDebt.Add(f.Convertible).Add(f.CorporateDebt).Add(f.Equity).Sub(f.Gap)
}
