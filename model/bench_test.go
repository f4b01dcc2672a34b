package model

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// benchUniverse is miners × projects of varied status, each contracted project on a 15-year
// lease, with the five default scenarios.
func benchUniverse(miners, projectsPerMiner int) Universe {
	u := Universe{Assumptions: DefaultAssumptions()}
	u.Assumptions.HasBTCPrice = true
	u.Assumptions.Values[BTCPrice] = d("105000")
	for i := range miners {
		t := fmt.Sprintf("M%04d", i)
		u.Miners = append(u.Miners, Miner{Ticker: t, SharePrice: d("12.34"), SharesOutstanding: d("300"),
			Cash: d("500"), BTCHeld: d("1500"), Debt: d("900"), MinimumCash: d("50"), MiningEBITDA: d("120")})
		u.Instruments = append(u.Instruments, Instrument{Ticker: t, Type: Convertible, Principal: d("400"),
			ConversionPrice: d("18.5"), Coupon: d("0.0225")})
		for j := range projectsPerMiner {
			p := Project{Ticker: t, Name: fmt.Sprint(j), Status: Statuses[j%4], Business: Business(j % 2),
				MW: decimal.NewFromInt(int64(20 + j%200)), CommittedProjectDebt: d("35")}
			if p.Status != Pipeline {
				p.ContractValue, p.ContractYears, p.Prepayment = d("1234.5"), d("15"), d("60")
			}
			u.Projects = append(u.Projects, p)
		}
	}
	return u
}

// BenchmarkCompute runs the model over 100,000 projects (1,000 miners × 100) and five scenarios.
func BenchmarkCompute(b *testing.B) {
	u := benchUniverse(1000, 100)
	b.ReportAllocs()
	for b.Loop() {
		Compute(u)
	}
}

// BenchmarkValidate checks the same universe.
func BenchmarkValidate(b *testing.B) {
	u := benchUniverse(1000, 100)
	b.ReportAllocs()
	for b.Loop() {
		Validate(u)
	}
}
