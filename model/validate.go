package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Kinds of problems Validate reports; test a FieldError with errors.Is.
var (
	ErrDuplicate     = errors.New("duplicate key")
	ErrUnknownTicker = errors.New("unknown ticker")
	ErrBlank         = errors.New("blank key")
	ErrMissing       = errors.New("missing value")
	ErrNegative      = errors.New("negative value")
	ErrNotPositive   = errors.New("value not above 0")
	ErrRateRange     = errors.New("rate outside 0 to 1")
	ErrFullFee       = errors.New("fee, discount or haircut of 1")
	ErrChangeRange   = errors.New("change not above -1")
	ErrContract      = errors.New("incomplete contract")
	ErrPrepayment    = errors.New("prepayment above contract value")
	ErrMixSum        = errors.New("scenario mix does not sum to 1")
	ErrTooLong       = errors.New("contract too long")
	ErrNotOverridden = errors.New("assumption cannot be overridden")
	ErrQuarters      = errors.New("not a whole number of quarters in range")
	ErrNoScenario    = errors.New("no such scenario")
	ErrMagnitude     = errors.New("magnitude no input means")
	ErrDateOrder     = errors.New("energization before start")
	ErrCapPrice      = errors.New("cap price below conversion price")
)

// MixTolerance is how far a scenario's mix may sum from 1 (SPEC §2).
var MixTolerance = decimal.RequireFromString("0.0005")

// problem is a Validate message that wraps its kind.
type problem struct {
	kind error
	msg  string
}

func (p *problem) Error() string { return p.msg }
func (p *problem) Unwrap() error { return p.kind }

// DuplicateError is a key (a ticker, a scenario name, a ticker and project) seen on an earlier
// row, First. The error sits on the later row's Ref, so the two name both rows.
type DuplicateError struct {
	What  string // "ticker", "scenario" or "project"
	Key   string // as written on the later row; a project's is "ticker / project"
	First Ref    // the earlier row (Field "")
}

func (e *DuplicateError) Error() string {
	switch e.First.Table {
	case TableProjects:
		return fmt.Sprintf("%s %q repeats project %d, which would count its site twice; give each site or phase one row or fix the project name",
			e.What, e.Key, e.First.Row+1)
	case TableScenarios:
		return fmt.Sprintf("%s %q repeats the %s of scenario %d; give each scenario one row or fix the %s",
			e.What, e.Key, e.What, e.First.Row+1, e.What)
	}
	return fmt.Sprintf("%s %q repeats the %s of miner %d; give each miner one row or fix the %s",
		e.What, e.Key, e.What, e.First.Row+1, e.What)
}

func (e *DuplicateError) Unwrap() error { return ErrDuplicate }

// feeLike are the rates for which 1 leaves nothing: an error, not a rate.
var feeLike = map[AssumptionKey]bool{BTCHaircut: true, EquityDiscount: true, EquityFee: true,
	ConvertibleFee: true, DebtFee: true}

// validator collects Validate's errors, at most one per value: the first found wins, so a value
// with a magnitude no input means is not also called negative or out of range.
type validator struct {
	errs []FieldError
	bad  map[Ref]bool
}

func (v *validator) add(table string, row int, field string, kind error, format string, args ...any) {
	ref := Ref{table, row, field}
	if v.bad[ref] {
		return
	}
	if v.bad == nil {
		v.bad = map[Ref]bool{}
	}
	v.bad[ref] = true
	for i, a := range args {
		if d, ok := a.(decimal.Decimal); ok {
			args[i] = Short(d) // a value reads compactly, whatever its size
		}
	}
	v.errs = append(v.errs, FieldError{Ref: ref, Err: &problem{kind, fmt.Sprintf(format, args...)}})
}

