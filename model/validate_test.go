package model

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestValidateAcceptsExamples(t *testing.T) {
	for name, u := range map[string]Universe{
		"worked example": exampleUniverse(),
		"easy":           easyUniverse(mixOf("x", "0.4", "0.2", "0.2", "0.2")),
		"defaults":       {Assumptions: DefaultAssumptions(), Scenarios: DefaultScenarios()},
	} {
		if errs := Validate(u); len(errs) != 0 {
			t.Errorf("%s: %v", name, errs)
		}
	}
}

func TestValidate(t *testing.T) {
	type want struct {
		ref  Ref
		kind error
		msg  string
	}
	tests := []struct {
		name   string
		change func(u *Universe)
		want   []want
	}{
		{"duplicate ticker", func(u *Universe) {
			u.Miners = append(u.Miners, u.Miners[0])
			u.Miners[1].Ticker = " ex "
		}, []want{{Ref{"Miners", 1, "Ticker"}, ErrDuplicate,
			`ticker " ex " repeats the ticker of miner 1; give each miner one row or fix the ticker`}}},
		{"duplicate scenario", func(u *Universe) {
			u.Scenarios = append(u.Scenarios, u.Scenarios[0])
		}, []want{{Ref{"Scenarios", 1, "Scenario"}, ErrDuplicate,
			`scenario "Half project debt" repeats the scenario of scenario 1; give each scenario one row or fix the scenario`}}},
		{"unknown ticker", func(u *Universe) {
			u.Projects[1].Ticker = "EXX"
			u.Instruments[0].Ticker = "EY"
		}, []want{
			{Ref{"Projects", 1, "Ticker"}, ErrUnknownTicker, `ticker "EXX" is not on Miners; add it to Miners or fix the spelling`},
			{Ref{"Instruments", 0, "Ticker"}, ErrUnknownTicker, `ticker "EY" is not on Miners; add it to Miners or fix the spelling`},
		}},
		{"ticker matches case-insensitively", func(u *Universe) { u.Projects[0].Ticker = "ex" }, nil},
		{"BTC held without a BTC price", func(u *Universe) {
			u.Assumptions.HasBTCPrice = false
			u.Assumptions.Values[BTCPrice] = zero
		}, []want{{Ref{"Assumptions", int(BTCPrice), "Value"}, ErrMissing,
			`BTC price is missing but "EX" holds 1000 BTC; add a BTC price (USD) to Assumptions`}}},
		{"rate above 1", func(u *Universe) { u.Assumptions.Values[CorporateDebtRate] = d("7") },
			[]want{{Ref{"Assumptions", int(CorporateDebtRate), "Value"}, ErrRateRange,
				"corporate debt rate 7 is above 1; enter 7% or 0.07"}}},
		{"negative rate on a project", func(u *Universe) { u.Projects[0].NOIMargin = nd("-0.1") },
			[]want{{Ref{"Projects", 0, "NOI margin"}, ErrRateRange,
				"NOI margin -0.1 is negative; enter a fraction from 0 to 1, such as 7% or 0.07"}}},
		{"project rates", func(u *Universe) {
			u.Projects[0].LoanToCost = nd("85")
			u.Projects[0].ProjectDebtRate = nd("7.5")
		}, []want{
			{Ref{"Projects", 0, "Loan-to-cost"}, ErrRateRange, "loan-to-cost 85 is above 1; enter 85% or 0.85"},
			{Ref{"Projects", 0, "Project debt rate"}, ErrRateRange, "project debt rate 7.5 is above 1; enter 7.5% or 0.075"},
		}},
		{"fee of 1", func(u *Universe) { u.Assumptions.Values[EquityFee] = d("1") },
			[]want{{Ref{"Assumptions", int(EquityFee), "Value"}, ErrFullFee,
				"equity fee 1 (100%) leaves nothing; enter a fraction below 1, such as 2% or 0.02"}}},
		{"loan-to-cost of 1 is fine", func(u *Universe) { u.Assumptions.Values[ProjectLoanToCost] = d("1") }, nil},
		{"DSCR not above 0", func(u *Universe) { u.Assumptions.Values[ProjectMinDSCR] = d("0") },
			[]want{{Ref{"Assumptions", int(ProjectMinDSCR), "Value"}, ErrNotPositive,
				"project debt min DSCR 0 must be above 0; enter a multiple such as 1.3"}}},
		{"negative money and bad shares", func(u *Universe) {
			m := &u.Miners[0]
			m.Cash = d("-1")
			m.SharePrice = d("0")
			m.SharesOutstanding = d("-5")
			m.Interest = nd("-2")
			m.MiningEBITDA = d("-40") // allowed
		}, []want{
			{Ref{"Miners", 0, "Share price"}, ErrNotPositive, "share price 0 must be above 0; enter the share price in USD"},
			{Ref{"Miners", 0, "Shares outstanding"}, ErrNotPositive, "shares outstanding -5 must be above 0; enter the basic shares outstanding in millions"},
			{Ref{"Miners", 0, "Cash"}, ErrNegative, "cash -1 is negative; enter 0 or more"},
			{Ref{"Miners", 0, "Interest"}, ErrNegative, "interest -2 is negative; enter 0 or more"},
		}},
		{"negative project values", func(u *Universe) {
			u.Projects[1].MW = d("-50")
			u.Projects[1].CapexPerMW = nd("-1")
			u.Projects[1].CommittedProjectDebt = d("-3")
		}, []want{
			{Ref{"Projects", 1, "IT MW"}, ErrNegative, "IT MW -50 is negative; enter 0 or more"},
			{Ref{"Projects", 1, "Capex per MW"}, ErrNegative, "capex per MW -1 is negative; enter 0 or more"},
			{Ref{"Projects", 1, "Committed project debt"}, ErrNegative, "committed project debt -3 is negative; enter 0 or more"},
		}},
		{"contract value without years", func(u *Universe) { u.Projects[0].ContractYears = zero },
			[]want{{Ref{"Projects", 0, "Contract years"}, ErrContract,
				"contract value 2000 has no contract years; enter the term in years or clear the contract value"}}},
		{"contract years without value", func(u *Universe) {
			u.Projects[0].ContractValue = zero
			u.Projects[0].Prepayment = zero
		}, []want{{Ref{"Projects", 0, "Contract value"}, ErrContract,
			"contract years 10 have no contract value; enter the total contract value in USD m or clear the contract years"}}},
		{"contract too long", func(u *Universe) { u.Projects[0].ContractYears = d("150") },
			[]want{{Ref{"Projects", 0, "Contract years"}, ErrTooLong, "contract years 150 is above 100; enter the term in years"}}},
		{"prepayment above contract value", func(u *Universe) { u.Projects[0].Prepayment = d("2500") },
			[]want{{Ref{"Projects", 0, "Prepayment"}, ErrPrepayment,
				"prepayment 2500 is above the contract value 2000; enter the prepayment still to be received, at most the contract value"}}},
		{"committed project debt above remaining capex is capped, not an error", func(u *Universe) {
			u.Projects[0].CommittedProjectDebt = d("5000")
		}, nil},
		{"mix does not sum to 1", func(u *Universe) { u.Scenarios[0].Convertible = d("0.1") },
			[]want{{Ref{"Scenarios", 0, "Equity"}, ErrMixSum,
				"the mix sums to 1.1; make Equity, Convertible, Corporate debt and Project debt add up to 1"}}},
		{"mix within tolerance", func(u *Universe) { u.Scenarios[0].Equity = d("0.5004") }, nil},
		{"mix share above 1", func(u *Universe) { u.Scenarios[0].Equity = d("50") },
			[]want{{Ref{"Scenarios", 0, "Equity"}, ErrRateRange, "equity share 50 is above 1; enter 50% or 0.5"}}},
		{"change not above -1", func(u *Universe) {
			u.Scenarios[0].SharePriceChange = d("-1")
			u.Scenarios[0].CapexChange = d("-1.5")
		}, []want{
			{Ref{"Scenarios", 0, "Share price change"}, ErrChangeRange, "share price change -1 must be above -1 (-100%); enter -20% or -0.2 for a fall of a fifth"},
			{Ref{"Scenarios", 0, "Capex change"}, ErrChangeRange, "capex change -1.5 must be above -1 (-100%); enter -20% or -0.2 for a fall of a fifth"},
		}},
		{"override checked like its assumption", func(u *Universe) {
			u.Scenarios[0].Overrides = map[AssumptionKey]decimal.Decimal{DebtFee: d("2"), CapexPerMW: d("-3"), AsOfDate: d("1")}
		}, []want{
			{Ref{"Scenarios", 0, "As of date"}, ErrNotOverridden, `as of date cannot change in a scenario; remove the "As of date" column from Scenarios`},
			{Ref{"Scenarios", 0, "Capex per MW"}, ErrNegative, "capex per MW -3 is negative; enter 0 or more (USD m per MW)"},
			{Ref{"Scenarios", 0, "Debt fee"}, ErrRateRange, "debt fee 2 is above 1; enter 2% or 0.02"},
		}},
		{"convertible without principal or conversion price", func(u *Universe) {
			u.Instruments[0].Principal = zero
			u.Instruments[0].ConversionPrice = zero
			u.Instruments[0].Coupon = d("2")
		}, []want{
			{Ref{"Instruments", 0, "Principal"}, ErrNotPositive, "principal 0 must be above 0; enter the convertible's principal outstanding in USD m"},
			{Ref{"Instruments", 0, "Conversion price"}, ErrNotPositive, "conversion price 0 must be above 0; enter the convertible's conversion price in USD"},
			{Ref{"Instruments", 0, "Coupon"}, ErrRateRange, "coupon 2 is above 1; enter 2% or 0.02"},
		}},
		{"ownership above 1", func(u *Universe) { u.Projects[0].Ownership = nd("50") },
			[]want{{Ref{"Projects", 0, "Ownership"}, ErrRateRange, "ownership 50 is above 1; enter 50% or 0.5"}}},
		{"ownership 0", func(u *Universe) { u.Projects[0].Ownership = nd("0") },
			[]want{{Ref{"Projects", 0, "Ownership"}, ErrNotPositive,
				"ownership 0 must be above 0; enter the miner's share of the site, such as 50% or 0.5, or leave it blank for 100%"}}},
		{"negative ownership is one error", func(u *Universe) { u.Projects[0].Ownership = nd("-0.5") },
			[]want{{Ref{"Projects", 0, "Ownership"}, ErrNotPositive,
				"ownership -0.5 must be above 0; enter the miner's share of the site, such as 50% or 0.5, or leave it blank for 100%"}}},
		{"ownership 1 and a half are fine", func(u *Universe) {
			u.Projects[0].Ownership = nd("1")
			u.Projects[1].Ownership = nd("0.5")
		}, nil},
		{"negative displaced mining EBITDA", func(u *Universe) { u.Projects[1].DisplacedEBITDA = d("-5") },
			[]want{{Ref{"Projects", 1, "Displaced mining EBITDA"}, ErrNegative, "displaced mining EBITDA -5 is negative; enter 0 or more"}}},
		{"repeated ticker and project", func(u *Universe) {
			p := u.Projects[0]
			p.Ticker, p.Name = " ex", "p1  "
			u.Projects = append(u.Projects, p)
		}, []want{{Ref{"Projects", 2, "Project"}, ErrDuplicate,
			`project "ex / p1" repeats project 1, which would count its site twice; give each site or phase one row or fix the project name`}}},
		{"one project name on two miners", func(u *Universe) {
			m := u.Miners[0]
			m.Ticker = "EY"
			u.Miners = append(u.Miners, m)
			p := u.Projects[0]
			p.Ticker = "EY"
			u.Projects = append(u.Projects, p)
		}, nil},
		{"energization before start", func(u *Universe) {
			u.Projects[0].Start = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
			u.Projects[0].Energization = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
		}, []want{{Ref{"Projects", 0, "Energization date"}, ErrDateOrder,
			"energization date 2026-03-31 is before the start date 2026-09-30; enter the date the site is energized, on or after its start, or fix the start date"}}},
		{"energization on the start date", func(u *Universe) {
			u.Projects[0].Start = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
			u.Projects[0].Energization = u.Projects[0].Start
			u.Projects[1].Energization = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC) // no start date
		}, nil},
		{"cap price below the conversion price", func(u *Universe) { u.Instruments[0].CapPrice = nd("20") },
			[]want{{Ref{"Instruments", 0, "Cap price"}, ErrCapPrice,
				"cap price 20 is below the conversion price 25; enter the cap price of the capped call, at or above the conversion price, or leave it blank"}}},
		{"cap price at the conversion price", func(u *Universe) { u.Instruments[0].CapPrice = nd("25") }, nil},
		{"magnitudes on a miner", func(u *Universe) {
			m := &u.Miners[0]
			m.SharePrice = d("2e7")
			m.SharesOutstanding = d("2e6")
			m.Cash = d("-2e13") // one error, not also "negative"
			m.BTCHeld = d("3e7")
			m.Debt = d("1e-13")
			m.MiningEBITDA = d("-2e13")
		}, []want{
			{Ref{"Miners", 0, "Share price"}, ErrMagnitude, "share price 20000000 is above 10,000,000 USD; enter the price in USD"},
			{Ref{"Miners", 0, "Shares outstanding"}, ErrMagnitude, "shares outstanding 2000000 is above 1,000,000 m (a trillion shares); enter the shares in millions"},
			{Ref{"Miners", 0, "Cash"}, ErrMagnitude, "cash -2e13 is below -10,000,000 USD m (10 trillion dollars); enter the amount in USD millions"},
			{Ref{"Miners", 0, "BTC held"}, ErrMagnitude, "BTC held 30000000 is above 21,000,000 BTC (every bitcoin there will ever be); enter the number of bitcoin"},
			{Ref{"Miners", 0, "Debt"}, ErrMagnitude, "debt 1e-13 is not 0 but below 1e-12 in size; enter 0 or a meaningful value (the amount in USD millions)"},
			{Ref{"Miners", 0, "Mining EBITDA"}, ErrMagnitude, "mining EBITDA -2e13 is below -10,000,000 USD m (10 trillion dollars); enter the amount in USD millions"},
		}},
		{"magnitudes at their bounds are fine", func(u *Universe) {
			m := &u.Miners[0]
			m.SharePrice, m.SharesOutstanding, m.Cash, m.BTCHeld, m.Debt = d("1e7"), d("1e6"), d("1e7"), d("21e6"), d("1e-12")
			u.Projects[1].MW = d("1e6")
		}, nil},
		{"magnitudes on projects, instruments, assumptions and overrides", func(u *Universe) {
			u.Assumptions.Values[BTCPrice] = d("2e7")
			u.Projects[0].CapexSpent = nd("20000000000000")
			u.Projects[0].NOIMargin = nd("1.5e-13")
			u.Projects[1].MW = d("2e6")
			u.Instruments[0].CapPrice = nd("3e9")
			u.Scenarios[0].Overrides = map[AssumptionKey]decimal.Decimal{CapexPerMW: d("1e-13")}
		}, []want{
			{Ref{"Assumptions", int(BTCPrice), "Value"}, ErrMagnitude, "BTC price 20000000 is above 10,000,000 USD; enter the price in USD"},
			{Ref{"Projects", 0, "Capex spent"}, ErrMagnitude, "capex spent 2e13 is above 10,000,000 USD m (10 trillion dollars); enter the amount in USD millions"},
			{Ref{"Projects", 0, "NOI margin"}, ErrMagnitude, "NOI margin 1.5e-13 is not 0 but below 1e-12 in size; enter 0 or a meaningful value (a fraction such as 7% or 0.07)"},
			{Ref{"Projects", 1, "IT MW"}, ErrMagnitude, "IT MW 2000000 is above 1,000,000 MW; enter the critical IT capacity in MW"},
			{Ref{"Instruments", 0, "Cap price"}, ErrMagnitude, "cap price 3e9 is above 10,000,000 USD; enter the price in USD"},
			{Ref{"Scenarios", 0, "Capex per MW"}, ErrMagnitude, "capex per MW 1e-13 is not 0 but below 1e-12 in size; enter 0 or a meaningful value (the cost in USD millions per MW)"},
		}},
		{"values of any size read compactly", func(u *Universe) {
			u.Scenarios[0].Equity = d("1e300")
			u.Scenarios[0].Convertible = d("1e-300")
			u.Scenarios[0].CorporateDebt = d("-1e-300")
			u.Miners[0].Cash = d("-1e300")
		}, []want{
			{Ref{"Miners", 0, "Cash"}, ErrMagnitude, "cash -1e300 is below -10,000,000 USD m (10 trillion dollars); enter the amount in USD millions"},
			{Ref{"Scenarios", 0, "Convertible"}, ErrMagnitude, "convertible 1e-300 is not 0 but below 1e-12 in size; enter 0 or a meaningful value (a fraction such as 7% or 0.07)"},
			{Ref{"Scenarios", 0, "Corporate debt"}, ErrMagnitude, "corporate debt -1e-300 is not 0 but below 1e-12 in size; enter 0 or a meaningful value (a fraction such as 7% or 0.07)"},
			{Ref{"Scenarios", 0, "Equity"}, ErrRateRange, "equity share 1e300 is above 1; enter a fraction from 0 to 1, such as 7% or 0.07"},
		}},
		{"a sum of many digits reads in 15", func(u *Universe) {
			u.Scenarios[0].ProjectDebt = d("0.4000000000000000000000000000001")
		}, []want{
			{Ref{"Scenarios", 0, "Equity"}, ErrMixSum, "the mix sums to 0.9; make Equity, Convertible, Corporate debt and Project debt add up to 1"},
		}},
		{"warrant without shares or strike", func(u *Universe) {
			u.Instruments[1].Shares = zero
			u.Instruments[1].ConversionPrice = d("-1")
		}, []want{
			{Ref{"Instruments", 1, "Shares"}, ErrNotPositive, "shares 0 must be above 0; enter the warrant shares in millions"},
			{Ref{"Instruments", 1, "Conversion price"}, ErrNotPositive, "strike -1 must be above 0; enter the warrant's strike in USD"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := exampleUniverse()
			tt.change(&u)
			got := Validate(u)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors, want %d: %v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Ref != w.ref {
					t.Errorf("error %d on %+v, want %+v", i, g.Ref, w.ref)
				}
				if !errors.Is(g, w.kind) {
					t.Errorf("error %d %q is not %v", i, g.Err, w.kind)
				}
				if g.Err.Error() != w.msg {
					t.Errorf("error %d:\n got %s\nwant %s", i, g.Err, w.msg)
				}
			}
		})
	}
}

