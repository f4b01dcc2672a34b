package model

import "github.com/shopspring/decimal"

// finance runs one scenario for one miner: prs are the miner's projects under the scenario, pos
// its position for the scenario's scope, committedInterest the interest on the scope's committed
// project debt used, a the scenario's assumptions and base the workbook's (existing interest and
// the undrawn debt rate use base, never a scenario's override).
func finance(m Miner, instruments []Instrument, prs []ProjectResult, pos Position, committedInterest decimal.Decimal,
	s Scenario, a, base Assumptions) Financing {
	f := fund(m, instruments, pos, mix(s), s, a)
	f.Projects = prs
	f.credit(m, instruments, pos, committedInterest, a, base)
	return f
}

// fund is the first half of finance: the tranches, the new shares and the basic dilution, all that
// the gap and basic dilution need (SPEC §3c recomputes only this half). mx is mix(s).
func fund(m Miner, instruments []Instrument, pos Position, mx [4]decimal.Decimal, s Scenario, a Assumptions) Financing {
	f := Financing{Scope: s.Scope, Position: pos, Assumptions: a}
	f.Mix = mx
	sCv, sCd, sPd := f.Mix[1], f.Mix[2], f.Mix[3] // equity takes what the other three leave
	f.Price = m.SharePrice.Mul(one.Add(s.SharePriceChange))
	f.Gap = pos.Gap
	g := f.Gap
	feeEq, feeCv, feeDebt := a.Get(EquityFee), a.Get(ConvertibleFee), a.Get(DebtFee)

	// 1. Project debt, capped by the projects' capacity (a gross amount).
	f.ProjectDebtLimit = maxDec(zero, pos.DebtCapacity.Mul(one.Sub(feeDebt)))
	f.ProjectDebt = minDec(sPd.Mul(g), f.ProjectDebtLimit)
	f.ProjectDebtGross = grossOf(f.ProjectDebt, feeDebt)

	// 2. Convertible, capped at a share of the market cap at the scenario's price; the cap holds
	// every convertible outstanding, so the existing principal comes off it first.
	for _, ins := range instruments {
		if ins.Type == Convertible {
			f.ExistingConvertiblePrincipal = f.ExistingConvertiblePrincipal.Add(ins.Principal)
		}
	}
	f.ConvertibleCap = maxDec(zero, a.Get(MaxConvertible).Mul(f.Price).Mul(m.SharesOutstanding).Sub(f.ExistingConvertiblePrincipal))
	f.ConvertibleLimit = maxDec(zero, f.ConvertibleCap.Mul(one.Sub(feeCv)))
	f.Convertible = minDec(sCv.Mul(g), f.ConvertibleLimit)
	f.ConvertibleGross = grossOf(f.Convertible, feeCv)

	// 3. Corporate debt, capped by the leverage headroom over the net debt already counted.
	f.PFEBITDA = m.MiningEBITDA.Sub(pos.DisplacedEBITDA).Add(pos.ContractNOI)
	f.NetDebtBefore = m.Debt.Add(m.UndrawnDebt).Add(pos.CommittedProjectDebt).
		Add(f.ProjectDebtGross).Add(f.ConvertibleGross).Sub(m.MinimumCash)
	if f.PFEBITDA.Sign() > 0 {
		headroom := a.Get(MaxNetLeverage).Mul(f.PFEBITDA).Sub(f.NetDebtBefore)
		f.CorporateDebtLimit = maxDec(zero, headroom).Mul(maxDec(zero, one.Sub(feeDebt)))
	}
	f.CorporateDebt = minDec(sCd.Mul(g), f.CorporateDebtLimit)
	f.CorporateDebtGross = grossOf(f.CorporateDebt, feeDebt)

	// 4. Equity takes its share and every shortfall, so the four net amounts sum to G exactly.
	// A shortfall is a spill when it exceeds FlagTolerance × max(1, G).
	f.Equity = g.Sub(f.ProjectDebt).Sub(f.Convertible).Sub(f.CorporateDebt)
	f.EquityGross = grossOf(f.Equity, feeEq)
	spillAbove := FlagTolerance.Mul(maxDec(one, g))
	for _, t := range []struct {
		share, amount decimal.Decimal
		flag          Flag
	}{{sPd, f.ProjectDebt, SpillProjectDebt}, {sCv, f.Convertible, SpillConvertible}, {sCd, f.CorporateDebt, SpillCorporateDebt}} {
		if t.share.Mul(g).Sub(t.amount).GreaterThan(spillAbove) {
			f.Flags = append(f.Flags, t.flag)
		}
	}

	// Shares.
	f.IssuePrice = f.Price.Mul(one.Sub(a.Get(EquityDiscount)))
	if f.IssuePrice.Sign() > 0 {
		f.NewShares = quo(f.EquityGross, f.IssuePrice)
	}
	f.PFBasicShares = m.SharesOutstanding.Add(f.NewShares)
	if f.PFBasicShares.Sign() > 0 {
		f.DilutionBasic = quo(f.NewShares, f.PFBasicShares)
	}
	return f
}