// label is a field's name as it reads inside a sentence: "Share price" → "share price",
// "BTC haircut" and "IT MW" unchanged.
func label(name string) string {
	r, n := utf8.DecodeRuneInString(name)
	if r2, _ := utf8.DecodeRuneInString(name[n:]); unicode.IsUpper(r2) {
		return name
	}
	return string(unicode.ToLower(r)) + name[n:]
}

// unique reports a blank key (a ticker or a scenario name) of row i, or one that repeats an
// earlier row's; seen maps the keys met so far, as matched, to their rows.
func (v *validator) unique(seen map[string]int, table string, row int, field, what, key, blank string) {
	k := tickerKey(key)
	switch first, ok := seen[k]; {
	case k == "":
		v.add(table, row, field, ErrBlank, "%s", blank)
	case ok:
		v.errs = append(v.errs, FieldError{Ref: Ref{table, row, field},
			Err: &DuplicateError{What: what, Key: key, First: Ref{table, first, ""}}})
	default:
		seen[k] = row
	}
}

func (v *validator) nonNegative(table string, row int, field string, x decimal.Decimal) {
	if x.Sign() < 0 {
		v.add(table, row, field, ErrNegative, "%s %s is negative; enter 0 or more", label(field), x)
	}
}

func (v *validator) positive(table string, row int, field string, x decimal.Decimal, how string) {
	if x.Sign() <= 0 {
		v.add(table, row, field, ErrNotPositive, "%s %s must be above 0; %s", label(field), x, how)
	}
}

// rate checks a fraction in [0, 1]; full says that 1 is an error too (a fee, discount or haircut).
func (v *validator) rate(table string, row int, field, name string, x decimal.Decimal, full bool) {
	switch {
	case x.GreaterThan(hundred):
		v.add(table, row, field, ErrRateRange, "%s %s is above 1; enter a fraction from 0 to 1, such as 7%% or 0.07", label(name), x)
	case x.GreaterThan(one):
		v.add(table, row, field, ErrRateRange, "%s %s is above 1; enter %s%% or %s", label(name), x, x, x.Shift(-2))
	case x.Sign() < 0:
		v.add(table, row, field, ErrRateRange, "%s %s is negative; enter a fraction from 0 to 1, such as 7%% or 0.07", label(name), x)
	case full && x.Equal(one):
		v.add(table, row, field, ErrFullFee, "%s 1 (100%%) leaves nothing; enter a fraction below 1, such as 2%% or 0.02", label(name))
	}
}

func (v *validator) change(table string, row int, field string, x decimal.Decimal) {
	if x.Cmp(one.Neg()) <= 0 {
		v.add(table, row, field, ErrChangeRange, "%s %s must be above -1 (-100%%); enter -20%% or -0.2 for a fall of a fifth", label(field), x)
	}
}

// assumption checks one assumption's value, on the Assumptions sheet or as a scenario's override.
func (v *validator) assumption(table string, row int, field string, k AssumptionKey, x decimal.Decimal) {
	def := AssumptionDefs[k]
	switch def.Kind {
	case KindRate:
		v.rate(table, row, field, def.Name, x, feeLike[k])
	case KindQuarters:
		lo, hi := int64(0), int64(Horizon-1) // Pipeline start quarters: 0 to 39
		if k == BuildQuarters {
			lo, hi = 1, Horizon
		}
		if !x.IsInteger() || x.LessThan(decimal.NewFromInt(lo)) || x.GreaterThan(decimal.NewFromInt(hi)) {
			v.add(table, row, field, ErrQuarters, "%s %s is not a whole number from %d to %d; enter a number of quarters such as %s", label(def.Name), Short(x), lo, hi, def.Default)
		}
	case KindName:
	case KindMultiple:
		if k == ProjectMinDSCR {
			if x.Sign() <= 0 {
				v.add(table, row, field, ErrNotPositive, "%s %s must be above 0; enter a multiple such as 1.3", label(def.Name), x)
			}
		} else if x.Sign() < 0 {
			v.add(table, row, field, ErrNegative, "%s %s is negative; enter a multiple of 0 or more, such as %s", label(def.Name), x, def.Default)
		}
	default:
		if x.Sign() < 0 {
			v.add(table, row, field, ErrNegative, "%s %s is negative; enter 0 or more (%s)", label(def.Name), x, def.Unit)
		}
	}
}

