package model

import (
	"time"

	"github.com/shopspring/decimal"
)

// WorkedExample is the worked example of SPEC §3a as a universe, the running example of this
// package's documentation: the figures the spec works by hand, step by step, are what the tests
// hold the model, the workbook and the JSON summary to.
func WorkedExample() Universe {
	d := decimal.RequireFromString
	some := func(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }
	a := DefaultAssumptions()
	a.AsOf = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	a.HasBTCPrice = true
	a.Values[BTCPrice] = d("60000")
	return Universe{
		Assumptions: a,
		Miners: []Miner{{Ticker: "EX", Company: "Example Mining", SharePrice: d("20"),
			SharesOutstanding: d("100"), Cash: d("300"), BTCHeld: d("1000"), Debt: d("400"),
			MinimumCash: d("50"), MiningEBITDA: d("40")}},
		Projects: []Project{
			{Ticker: "EX", Name: "P1", Status: Contracted, MW: d("100"), CapexPerMW: some("10"),
				CapexSpent: some("100"), ContractValue: d("2000"), ContractYears: d("10"),
				Prepayment: d("100"), CommittedProjectDebt: d("200")},
			{Ticker: "EX", Name: "P2", Status: Pipeline, MW: d("50")},
		},
		Instruments: []Instrument{
			{Ticker: "EX", Name: "2030 notes", Type: Convertible, Principal: d("200"),
				ConversionPrice: d("25"), Coupon: d("0.02")},
			{Ticker: "EX", Name: "Warrants", Type: Warrant, Shares: d("10"), ConversionPrice: d("15")},
		},
		Scenarios: []Scenario{{Name: "Half project debt", Scope: NearTerm,
			Equity: d("0.5"), ProjectDebt: d("0.5")}},
	}
}
