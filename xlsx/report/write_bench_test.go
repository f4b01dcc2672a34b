package report

import (
	"fmt"
	"io"
	"testing"

	"minergap/internal/testkit"
	"minergap/model"
)

// wbUniverse is a synthetic universe of n miners with k projects each (every status, half of
// them contracted, some GPU cloud) and a convertible and a warrant each, run on the default
// scenarios.
func wbUniverse(n, k int) model.Universe {
	u := model.WorkedExample()
	u.Miners, u.Projects, u.Instruments, u.Scenarios = nil, nil, nil, nil
	for i := 0; i < n; i++ {
		t := fmt.Sprintf("M%04d", i)
		u.Miners = append(u.Miners, model.Miner{Ticker: t, Company: "Miner " + t,
			SharePrice: testkit.Dec(fmt.Sprint(5 + i%40)), SharesOutstanding: testkit.Dec(fmt.Sprint(100 + i%300)),
			Cash: testkit.Dec(fmt.Sprint(50 + i%500)), BTCHeld: testkit.Dec(fmt.Sprint(i % 3000)), Debt: testkit.Dec(fmt.Sprint(i % 900)),
			MinimumCash: testkit.Dec("25"), MiningEBITDA: testkit.Dec(fmt.Sprint(i%200 - 20))})
		for j := 0; j < k; j++ {
			p := model.Project{Ticker: t, Name: fmt.Sprintf("Site %d", j), Status: model.Statuses[j%4],
				MW: testkit.Dec(fmt.Sprint(20 + (i*7+j*13)%300))}
			if j%2 == 0 {
				p.ContractValue, p.ContractYears = testkit.Dec(fmt.Sprint(500+(i+j)%4000)), testkit.Dec(fmt.Sprint(5+j%11))
				p.CommittedProjectDebt = testkit.Dec(fmt.Sprint((i * j) % 400))
			}
			if j%5 == 1 {
				p.Business = model.GPUCloud
			}
			u.Projects = append(u.Projects, p)
		}
		u.Instruments = append(u.Instruments,
			model.Instrument{Ticker: t, Name: "Notes", Type: model.Convertible, Principal: testkit.Dec("150"),
				ConversionPrice: testkit.Dec(fmt.Sprint(10 + i%30)), Coupon: testkit.Dec("0.0275")},
			model.Instrument{Ticker: t, Name: "Warrants", Type: model.Warrant, Shares: testkit.Dec("5"),
				ConversionPrice: testkit.Dec(fmt.Sprint(8 + i%20))})
	}
	return u
}

// BenchmarkWrite writes the output of 1,000 miners × 10 projects × 5 scenarios (the default
// scenarios) to io.Discard; the model is computed once, outside the timer.
func BenchmarkWrite(b *testing.B) {
	for _, size := range []struct{ miners, projects int }{{100, 10}, {1000, 10}} {
		u := wbUniverse(size.miners, size.projects)
		r := model.Run(u)
		book := bookOf(u)
		b.Run(fmt.Sprintf("%dx%dx5", size.miners, size.projects), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, book, r, testOptions); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