// Validate reports every problem that can be seen on the model's values, each on the Ref of the
// value at fault, in table order. It never changes u. Compute's figures are meaningful only when
// Validate returns nothing.
func Validate(u Universe) []FieldError {
	var v validator
	a := u.Assumptions
	for k := BTCPrice; k < numAssumptions; k++ {
		v.magnitude(TableAssumptions, int(k), FieldValue, AssumptionDefs[k].Name, AssumptionDefs[k].Kind, a.Values[k])
		v.assumption(TableAssumptions, int(k), FieldValue, k, a.Values[k])
	}
	if a.TornadoScenario != "" {
		if _, ok := TornadoIndex(a, u.Scenarios); !ok {
			names := scenarioNames(u.Scenarios)
			v.add(TableAssumptions, int(TornadoScenario), FieldValue, ErrNoScenario,
				"tornado scenario %q is not a scenario; did you mean %q? enter one of %s", a.TornadoScenario, Nearest(a.TornadoScenario, names), strings.Join(quoteAll(names), ", "))
		}
	}
	if !a.HasBTCPrice {
		holders, first := 0, -1
		for i, m := range u.Miners {
			if m.BTCHeld.Sign() > 0 {
				if first < 0 {
					first = i
				}
				holders++
			}
		}
		if holders > 0 {
			m := u.Miners[first]
			others := ""
			if holders > 1 {
				others = fmt.Sprintf(" (and %d more %s)", holders-1, plural(holders-1, "miner", "miners"))
			}
			v.add(TableAssumptions, int(BTCPrice), FieldValue, ErrMissing,
				"BTC price is missing but %q holds %s BTC%s; add a BTC price (USD) to Assumptions", m.Ticker, m.BTCHeld, others)
		}
	}

	tickers := map[string]int{}
	for i, m := range u.Miners {
		t := TableMiners
		magnitudesOf(&v, t, i, minerNumbers, &u.Miners[i])
		v.unique(tickers, t, i, FieldTicker, "ticker", m.Ticker, "ticker is blank; enter the miner's ticker")
		v.positive(t, i, FieldSharePrice, m.SharePrice, "enter the share price in USD")
		v.positive(t, i, FieldSharesOutstanding, m.SharesOutstanding, "enter the basic shares outstanding in millions")
		v.nonNegative(t, i, FieldCash, m.Cash)
		v.nonNegative(t, i, FieldBTCHeld, m.BTCHeld)
		v.nonNegative(t, i, FieldDebt, m.Debt)
		if m.Interest.Valid {
			v.nonNegative(t, i, FieldInterest, m.Interest.Decimal)
		}
		v.nonNegative(t, i, FieldUndrawnDebt, m.UndrawnDebt)
		if m.UndrawnDebtRate.Valid {
			v.rate(t, i, FieldUndrawnDebtRate, FieldUndrawnDebtRate, m.UndrawnDebtRate.Decimal, false)
		}
		v.nonNegative(t, i, FieldOtherCommitted, m.OtherCommitted)
		v.nonNegative(t, i, FieldOtherUses, m.OtherUses)
		v.nonNegative(t, i, FieldMinimumCash, m.MinimumCash)
		// Mining EBITDA may be negative: a loss-making fleet is a fact, not a typo.
	}

	knownTicker := func(table string, i int, ticker string) {
		if _, ok := tickers[tickerKey(ticker)]; ok {
			return
		}
		if tickerKey(ticker) == "" {
			v.add(table, i, FieldTicker, ErrBlank, "ticker is blank; enter the ticker of a miner on Miners")
			return
		}
		v.add(table, i, FieldTicker, ErrUnknownTicker, "ticker %q is not on Miners; add it to Miners or fix the spelling", ticker)
	}

	// Project names by ticker: small maps, which stay in cache where one map of every key would not.
	projectKeys := map[string]map[string]int{}
	for i, p := range u.Projects {
		t := TableProjects
		magnitudesOf(&v, t, i, projectNumbers, &u.Projects[i])
		knownTicker(t, i, p.Ticker)
		if tk, pk := tickerKey(p.Ticker), tickerKey(p.Name); tk != "" && pk != "" {
			names := projectKeys[tk]
			if names == nil {
				names = map[string]int{}
				projectKeys[tk] = names
			}
			if first, ok := names[pk]; ok {
				v.errs = append(v.errs, FieldError{Ref: Ref{t, i, FieldProject},
					Err: &DuplicateError{What: "project", Key: strings.TrimSpace(p.Ticker) + " / " + strings.TrimSpace(p.Name), First: Ref{t, first, ""}}})
			} else {
				names[pk] = i
			}
		}
		v.nonNegative(t, i, FieldITMW, p.MW)
		for _, f := range []struct {
			field string
			x     decimal.NullDecimal
		}{{FieldCapexPerMW, p.CapexPerMW}, {FieldGPUCapexPerMW, p.GPUCapexPerMW}, {FieldCapexSpent, p.CapexSpent}} {
			if f.x.Valid {
				v.nonNegative(t, i, f.field, f.x.Decimal)
			}
		}
		v.nonNegative(t, i, FieldContractValue, p.ContractValue)
		v.nonNegative(t, i, FieldContractYears, p.ContractYears)
		v.nonNegative(t, i, FieldPrepayment, p.Prepayment)
		v.nonNegative(t, i, FieldCommittedProjectDebt, p.CommittedProjectDebt)
		switch {
		case p.ContractYears.GreaterThan(decimal.NewFromInt(MaxContractYears)):
			v.add(t, i, FieldContractYears, ErrTooLong, "contract years %s is above %d; enter the term in years", p.ContractYears, MaxContractYears)
		case p.ContractValue.Sign() > 0 && p.ContractYears.Sign() == 0:
			v.add(t, i, FieldContractYears, ErrContract, "contract value %s has no contract years; enter the term in years or clear the contract value", p.ContractValue)
		case p.ContractYears.Sign() > 0 && p.ContractValue.Sign() == 0:
			v.add(t, i, FieldContractValue, ErrContract, "contract years %s have no contract value; enter the total contract value in USD m or clear the contract years", p.ContractYears)
		}
		if p.Prepayment.GreaterThan(p.ContractValue) && p.Prepayment.Sign() > 0 {
			v.add(t, i, FieldPrepayment, ErrPrepayment, "prepayment %s is above the contract value %s; enter the prepayment still to be received, at most the contract value", p.Prepayment, p.ContractValue)
		}
		for _, f := range []struct {
			field string
			x     decimal.NullDecimal
		}{{FieldNOIMargin, p.NOIMargin}, {FieldLoanToCost, p.LoanToCost}, {FieldProjectDebtRate, p.ProjectDebtRate}} {
			if f.x.Valid {
				v.rate(t, i, f.field, f.field, f.x.Decimal, false)
			}
		}
		if w := p.Ownership; w.Valid {
			if w.Decimal.Sign() <= 0 {
				v.add(t, i, FieldOwnership, ErrNotPositive, "ownership %s must be above 0; enter the miner's share of the site, such as 50%% or 0.5, or leave it blank for 100%%", w.Decimal)
			}
			v.rate(t, i, FieldOwnership, FieldOwnership, w.Decimal, false)
		}
		v.nonNegative(t, i, FieldDisplacedEBITDA, p.DisplacedEBITDA)
		if !p.Start.IsZero() && !p.Energization.IsZero() && p.Energization.Before(p.Start) {
			v.add(t, i, FieldEnergizationDate, ErrDateOrder, "energization date %s is before the start date %s; enter the date the site is energized, on or after its start, or fix the start date",
				p.Energization.Format(time.DateOnly), p.Start.Format(time.DateOnly))
		}
	}

	for i, ins := range u.Instruments {
		t := TableInstruments
		magnitudesOf(&v, t, i, instrumentNumbers, &u.Instruments[i])
		knownTicker(t, i, ins.Ticker)
		switch ins.Type {
		case Convertible:
			v.positive(t, i, FieldPrincipal, ins.Principal, "enter the convertible's principal outstanding in USD m")
			v.positive(t, i, FieldConversionPrice, ins.ConversionPrice, "enter the convertible's conversion price in USD")
			v.nonNegative(t, i, FieldShares, ins.Shares)
		case Warrant:
			v.positive(t, i, FieldShares, ins.Shares, "enter the warrant shares in millions")
			if ins.ConversionPrice.Sign() <= 0 {
				v.add(t, i, FieldConversionPrice, ErrNotPositive, "strike %s must be above 0; enter the warrant's strike in USD", ins.ConversionPrice)
			}
			v.nonNegative(t, i, FieldPrincipal, ins.Principal)
		}
		if c := ins.CapPrice; c.Valid && c.Decimal.LessThan(ins.ConversionPrice) {
			strike := "conversion price"
			if ins.Type == Warrant {
				strike = "strike"
			}
			v.add(t, i, FieldCapPrice, ErrCapPrice, "cap price %s is below the %s %s; enter the cap price of the capped call, at or above the %s, or leave it blank",
				c.Decimal, strike, ins.ConversionPrice, strike)
		}
		v.rate(t, i, FieldCoupon, FieldCoupon, ins.Coupon, false)
	}

	names := map[string]int{}
	for i, s := range u.Scenarios {
		t := TableScenarios
		magnitudesOf(&v, t, i, scenarioNumbers, &u.Scenarios[i])
		v.unique(names, t, i, FieldScenario, "scenario", s.Name, "scenario name is blank; name the scenario")
		fields := MixFields
		shares := [4]decimal.Decimal{s.Equity, s.Convertible, s.CorporateDebt, s.ProjectDebt}
		sum, inRange := zero, true
		for j, x := range shares {
			before := len(v.errs)
			v.rate(t, i, fields[j], fields[j]+" share", x, false)
			inRange = inRange && len(v.errs) == before
			sum = sum.Add(x)
		}
		if inRange && sum.Sub(one).Abs().GreaterThan(MixTolerance) {
			v.add(t, i, FieldEquity, ErrMixSum, "the mix sums to %s; make Equity, Convertible, Corporate debt and Project debt add up to 1", sum)
		}
		v.change(t, i, FieldSharePriceChange, s.SharePriceChange)
		v.change(t, i, FieldCapexChange, s.CapexChange)
		for k := range numAssumptions {
			x, ok := s.Overrides[k]
			if !ok {
				continue
			}
			name := AssumptionDefs[k].Name
			if !Overridable(k) {
				v.add(t, i, name, ErrNotOverridden, "%s cannot change in a scenario; remove the %q column from Scenarios", label(name), name)
				continue
			}
			v.magnitude(t, i, name, name, AssumptionDefs[k].Kind, x)
			v.assumption(t, i, name, k, x)
		}
	}
	return v.errs
}

