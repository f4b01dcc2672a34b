package model

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }

// exampleUniverse is SPEC §3a's worked example (WorkedExample).
func exampleUniverse() Universe { return WorkedExample() }

// easyUniverse has round numbers so that each figure can be worked by hand:
// miner M (price 10, 100 m shares, cash 100, mining EBITDA 115, no debt) and project A
// (Contracted colocation, 50 MW × 10 = build 500, contract 1,000 over 10 years ⇒ revenue 100,
// NOI 85). Fees 0.2 so gross = net / 0.8 exactly; equity discount 0.2 ⇒ issue price 8;
// convertible premium 0.25 ⇒ conversion price 12.5; project debt rate 0 ⇒ annuity factor 10,
// coverage capacity 85 × 10 / 1.25 = 680; by cost 0.8 × 500 = 400 ⇒ capacity 400.
// Near-term: uses 500, sources 100, gap 400. PF EBITDA 115 + 85 = 200.
func easyUniverse(scenarios ...Scenario) Universe {
	a := DefaultAssumptions()
	for k, v := range map[AssumptionKey]string{
		EquityDiscount: "0.2", EquityFee: "0.2", ConvertibleFee: "0.2", DebtFee: "0.2",
		ConvertiblePremium: "0.25", ConvertibleCoupon: "0.05", CorporateDebtRate: "0.1",
		ProjectDebtRate: "0", ProjectMinDSCR: "1.25",
	} {
		a.Values[k] = d(v)
	}
	return Universe{
		Assumptions: a,
		Miners: []Miner{{Ticker: "M", SharePrice: d("10"), SharesOutstanding: d("100"), Cash: d("100"),
			MiningEBITDA: d("115")}},
		Projects: []Project{{Ticker: "M", Name: "A", Status: Contracted, MW: d("50"), CapexPerMW: nd("10"),
			ContractValue: d("1000"), ContractYears: d("10")}},
		Scenarios: scenarios,
	}
}

func mixOf(name string, eq, cv, cd, pd string) Scenario {
	return Scenario{Name: name, Equity: d(eq), Convertible: d(cv), CorporateDebt: d(cd), ProjectDebt: d(pd)}
}

// figures names a financing's figures for table-driven checks.
func figures(f Financing) map[string]any {
	return map[string]any{
		"gap": f.Gap, "equity": f.Equity, "convertible": f.Convertible, "corporate debt": f.CorporateDebt,
		"project debt": f.ProjectDebt, "equity gross": f.EquityGross, "convertible gross": f.ConvertibleGross,
		"corporate debt gross": f.CorporateDebtGross, "project debt gross": f.ProjectDebtGross,
		"project debt limit": f.ProjectDebtLimit, "convertible limit": f.ConvertibleLimit,
		"corporate debt limit": f.CorporateDebtLimit, "net debt before": f.NetDebtBefore,
		"price": f.Price, "issue price": f.IssuePrice, "new shares": f.NewShares,
		"conversion price": f.ConversionPrice, "new conversion shares": f.NewConversionShares,
		"existing dilutive": f.ExistingDilutiveShares, "pf basic": f.PFBasicShares,
		"pf diluted": f.PFDilutedShares, "dilution basic": f.DilutionBasic, "dilution diluted": f.DilutionDiluted,
		"pf ebitda": f.PFEBITDA, "pf debt": f.PFDebt, "pf net debt": f.PFNetDebt, "net leverage": f.NetLeverage,
		"existing interest": f.ExistingInterest, "pf interest": f.PFInterest, "coverage": f.InterestCoverage,
		"cash flow per share": f.CashFlowPerShare, "uses": f.Position.Uses, "sources": f.Position.Sources,
		"surplus": f.Position.Surplus, "gross gap": f.Position.GrossGap,
		"existing convertible principal": f.ExistingConvertiblePrincipal, "convertible cap": f.ConvertibleCap,
		"economic convert shares": f.EconomicConvertShares, "economic shares": f.EconomicShares,
		"dilution economic": f.DilutionEconomic, "committed interest": f.CommittedInterest,
		"mw": f.Position.MW, "displaced": f.Position.DisplacedEBITDA, "remaining capex": f.Position.RemainingCapex,
		"prepayments": f.Position.Prepayments, "committed used": f.Position.CommittedProjectDebt,
		"contract noi": f.Position.ContractNOI, "capacity": f.Position.DebtCapacity,
	}
}

// checkFigures compares each wanted figure: "n/a" wants an invalid NullDecimal, "~x" wants x within
// 1e-6 (SPEC shows six decimals), anything else wants exactly x.
func checkFigures(t *testing.T, got map[string]any, want map[string]string) {
	t.Helper()
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("no figure %q", name)
			continue
		}
		var v decimal.Decimal
		switch x := g.(type) {
		case decimal.Decimal:
			v = x
		case decimal.NullDecimal:
			if w == "n/a" {
				if x.Valid {
					t.Errorf("%s = %s, want n/a", name, x.Decimal)
				}
				continue
			}
			if !x.Valid {
				t.Errorf("%s = n/a, want %s", name, w)
				continue
			}
			v = x.Decimal
		}
		if w == "n/a" {
			t.Errorf("%s = %s, want n/a", name, v)
			continue
		}
		if approx, ok := strings.CutPrefix(w, "~"); ok {
			if v.Sub(d(approx)).Abs().GreaterThan(d("0.000001")) {
				t.Errorf("%s = %s, want %s within 1e-6", name, v, approx)
			}
			continue
		}
		if !v.Equal(d(w)) {
			t.Errorf("%s = %s, want %s", name, v, w)
		}
	}
}

func flagsText(fl []Flag) string {
	s := make([]string, len(fl))
	for i, f := range fl {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}
