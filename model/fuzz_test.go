package model

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
)

// fuzzBytes hands out a fuzzer's bytes one at a time, then zeros.
type fuzzBytes []byte

func (b *fuzzBytes) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

// dec returns v / 10^places as a decimal: small integers and short fractions.
func (b *fuzzBytes) dec(mul int64, places int32) decimal.Decimal {
	return decimal.New(int64(b.next())*mul, -places)
}

// rate is a fraction in [0, max/100].
func (b *fuzzBytes) rate(max int) decimal.Decimal { return decimal.New(int64(b.next()%(max+1)), -2) }

func (b *fuzzBytes) maybe(v decimal.Decimal) decimal.NullDecimal {
	if b.next()%2 == 0 {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(v)
}

// fuzzUniverse builds a small universe from fuzzed bytes: one or two miners, up to four projects
// and two instruments each, one to three scenarios. Values stay in ranges Validate accepts most of
// the time; the caller skips what it rejects.
func fuzzUniverse(data []byte) Universe {
	b := fuzzBytes(data)
	a := DefaultAssumptions()
	a.HasBTCPrice = b.next()%4 != 0
	if a.HasBTCPrice {
		a.Values[BTCPrice] = b.dec(1000, 0)
	}
	for _, k := range []AssumptionKey{BTCHaircut, EquityDiscount, EquityFee, ConvertibleFee, DebtFee} {
		a.Values[k] = b.rate(50)
	}
	for _, k := range []AssumptionKey{NOIMargin, ConvertiblePremium, ConvertibleCoupon, MaxConvertible,
		CorporateDebtRate, ProjectLoanToCost, ProjectDebtRate} {
		a.Values[k] = b.rate(100)
	}
	a.Values[CapexPerMW] = b.dec(1, 1)
	a.Values[GPUCapexPerMW] = b.dec(1, 1)
	a.Values[ProjectMinDSCR] = decimal.New(int64(1+b.next()%40), -1)
	a.Values[MaxNetLeverage] = b.dec(1, 1)
	a.Values[MinInterestCoverage] = b.dec(1, 1)
	u := Universe{Assumptions: a}

	tickers := []string{"A", "B"}
	for mi := range 1 + b.next()%2 {
		m := Miner{Ticker: tickers[mi],
			SharePrice:        decimal.New(int64(1+b.next()), 0).Add(b.dec(1, 2)),
			SharesOutstanding: decimal.New(int64(1+b.next()*2), 0),
			Cash:              b.dec(5, 0), BTCHeld: b.dec(10, 0), Debt: b.dec(4, 0),
			UndrawnDebt: b.dec(1, 0), OtherCommitted: b.dec(1, 0), OtherUses: b.dec(2, 0),
			MinimumCash: b.dec(1, 0), MiningEBITDA: decimal.New(int64(b.next()-100), 0),
		}
		m.Interest = b.maybe(b.dec(1, 1))
		m.UndrawnDebtRate = b.maybe(b.rate(30))
		u.Miners = append(u.Miners, m)
		for range b.next() % 5 {
			p := Project{Ticker: m.Ticker, Status: Status(b.next() % 4), Business: Business(b.next() % 2),
				MW: b.dec(1, 0), CommittedProjectDebt: b.dec(3, 0)}
			p.CapexPerMW = b.maybe(b.dec(1, 1))
			p.GPUCapexPerMW = b.maybe(b.dec(1, 1))
			p.CapexSpent = b.maybe(b.dec(10, 0))
			if years := b.next() % 31; years > 0 {
				p.ContractYears = decimal.New(int64(years), 0)
				p.ContractValue = decimal.New(int64(1+b.next()*20), 0)
				p.Prepayment = decimal.New(int64(b.next()), 0)
				if p.Prepayment.GreaterThan(p.ContractValue) {
					p.Prepayment = p.ContractValue
				}
			}
			p.NOIMargin = b.maybe(b.rate(100))
			p.LoanToCost = b.maybe(b.rate(100))
			p.ProjectDebtRate = b.maybe(b.rate(20))
			p.Ownership = b.maybe(decimal.New(int64(1+b.next()%100), -2))
			p.DisplacedEBITDA = b.dec(1, 1)
			u.Projects = append(u.Projects, p)
		}
		for range b.next() % 3 {
			ins := Instrument{Ticker: m.Ticker, Type: InstrumentType(b.next() % 2), Coupon: b.rate(10)}
			if ins.Type == Convertible {
				ins.Principal = decimal.New(int64(1+b.next()), 0)
			} else {
				ins.Shares = decimal.New(int64(1+b.next()), -1)
			}
			ins.ConversionPrice = decimal.New(int64(1+b.next()), 0)
			ins.CapPrice = b.maybe(ins.ConversionPrice.Add(b.dec(1, 0)))
			u.Instruments = append(u.Instruments, ins)
		}
	}
	for si := range 1 + b.next()%3 {
		eq := b.next() % 101
		cv := b.next() % (101 - eq)
		cd := b.next() % (101 - eq - cv)
		s := Scenario{Name: []string{"s1", "s2", "s3"}[si], Scope: Scope(b.next() % 2),
			Equity: decimal.New(int64(eq), -2), Convertible: decimal.New(int64(cv), -2),
			CorporateDebt: decimal.New(int64(cd), -2), ProjectDebt: decimal.New(int64(100-eq-cv-cd), -2),
			SharePriceChange: decimal.New(int64(b.next()%180-90), -2),
			CapexChange:      decimal.New(int64(b.next()%180-90), -2)}
		if b.next()%3 == 0 {
			s.Overrides = map[AssumptionKey]decimal.Decimal{CapexPerMW: b.dec(1, 1), DebtFee: b.rate(50),
				MaxConvertible: b.rate(100)}
		}
		u.Scenarios = append(u.Scenarios, s)
	}
	return u
}

var fuzzSeeds = [][]byte{
	{},
	{1, 60, 20, 3, 2, 30, 2, 2, 85, 30, 1, 35, 9, 80, 7, 105, 28, 13, 50, 20, 0, 19, 50, 60, 100, 100, 0, 0, 50, 140,
		1, 20, 2, 1, 2, 0, 2, 100, 1, 10, 1, 50, 3, 1, 1, 200, 25, 1, 10, 15, 1, 50, 0, 0, 50, 0, 90, 90},
	[]byte("a miner with many projects and instruments and three scenarios ................................"),
	{255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255},
}

// checkInvariants asserts what must hold for any valid universe (SPEC §3).
func checkInvariants(t *testing.T, u Universe, res Result) {
	t.Helper()
	point := decimal.New(1, -15)
	checkPos := func(where string, p Position) {
		if !p.Uses.Equal(p.Sources.Add(p.Gap).Sub(p.Surplus)) {
			t.Fatalf("%s: uses %s ≠ sources %s + gap %s − surplus %s", where, p.Uses, p.Sources, p.Gap, p.Surplus)
		}
		if p.Gap.Sign() < 0 || p.Surplus.Sign() < 0 || (p.Gap.Sign() > 0 && p.Surplus.Sign() > 0) {
			t.Fatalf("%s: gap %s and surplus %s", where, p.Gap, p.Surplus)
		}
		bridge, liquidity := zero, zero
		for i, l := range p.Bridge() {
			bridge = bridge.Add(l.Amount)
			if i < BridgeLiquidityLines {
				liquidity = liquidity.Add(l.Amount)
			}
		}
		if !bridge.Equal(p.Gap.Sub(p.Surplus)) {
			t.Fatalf("%s: the bridge sums to %s, gap %s − surplus %s", where, bridge, p.Gap, p.Surplus)
		}
		if !p.GrossGap.Equal(maxDec(zero, liquidity)) || p.GrossGap.LessThan(p.Gap) {
			t.Fatalf("%s: gap before committed financing %s, liquidity lines %s, gap %s", where, p.GrossGap, liquidity, p.Gap)
		}
	}
	for _, m := range res.Miners {
		for _, sc := range Scopes {
			checkPos(u.Miners[m.Index].Ticker+" "+sc.String(), m.Positions[sc])
		}
		for _, f := range m.Financings {
			where := u.Miners[m.Index].Ticker + " " + res.Scenarios[f.Scenario].Name
			checkPos(where, f.Position)
			net := []decimal.Decimal{f.Equity, f.Convertible, f.CorporateDebt, f.ProjectDebt}
			sum := zero
			for _, x := range net {
				if x.Sign() < 0 {
					t.Fatalf("%s: negative tranche %s", where, x)
				}
				sum = sum.Add(x)
			}
			if sum.Sub(f.Gap).Abs().GreaterThan(point) {
				t.Fatalf("%s: tranches sum to %s, gap %s", where, sum, f.Gap)
			}
			if f.ProjectDebt.GreaterThan(f.ProjectDebtLimit) || f.Convertible.GreaterThan(f.ConvertibleLimit) ||
				f.CorporateDebt.GreaterThan(f.CorporateDebtLimit) {
				t.Fatalf("%s: a tranche above its limit", where)
			}
			for _, x := range []decimal.Decimal{f.DilutionBasic, f.DilutionDiluted, f.DilutionEconomic} {
				if x.Sign() < 0 || x.Cmp(one) >= 0 {
					t.Fatalf("%s: dilution %s outside [0, 1)", where, x)
				}
			}
			// Economic shares hold at least the PF basic shares, so economic dilution is at most basic.
			if f.DilutionEconomic.GreaterThan(f.DilutionBasic) {
				t.Fatalf("%s: economic dilution %s above basic %s", where, f.DilutionEconomic, f.DilutionBasic)
			}
			// New convertibles never take the principal outstanding above the cap, unless the
			// existing ones already are; then there is no new convertible.
			limit := f.Assumptions.Get(MaxConvertible).Mul(f.Price).Mul(u.Miners[m.Index].SharesOutstanding)
			if f.ExistingConvertiblePrincipal.GreaterThanOrEqual(limit) {
				if !f.ConvertibleGross.IsZero() {
					t.Fatalf("%s: existing principal %s at or above the cap %s, yet %s new convertible", where,
						f.ExistingConvertiblePrincipal, limit, f.ConvertibleGross)
				}
			} else if f.ExistingConvertiblePrincipal.Add(f.ConvertibleGross).Sub(limit).GreaterThan(point) {
				t.Fatalf("%s: existing %s + new %s convertible principal above the cap %s", where,
					f.ExistingConvertiblePrincipal, f.ConvertibleGross, limit)
			}
			if f.Gap.IsZero() {
				for _, x := range append(net, f.EquityGross, f.ConvertibleGross, f.CorporateDebtGross,
					f.ProjectDebtGross, f.NewShares, f.NewConversionShares) {
					if !x.IsZero() {
						t.Fatalf("%s: zero gap but %s raised or issued", where, x)
					}
				}
			}
			if f.PFEBITDA.Sign() <= 0 && (f.NetLeverage.Valid || f.InterestCoverage.Valid) {
				t.Fatalf("%s: ratios on EBITDA %s", where, f.PFEBITDA)
			}
		}
	}
}

// FuzzInvariants checks the model's identities on any universe Validate accepts, and that an
// ownership of 1 and no displaced EBITDA give the same figures as leaving both out.
func FuzzInvariants(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		u := fuzzUniverse(data)
		if len(Validate(u)) > 0 {
			t.Skip()
		}
		checkInvariants(t, u, Compute(u))

		blank, whole := u, u
		blank.Projects = append([]Project(nil), u.Projects...)
		whole.Projects = append([]Project(nil), u.Projects...)
		for i := range u.Projects {
			blank.Projects[i].Ownership, blank.Projects[i].DisplacedEBITDA = decimal.NullDecimal{}, zero
			whole.Projects[i].Ownership, whole.Projects[i].DisplacedEBITDA = decimal.NewNullDecimal(one), zero
		}
		if diff := diffFigures("miners", reflect.ValueOf(Compute(blank).Miners), reflect.ValueOf(Compute(whole).Miners)); diff != "" {
			t.Fatalf("ownership 1 differs from a blank ownership: %s", diff)
		}
	})
}