// bound is a Kind's bound (SPEC §2 "Values"): how large a value may be, how the bound reads
// in a message, and how to enter such a value. Kinds without a max are bounded only below.
type bound struct {
	max   decimal.Decimal
	bound string
	how   string
}

var bounds = [...]bound{
	KindMoney:    {decimal.New(1, 7), "10,000,000 USD m (10 trillion dollars)", "enter the amount in USD millions"},
	KindPerMW:    {decimal.New(1, 7), "10,000,000 USD m per MW", "enter the cost in USD millions per MW"},
	KindPrice:    {decimal.New(1, 7), "10,000,000 USD", "enter the price in USD"},
	KindShares:   {decimal.New(1, 6), "1,000,000 m (a trillion shares)", "enter the shares in millions"},
	KindMW:       {decimal.New(1, 6), "1,000,000 MW", "enter the critical IT capacity in MW"},
	KindBTC:      {decimal.New(21, 6), "21,000,000 BTC (every bitcoin there will ever be)", "enter the number of bitcoin"},
	KindRate:     {how: "enter a fraction such as 7% or 0.07"},
	KindChange:   {how: "enter a fraction such as -20% or -0.2"},
	KindMultiple: {how: "enter a multiple such as 1.3"},
	KindYears:    {how: "enter the term in years"},
}