// credit is the second half of finance, on f from fund: the conversion shares, diluted and
// economic dilution, the credit ratios and their flags.
func (f *Financing) credit(m Miner, instruments []Instrument, pos Position, committedInterest decimal.Decimal, a, base Assumptions) {
	f.ConversionPrice = f.Price.Mul(one.Add(a.Get(ConvertiblePremium)))
	if f.ConversionPrice.Sign() > 0 {
		f.NewConversionShares = quo(f.ConvertibleGross, f.ConversionPrice)
	}
	for _, ins := range instruments {
		switch ins.Type {
		case Convertible:
			f.ConvertibleCoupons = f.ConvertibleCoupons.Add(ins.Principal.Mul(ins.Coupon))
			if ins.ConversionPrice.Sign() > 0 {
				converted := quo(ins.Principal, ins.ConversionPrice)
				f.ExistingConvertShares = f.ExistingConvertShares.Add(converted)
				f.EconomicConvertShares = f.EconomicConvertShares.Add(economicShares(converted, ins, f.Price))
			}
		case Warrant:
			if f.Price.Sign() > 0 {
				inTheMoney := maxDec(zero, f.Price.Sub(ins.ConversionPrice))
				f.ExistingWarrantShares = f.ExistingWarrantShares.Add(quo(ins.Shares.Mul(inTheMoney), f.Price))
			}
		}
	}
	f.ExistingDilutiveShares = f.ExistingConvertShares.Add(f.ExistingWarrantShares)
	f.PFDilutedShares = f.PFBasicShares.Add(f.NewConversionShares).Add(f.ExistingDilutiveShares)
	if f.PFDilutedShares.Sign() > 0 {
		f.DilutionDiluted = quo(f.NewShares.Add(f.NewConversionShares), f.PFDilutedShares)
	}
	f.EconomicShares = f.PFBasicShares.Add(f.EconomicConvertShares).Add(f.ExistingWarrantShares)
	if f.EconomicShares.Sign() > 0 {
		f.DilutionEconomic = quo(f.NewShares, f.EconomicShares)
	}

	// Credit.
	f.PFDebt = m.Debt.Add(m.UndrawnDebt).Add(pos.CommittedProjectDebt).
		Add(f.ProjectDebtGross).Add(f.ConvertibleGross).Add(f.CorporateDebtGross)
	f.PFNetDebt = f.PFDebt.Sub(m.MinimumCash).Sub(pos.Surplus)
	f.NetLeverage = ratio(f.PFNetDebt, f.PFEBITDA)

	if m.Interest.Valid {
		f.ExistingInterest = m.Interest.Decimal
	} else {
		straight := maxDec(zero, m.Debt.Sub(f.ExistingConvertiblePrincipal))
		f.ExistingInterest = straight.Mul(base.Get(CorporateDebtRate)).Add(f.ConvertibleCoupons)
	}
	f.UndrawnDebtRate = base.Get(CorporateDebtRate)
	if m.UndrawnDebtRate.Valid {
		f.UndrawnDebtRate = m.UndrawnDebtRate.Decimal
	}
	f.CommittedInterest = committedInterest
	f.PFInterest = f.ExistingInterest.
		Add(m.UndrawnDebt.Mul(f.UndrawnDebtRate)).
		Add(f.CommittedInterest).
		Add(f.ProjectDebtGross.Mul(a.Get(ProjectDebtRate))).
		Add(f.CorporateDebtGross.Mul(a.Get(CorporateDebtRate))).
		Add(f.ConvertibleGross.Mul(a.Get(ConvertibleCoupon)))
	if f.PFEBITDA.Sign() > 0 {
		f.InterestCoverage = ratio(f.PFEBITDA, f.PFInterest)
	}
	cash := f.PFEBITDA.Sub(f.PFInterest).Add(f.ConvertibleCoupons).Add(f.ConvertibleGross.Mul(a.Get(ConvertibleCoupon)))
	f.CashFlowPerShare = ratio(cash, f.PFDilutedShares)

	// Limits are compared with FlagTolerance's margin, so that a limit that binds exactly (a
	// quotient equal to it in exact arithmetic, rounded either way) is never flagged.
	if f.NetLeverage.Valid && f.NetLeverage.Decimal.GreaterThan(a.Get(MaxNetLeverage).Mul(one.Add(FlagTolerance))) {
		f.Flags = append(f.Flags, LeverageAboveMax)
	}
	if f.InterestCoverage.Valid && f.InterestCoverage.Decimal.LessThan(a.Get(MinInterestCoverage).Mul(one.Sub(FlagTolerance))) {
		f.Flags = append(f.Flags, CoverageBelowMin)
	}
	if f.PFEBITDA.Sign() <= 0 {
		f.Flags = append(f.Flags, NonPositiveEBITDA)
	}
}

// economicShares is the shares an existing convertible of converted if-converted shares delivers
// at price P after net share settlement and its capped call: converted × max(0, P − K) / P, K its
// cap price when given, else its conversion price. The capped call absorbs dilution up to K.
func economicShares(converted decimal.Decimal, ins Instrument, p decimal.Decimal) decimal.Decimal {
	if p.Sign() <= 0 {
		return zero
	}
	k := ins.ConversionPrice
	if ins.CapPrice.Valid {
		k = ins.CapPrice.Decimal
	}
	return quo(converted.Mul(maxDec(zero, p.Sub(k))), p)
}