// TestValidateDoesNotMutate checks that Validate leaves its input as it was.
func TestValidateDoesNotMutate(t *testing.T) {
	u := exampleUniverse()
	u.Scenarios[0].Overrides = map[AssumptionKey]decimal.Decimal{DebtFee: d("2")}
	u.Miners[0].Cash = d("-1")
	before := Compute(u)
	Validate(u)
	after := Compute(u)
	if !u.Miners[0].Cash.Equal(d("-1")) || len(u.Scenarios[0].Overrides) != 1 ||
		!before.Miners[0].Financings[0].Gap.Equal(after.Miners[0].Financings[0].Gap) {
		t.Errorf("Validate changed its input")
	}
}

// TestProjectDuplicate checks that a repeated ticker and project is a *DuplicateError the reader
// can rewrite with the first row's cell: What, Key and First.
func TestProjectDuplicate(t *testing.T) {
	u := exampleUniverse()
	u.Projects = append(u.Projects, u.Projects[1])
	errs := Validate(u)
	var dup *DuplicateError
	if len(errs) != 1 || !errors.As(errs[0], &dup) {
		t.Fatalf("want one *DuplicateError, got %v", errs)
	}
	if errs[0].Ref != (Ref{"Projects", 2, "Project"}) || dup.What != "project" || dup.Key != "EX / P2" ||
		dup.First != (Ref{"Projects", 1, ""}) {
		t.Errorf("error on %+v: What %q Key %q First %+v", errs[0].Ref, dup.What, dup.Key, dup.First)
	}
}