// smallest is the least magnitude a non-zero value may have.
var smallest = decimal.New(1, -12)

// magnitude reports a value no analyst means: beyond its Kind's bound either way, or non-zero
// and below 1e-12 in size. name is the value's name as a message says it.
func (v *validator) magnitude(table string, row int, field, name string, kind Kind, x decimal.Decimal) {
	if x.IsZero() || int(kind) >= len(bounds) || bounds[kind].how == "" {
		return
	}
	b := bounds[kind]
	// 10^(top − 1) ≤ |x| < 10^top. Most values are decided here, without a product: tiny exactly
	// when top ≤ −12, and within every Kind's max when top ≤ 6.
	top := x.NumDigits() + int(x.Exponent())
	if top > -12 && top <= 6 {
		return
	}
	a := x.Abs()
	switch {
	case !b.max.IsZero() && x.GreaterThan(b.max):
		v.add(table, row, field, ErrMagnitude, "%s %s is above %s; %s", label(name), x, b.bound, b.how)
	case !b.max.IsZero() && x.LessThan(b.max.Neg()):
		v.add(table, row, field, ErrMagnitude, "%s %s is below -%s; %s", label(name), x, b.bound, b.how)
	case a.Sign() > 0 && a.LessThan(smallest):
		v.add(table, row, field, ErrMagnitude, "%s %s is not 0 but below 1e-12 in size; enter 0 or a meaningful value (%s)", label(name), x, strings.TrimPrefix(b.how, "enter "))
	}
}