// diffFigures is the first difference between two results, "" when every decimal is Equal and
// everything else is the same: decimals are compared by value, not by representation.
func diffFigures(path string, a, b reflect.Value) string {
	switch x := a.Interface().(type) {
	case decimal.Decimal:
		if y := b.Interface().(decimal.Decimal); !x.Equal(y) {
			return fmt.Sprintf("%s: %s ≠ %s", path, x, y)
		}
		return ""
	case decimal.NullDecimal:
		y := b.Interface().(decimal.NullDecimal)
		if x.Valid != y.Valid || x.Valid && !x.Decimal.Equal(y.Decimal) {
			return fmt.Sprintf("%s: %v ≠ %v", path, x, y)
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			if !a.Type().Field(i).IsExported() {
				continue
			}
			if d := diffFigures(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d ≠ %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := diffFigures(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d keys ≠ %d", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			if !b.MapIndex(k).IsValid() {
				return fmt.Sprintf("%s: key %v missing", path, k)
			}
			if d := diffFigures(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k)); d != "" {
				return d
			}
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %v ≠ %v", path, a.Interface(), b.Interface())
		}
	}
	return ""
}

// FuzzSharePrice checks that a higher share price never needs more new shares, everything else
// the same, as long as the convertible fee is no higher than the debt fee (see
// TestHigherPriceCanNeedMoreShares for why the condition is needed).
func FuzzSharePrice(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint8(10*i+1))
	}
	cheapConvertible := func(u Universe) Universe {
		fee := u.Assumptions.Values[DebtFee]
		for _, s := range u.Scenarios {
			if v, ok := s.Overrides[DebtFee]; ok {
				fee = minDec(fee, v)
			}
		}
		u.Assumptions.Values[ConvertibleFee] = minDec(u.Assumptions.Values[ConvertibleFee], fee)
		return u
	}
	f.Fuzz(func(t *testing.T, data []byte, rise uint8) {
		low := cheapConvertible(fuzzUniverse(data))
		high := cheapConvertible(fuzzUniverse(data))
		high.Scenarios = append([]Scenario(nil), high.Scenarios...)
		for i := range high.Scenarios {
			high.Scenarios[i].SharePriceChange = high.Scenarios[i].SharePriceChange.Add(decimal.New(int64(rise), -2))
		}
		if len(Validate(low)) > 0 || len(Validate(high)) > 0 {
			t.Skip()
		}
		lr, hr := Compute(low), Compute(high)
		for mi := range lr.Miners {
			for si, lf := range lr.Miners[mi].Financings {
				hf := hr.Miners[mi].Financings[si]
				if hf.NewShares.Sub(lf.NewShares).GreaterThan(decimal.New(1, -18)) {
					t.Fatalf("%s %s: price %s needs %s new shares, price %s needs %s (equity %s vs %s)",
						low.Miners[mi].Ticker, low.Scenarios[si].Name, lf.Price, lf.NewShares, hf.Price, hf.NewShares,
						lf.Equity, hf.Equity)
				}
			}
		}
	})
}