// TestFieldKind checks the field → Kind table the magnitude bounds read.
func TestFieldKind(t *testing.T) {
	tests := []struct {
		table, field string
		kind         Kind
		ok           bool
	}{
		{"Miners", "Cash", KindMoney, true},
		{"Miners", "BTC held", KindBTC, true},
		{"Projects", "IT MW", KindMW, true},
		{"Projects", "Ownership", KindRate, true},
		{"Projects", "Displaced mining EBITDA", KindMoney, true},
		{"Instruments", "Cap price", KindPrice, true},
		{"Scenarios", "Capex change", KindChange, true},
		{"Scenarios", "BTC price", KindPrice, true}, // an override column: its assumption's kind
		{"Projects", "Tenant", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.table+" "+tt.field, func(t *testing.T) {
			k, ok := FieldKind(tt.table, tt.field)
			if ok != tt.ok || ok && k != tt.kind {
				t.Errorf("FieldKind = %v %v, want %v %v", k, ok, tt.kind, tt.ok)
			}
		})
	}
}

// TestTickerKey checks that keys match as SPEC §2 says (case-insensitive, white space trimmed and
// collapsed, a trailing * dropped), on the fast path for plain ASCII and off it.
func TestTickerKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ex", "ex"},
		{"EX", "ex"},
		{" Ex ", "ex"},
		{"EX*", "ex"},
		{"Ex *", "ex"},
		{"Site  1", "site 1"},
		{"Site\t1", "site 1"},
		{"Site\u00a01", "site 1"}, // a non-breaking space
		{"Site\n1", "site 1"},
		{"ÉLAN", "élan"},
		{"", ""},
		{" * ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := tickerKey(tt.in); got != tt.want {
				t.Errorf("tickerKey(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