// magnitudesOf bounds every numeric field of one row.
func magnitudesOf[T any](v *validator, table string, row int, fields []numberField[T], x *T) {
	for _, f := range fields {
		if val := f.value(x); val.Valid {
			v.magnitude(table, row, f.field, f.field, f.kind, val.Decimal)
		}
	}
}

// hundred bounds the rates a message reads as a percentage typed as a whole number (7 for 7%).
var hundred = decimal.NewFromInt(100)

// shortDigits is the most significant digits a message shows of a value: Excel's 15.
const shortDigits = 15

// Short writes x as a message shows it: as it is, unless it is huge or tiny, then in scientific
// notation (2e13, 1.5e-13), so that its size reads at a glance; beyond 15 significant digits it
// is rounded to 15 (a sum of 0.5 and 1e-300 reads 0.5, not as 300 digits).
func Short(x decimal.Decimal) string {
	if n := int(x.NumDigits()); n > shortDigits {
		x = x.Round(int32(shortDigits-n) - x.Exponent())
	}
	a := x.Abs()
	if a.IsZero() || a.LessThan(decimal.New(1, 9)) && !a.LessThan(decimal.New(1, -6)) {
		return x.String()
	}
	c := a.Coefficient().String()
	exp := int(a.Exponent()) + len(c) - 1
	digits := strings.TrimRight(c, "0")
	mant := digits[:1]
	if len(digits) > 1 {
		mant += "." + digits[1:]
	}
	sign := ""
	if x.Sign() < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%se%d", sign, mant, exp)
}