// TestHigherPriceCanNeedMoreShares pins a property of SPEC §3 that the share-price fuzz target
// steers around: when both the convertible cap and the leverage cap bind, a higher price lifts the
// convertible cap, and each extra gross dollar of convertible takes a gross dollar of corporate-debt
// headroom (ND₀ counts the convertible's gross). Equity then grows by (convertible fee − debt fee)
// per extra gross dollar, which can outrun the higher price.
//
// Gap 400 (40 MW × 10, no sources), mix half convertible half corporate debt, max convertible 0.35,
// convertible fee 0.5, no debt fee, no equity fee or discount, leverage room 5 × 108 = 540.
// At P = 10: convertible cap 0.35 × 10 × 100 × 0.5 = 175 (gross 350); corporate debt room
// 540 − 350 = 190; equity 400 − 175 − 190 = 35; 35 / 10 = 3.5 new shares.
// At P = 11: cap 192.5 (gross 385); room 155; equity 52.5; 52.5 / 11 = 4.772727 new shares.
func TestHigherPriceCanNeedMoreShares(t *testing.T) {
	a := DefaultAssumptions()
	for k, v := range map[AssumptionKey]string{ConvertibleFee: "0.5", DebtFee: "0", EquityFee: "0", EquityDiscount: "0"} {
		a.Values[k] = d(v)
	}
	at := func(change string) Scenario {
		s := mixOf("P "+change, "0", "0.5", "0.5", "0")
		s.SharePriceChange = d(change)
		return s
	}
	u := Universe{
		Assumptions: a,
		Miners:      []Miner{{Ticker: "M", SharePrice: d("10"), SharesOutstanding: d("100"), MiningEBITDA: d("108")}},
		Projects:    []Project{{Ticker: "M", Status: UnderConstruction, MW: d("40"), CapexPerMW: nd("10")}},
		Scenarios:   []Scenario{at("0"), at("0.1")},
	}
	if errs := Validate(u); len(errs) > 0 {
		t.Fatal(errs)
	}
	fs := Compute(u).Miners[0].Financings
	checkFigures(t, figures(fs[0]), map[string]string{"convertible": "175", "corporate debt": "190", "equity": "35", "new shares": "3.5"})
	checkFigures(t, figures(fs[1]), map[string]string{"convertible": "192.5", "corporate debt": "155", "equity": "52.5", "new shares": "~4.772727"})
}

