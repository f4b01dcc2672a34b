package report

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
)

// The Summary sheet: a row per miner ranked by near-term gap, the universe's total, a chart.

const (
	suHeaderRow = 3
	suTotalRow  = 4
	suFirstRow  = 5
)

// Summary columns, 1-based; one basic-dilution column per scenario follows suDilution.
const (
	suTicker = iota + 1
	suCompany
	suNTUses
	suNTSources
	suNTGap
	suFPUses
	suFPSources
	suFPGap
	suMarketCap
	suGapToCap
	suDilution
)

// chartMiners is how many miners, largest near-term gap first, the Summary chart shows.
const chartMiners = 20

func (ow *writer) summaryHeaders() []header {
	hs := []header{
		{"Ticker", "the miner; its sheet has every line", 10},
		{"Company", "", 24},
		{"Near-term uses (USD m)", "Σ remaining capex of Energized, Under construction and Contracted projects + other uses + minimum cash", 12},
		{"Near-term sources (USD m)", "cash + BTC after haircut + undrawn committed debt + other committed funding + prepayments + committed project debt used", 12},
		{"Near-term gap (USD m)", "max(0, near-term uses − near-term sources)", 12},
		{"Full-pipeline uses (USD m)", "as near-term, over every project", 12},
		{"Full-pipeline sources (USD m)", "as near-term, over every project", 12},
		{"Full-pipeline gap (USD m)", "max(0, full-pipeline uses − full-pipeline sources)", 12},
		{"Market cap (USD m)", "share price × shares outstanding", 12},
		{"Near-term gap / market cap (%)", "near-term gap / market cap; n/a when the market cap is 0", 11},
	}
	for _, sc := range ow.r.Scenarios {
		hs = append(hs, header{sc.Name + ": dilution, basic (%)",
			"new shares / PF basic shares in scenario " + sc.Name + " (" + sc.Scope.String() + "); the diluted and economic views are on Scenarios", 13})
	}
	return hs
}

func (ow *writer) writeSummary() error {
	hs := ow.summaryHeaders()
	s, err := ow.stream(SheetSummary, widths(hs), freeze(1, suTotalRow))
	if err != nil {
		return err
	}
	if err := s.intro("Summary: funding gap by miner, largest near-term gap first", "USD m. The total row is the whole universe, the figure to hold against headline sector gaps. Hover a header for its formula."); err != nil {
		return err
	}
	if err := s.headers(suHeaderRow, 1, hs); err != nil {
		return err
	}
	n := len(ow.r.Miners)
	last := suFirstRow + n - 1
	// Total row.
	total := []any{ow.val(xlsx.StyleHeader, "All miners"), ow.val(xlsx.StyleDefault, strconv.Itoa(n)+" miners")}
	var sums [suGapToCap]decimal.Decimal
	for _, mr := range ow.r.Miners {
		nt, fp := mr.Positions[model.NearTerm], mr.Positions[model.FullPipeline]
		for c, d := range map[int]decimal.Decimal{suNTUses: nt.Uses, suNTSources: nt.Sources, suNTGap: nt.Gap,
			suFPUses: fp.Uses, suFPSources: fp.Sources, suFPGap: fp.Gap, suMarketCap: mr.MarketCap} {
			sums[c] = sums[c].Add(d)
		}
	}
	for c := suNTUses; c <= suMarketCap; c++ {
		if n == 0 {
			total = append(total, ow.val(xlsx.StyleTotalMoney, 0.0))
			continue
		}
		total = append(total, ow.cell(xlsx.StyleTotalMoney, "SUM("+cellRef(c, suFirstRow)+":"+cellRef(c, last)+")", num(sums[c])))
	}
	var ratio any = na
	if sums[suMarketCap].IsPositive() {
		ratio = num(sums[suNTGap].DivRound(sums[suMarketCap], 16))
	}
	total = append(total, ow.cell(xlsx.StylePercent, "IF("+cellRef(suMarketCap, suTotalRow)+`<=0,"n/a",`+
		cellRef(suNTGap, suTotalRow)+"/"+cellRef(suMarketCap, suTotalRow)+")", ratio))
	if err := s.row(suTotalRow, total...); err != nil {
		return err
	}
	for k, i := range ow.ranked() {
		mr := ow.r.Miners[i]
		m := ow.u.Miners[mr.Index]
		r := suFirstRow + k
		lay := ow.minerLay(i)
		pos := func(scope model.Scope, line int) string { return lay.position(scope, -1, line) }
		nt, fp := mr.Positions[model.NearTerm], mr.Positions[model.FullPipeline]
		cells := []any{
			ow.val(xlsx.StyleHyperlink, m.Ticker), m.Company,
			ow.cell(xlsx.StyleLinkMoney, pos(model.NearTerm, msUses), num(nt.Uses)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.NearTerm, msSources), num(nt.Sources)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.NearTerm, msGap), num(nt.Gap)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.FullPipeline, msUses), num(fp.Uses)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.FullPipeline, msSources), num(fp.Sources)),
			ow.cell(xlsx.StyleLinkMoney, pos(model.FullPipeline, msGap), num(fp.Gap)),
			ow.cell(xlsx.StyleMoney, ow.in(ow.lay.miner(mr.Index, model.FieldSharePrice))+"*"+ow.in(ow.lay.miner(mr.Index, model.FieldSharesOutstanding)), num(mr.MarketCap)),
			ow.cell(xlsx.StylePercent, "IF("+cellRef(suMarketCap, r)+`<=0,"n/a",`+cellRef(suNTGap, r)+"/"+cellRef(suMarketCap, r)+")", numOrNA(mr.GapToMarketCap)),
		}
		for si := range ow.r.Scenarios {
			cells = append(cells, ow.cell(xlsx.StyleLinkPercent, ow.scenarioCell(i, si, scDilutionBasic),
				num(mr.Financings[si].DilutionBasic)))
		}
		if err := s.row(r, cells...); err != nil {
			return err
		}
		if err := ow.f.SetCellHyperLink(SheetSummary, cellRef(suTicker, r), xlsx.Quote(ow.minerSheet[i])+"!A1", "Location"); err != nil {
			return err
		}
	}
	if n > 0 {
		shown := min(n, chartMiners)
		cats := "'Summary'!$A$" + strconv.Itoa(suFirstRow) + ":$A$" + strconv.Itoa(suFirstRow+shown-1)
		vals := func(c int) string {
			return "'Summary'!$" + colName(c) + "$" + strconv.Itoa(suFirstRow) + ":$" + colName(c) + "$" + strconv.Itoa(suFirstRow+shown-1)
		}
		title := "Funding gap (USD m)"
		if n > shown {
			title = fmt.Sprintf("Funding gap, %d largest (USD m)", shown)
		}
		if err := ow.f.AddChart(SheetSummary, cellRef(suTicker, last+3), &excelize.Chart{
			Type: excelize.Col,
			Series: []excelize.ChartSeries{
				{Name: "'Summary'!$" + colName(suNTGap) + "$" + strconv.Itoa(suHeaderRow), Categories: cats, Values: vals(suNTGap)},
				{Name: "'Summary'!$" + colName(suFPGap) + "$" + strconv.Itoa(suHeaderRow), Categories: cats, Values: vals(suFPGap)},
			},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 360},
		}); err != nil {
			return fmt.Errorf("add gap chart: %w", err)
		}
	}
	return s.flush()
}
