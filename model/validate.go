package model

import (
	"errors"
	"fmt"
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

// DuplicateError is a key (a ticker, a scenario name) seen on an earlier row, First.
type DuplicateError struct {
	What  string // "ticker" or "scenario"
	Key   string
	First Ref // the earlier row (Field "")
}

func (e *DuplicateError) Error() string {
	what := "miner"
	if e.First.Table == TableScenarios {
		what = "scenario"
	}
	return fmt.Sprintf("%s %q repeats the %s of %s %d; give each %s one row or fix the %s",
		e.What, e.Key, e.What, what, e.First.Row+1, what, e.What)
}

func (e *DuplicateError) Unwrap() error { return ErrDuplicate }

// feeLike are the rates for which 1 leaves nothing: an error, not a rate.
var feeLike = map[AssumptionKey]bool{BTCHaircut: true, EquityDiscount: true, EquityFee: true,
	ConvertibleFee: true, DebtFee: true}

type validator struct{ errs []FieldError }

func (v *validator) add(table string, row int, field string, kind error, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Ref: Ref{table, row, field}, Err: &problem{kind, fmt.Sprintf(format, args...)}})
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
		v.assumption(TableAssumptions, int(k), FieldValue, k, a.Values[k])
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

	for i, p := range u.Projects {
		t := TableProjects
		knownTicker(t, i, p.Ticker)
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
	}

	for i, ins := range u.Instruments {
		t := TableInstruments
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
		if ins.CapPrice.Valid {
			v.nonNegative(t, i, FieldCapPrice, ins.CapPrice.Decimal)
		}
		v.rate(t, i, FieldCoupon, FieldCoupon, ins.Coupon, false)
	}

	names := map[string]int{}
	for i, s := range u.Scenarios {
		t := TableScenarios
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
			if k == AsOfDate {
				v.add(t, i, name, ErrNotOverridden, "as of date cannot change in a scenario; remove the %q column from Scenarios", name)
				continue
			}
			v.assumption(t, i, name, k, x)
		}
	}
	return v.errs
}