// wildValues are the values that break naive arithmetic: zero, one, minus one, below and above
// every range, and a long contract.
var wildValues = []decimal.Decimal{zero, one, one.Neg(), decimal.New(-5, -1), decimal.New(1, 6),
	decimal.New(101, 0), decimal.New(-2, 0), decimal.New(1, -30)}

// wildSetters each put a value where Validate would object.
var wildSetters = []func(u *Universe, v decimal.Decimal){
	func(u *Universe, v decimal.Decimal) { u.Assumptions.Values[EquityFee] = v },
	func(u *Universe, v decimal.Decimal) { u.Assumptions.Values[ConvertibleFee] = v },
	func(u *Universe, v decimal.Decimal) { u.Assumptions.Values[DebtFee] = v },
	func(u *Universe, v decimal.Decimal) { u.Assumptions.Values[EquityDiscount] = v },
	func(u *Universe, v decimal.Decimal) { u.Assumptions.Values[ConvertiblePremium] = v },
	func(u *Universe, v decimal.Decimal) { u.Assumptions.Values[ProjectMinDSCR] = v },
	func(u *Universe, v decimal.Decimal) { u.Assumptions.Values[ProjectDebtRate] = v },
	func(u *Universe, v decimal.Decimal) { u.Assumptions.Values[MaxNetLeverage] = v },
	func(u *Universe, v decimal.Decimal) { u.Miners[0].SharePrice = v },
	func(u *Universe, v decimal.Decimal) { u.Miners[0].SharesOutstanding = v },
	func(u *Universe, v decimal.Decimal) { u.Miners[0].MiningEBITDA = v },
	func(u *Universe, v decimal.Decimal) { u.Miners[0].Cash = v },
	func(u *Universe, v decimal.Decimal) { u.Miners[0].Debt = v },
	func(u *Universe, v decimal.Decimal) {
		u.Projects = append(u.Projects, Project{Ticker: "A", Status: Contracted, MW: v, ContractValue: one,
			ContractYears: v, ProjectDebtRate: decimal.NewNullDecimal(v)})
	},
	func(u *Universe, v decimal.Decimal) {
		u.Instruments = append(u.Instruments, Instrument{Ticker: "A", Type: Convertible, Principal: v, ConversionPrice: v})
	},
	func(u *Universe, v decimal.Decimal) {
		u.Instruments = append(u.Instruments, Instrument{Ticker: "A", Type: Warrant, Shares: v, ConversionPrice: v})
	},
	func(u *Universe, v decimal.Decimal) {
		u.Projects = append(u.Projects, Project{Ticker: "A", Status: UnderConstruction, MW: one, Ownership: decimal.NewNullDecimal(v),
			DisplacedEBITDA: v, CommittedProjectDebt: v, Prepayment: v})
	},
	func(u *Universe, v decimal.Decimal) {
		u.Instruments = append(u.Instruments, Instrument{Ticker: "A", Type: Convertible, Principal: one, ConversionPrice: one,
			CapPrice: decimal.NewNullDecimal(v)})
	},
	func(u *Universe, v decimal.Decimal) { u.Scenarios[0].SharePriceChange = v },
	func(u *Universe, v decimal.Decimal) { u.Scenarios[0].CapexChange = v },
	func(u *Universe, v decimal.Decimal) { u.Scenarios[0].Equity, u.Scenarios[0].ProjectDebt = v, v.Neg() },
	func(u *Universe, v decimal.Decimal) {
		u.Scenarios[0].Overrides = map[AssumptionKey]decimal.Decimal{DebtFee: v, 99: v}
	},
}

// FuzzComputeAnyInput checks that Compute never panics or hangs, even on values Validate rejects.
func FuzzComputeAnyInput(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, []byte{byte(i), byte(3 * i), byte(7 * i), byte(11 * i)})
	}
	f.Fuzz(func(t *testing.T, data, edits []byte) {
		u := fuzzUniverse(data)
		for i := 0; i+1 < len(edits); i += 2 {
			wildSetters[int(edits[i])%len(wildSetters)](&u, wildValues[int(edits[i+1])%len(wildValues)])
		}
		Validate(u)
		Compute(u)
	})
}
