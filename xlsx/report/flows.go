package report

import (
	"github.com/shopspring/decimal"

	"minergap/model"
)

// financedFlows are the lines of miner i's financed cases, by scenario: the result's when it
// holds them (model.Timeline), else the miner's timeline computed again (model.Run lets them go
// once each case is summarised; see model.FinancedCase), so that the writer holds one miner's
// lines at a time.
func (ow *writer) financedFlows(i int) []*model.CashFlows {
	tl := &ow.r.Timelines[i]
	flows := make([]*model.CashFlows, len(tl.Financed))
	var again *model.MinerTimeline
	for si := range tl.Financed {
		if flows[si] = tl.Financed[si].CashFlows; flows[si] != nil {
			continue
		}
		if again == nil {
			mt := model.TimelineOf(*ow.u, ow.r.Miners[i], ow.u.Assumptions.TimelineParams())
			again = &mt
		}
		flows[si] = again.Financed[si].CashFlows
	}
	return flows
}

// financedCapex is the Σ capex of each of miner i's financed cases, by scenario, remembered: the
// Checks sheet's timeline checks are made twice (the Cover's master check, then the sheet).
func (ow *writer) financedCapex(i int) []decimal.Decimal {
	if ow.capex == nil {
		ow.capex = make([][]decimal.Decimal, len(ow.r.Miners))
	}
	if ow.capex[i] == nil {
		flows := ow.financedFlows(i)
		ow.capex[i] = make([]decimal.Decimal, len(flows))
		for si, cf := range flows {
			ow.capex[i][si] = cf.Capex.Sum()
		}
	}
	return ow.capex[i]
}
