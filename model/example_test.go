package model_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"minergap/model"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nullDec(s string) decimal.NullDecimal { return decimal.NewNullDecimal(dec(s)) }

// SPEC §3a's worked example: one miner, a contracted project and a pipeline project, a
// convertible and warrants, financed half by project debt and half by equity.
func ExampleCompute() {
	u := model.WorkedExample() // SPEC §3a
	if errs := model.Validate(u); len(errs) > 0 {
		fmt.Println(errs)
		return
	}
	res := model.Compute(u)
	m := res.Miners[0]
	for _, scope := range model.Scopes {
		p := m.Positions[scope]
		fmt.Printf("%s: uses %s, sources %s, gap %s (before committed financing %s), %s MW\n",
			scope, p.Uses, p.Sources, p.Gap, p.GrossGap, p.MW)
	}
	f := m.Financings[0]
	// Rounded for display only; the model keeps 20 decimals.
	fmt.Printf("%s: project debt %s, equity %s (gross %s)\n", res.Scenarios[f.Scenario].Name,
		f.ProjectDebt, f.Equity, f.EquityGross.StringFixed(4))
	fmt.Printf("new shares %s, dilution basic %s, diluted %s, economic %s\n", f.NewShares.StringFixed(6),
		f.DilutionBasic.StringFixed(6), f.DilutionDiluted.StringFixed(6), f.DilutionEconomic.StringFixed(6))
	fmt.Printf("net leverage %s, coverage %s, cash flow per diluted share %s, flags %d\n",
		f.NetLeverage.Decimal.StringFixed(6), f.InterestCoverage.Decimal.StringFixed(6),
		f.CashFlowPerShare.Decimal.StringFixed(6), len(f.Flags))
	// Output:
	// Near-term: uses 950, sources 648, gap 302 (before committed financing 602), 100 MW
	// Full pipeline: uses 1475, sources 648, gap 827 (before committed financing 1127), 150 MW
	// Half project debt: project debt 151, equity 151 (gross 154.0816)
	// new shares 7.942352, dilution basic 0.073580, diluted 0.067057, economic 0.071914
	// net leverage 3.494202, coverage 4.149837, cash flow per diluted share 1.325066, flags 0
}

// The five scenarios a workbook without a Scenarios sheet runs.
func ExampleDefaultScenarios() {
	for _, s := range model.DefaultScenarios() {
		fmt.Printf("%-22s %s  equity %s, convertible %s, corporate debt %s, project debt %s\n",
			s.Name, s.Scope, s.Equity, s.Convertible, s.CorporateDebt, s.ProjectDebt)
	}
	// Output:
	// All equity             Near-term  equity 1, convertible 0, corporate debt 0, project debt 0
	// All convertible        Near-term  equity 0, convertible 1, corporate debt 0, project debt 0
	// Corporate debt         Near-term  equity 0, convertible 0, corporate debt 1, project debt 0
	// Project debt + equity  Near-term  equity 0.5, convertible 0, corporate debt 0, project debt 0.5
	// Balanced               Near-term  equity 0.4, convertible 0.2, corporate debt 0.2, project debt 0.2
}

// Validate names each problem by table, row and field; the reader turns that into a cell.
func ExampleValidate() {
	a := model.DefaultAssumptions()
	a.Values[model.CorporateDebtRate] = decimal.RequireFromString("7")
	u := model.Universe{
		Assumptions: a,
		Miners: []model.Miner{{Ticker: "EX", SharePrice: decimal.RequireFromString("20"),
			SharesOutstanding: decimal.RequireFromString("100")}},
		Projects: []model.Project{{Ticker: "EXX", Name: "P1", Status: model.Pipeline, MW: decimal.RequireFromString("10")}},
	}
	for _, e := range model.Validate(u) {
		fmt.Printf("%s row %d %s: %v\n", e.Ref.Table, e.Ref.Row, e.Ref.Field, e.Err)
	}
	// Output:
	// Assumptions row 12 Value: corporate debt rate 7 is above 1; enter 7% or 0.07
	// Projects row 0 Ticker: ticker "EXX" is not on Miners; add it to Miners or fix the spelling
}

// The bridge from the uses to the gap, for §3a's example near term: the first lines net the
// balance sheet's liquidity (the gap before committed financing), the rest the committed financing.
func ExamplePosition_Bridge() {
	u := model.WorkedExample() // SPEC §3a
	p := model.Compute(u).Miners[0].Positions[model.NearTerm]
	for i, l := range p.Bridge() {
		if i == model.BridgeLiquidityLines {
			fmt.Printf("%-28s %6s\n", "= before committed financing", p.GrossGap)
		}
		fmt.Printf("%-28s %6s\n", l.Label, l.Amount)
	}
	fmt.Printf("%-28s %6s\n", "= gap − surplus", p.Gap.Sub(p.Surplus))
	// Output:
	// Remaining capex                 900
	// Other uses                        0
	// Minimum cash                     50
	// Cash                           -300
	// BTC value                       -48
	// = before committed financing    602
	// Undrawn committed debt            0
	// Other committed funding           0
	// Prepayments                    -100
	// Committed project debt used    -200
	// = gap − surplus                 302
}
