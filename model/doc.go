// Package model computes each miner's funding gap and what closing it by equity, convertibles,
// corporate debt or project debt does to shareholders and credit metrics (SPEC §3). It is pure
// finance: plain structs in, plain structs out, no files and no spreadsheets.
//
// Validate reports every problem it can see on the values, each on the Ref of the value at fault
// and at most one per value, magnitudes no analyst means included (FieldKind gives each numeric
// field's Kind, which sets its bounds); it never changes its input. Compute assumes Validate found nothing. It never panics and never
// divides by zero, but on rejected input its figures mean little.
//
// # Projects
//
// A project row describes the whole site; the miner owns its Ownership share w of it (1 when
// blank). The model takes w of the row's MW, capex spent, contract value, prepayment, committed
// project debt and displaced mining EBITDA, so every figure below is the miner's.
//
// A project's build cost is its owned critical IT MW times its capex per MW (the shell) plus, for
// a GPU-cloud project, its GPU capex per MW (the GPUs), times 1 plus the scenario's capex change.
// What remains to spend is the build cost less the capex spent, never below 0. A blank capex spent
// is 0 (on an Under construction project a warning Note says nothing was assumed spent), except on
// an Energized project, where it is the whole build cost (and a Note says so). Values a project
// leaves blank come from the assumptions, a scenario's override included; a project's own value
// always wins.
//
// A project has a contract when both its contract value and contract years are above 0. Its cash
// revenue is the contract value less the prepayment still to come (already counted as a source, so
// not earned twice), spread over the contract years; run-rate NOI is that times the NOI margin.
// Committed project debt counts only up to the project's remaining capex: it cannot fund another
// site. It pays the project's own project debt rate, else the workbook's, never a scenario's
// override: that debt is signed. A contracted project that is not Pipeline can carry new project
// debt: the lesser of loan-to-cost times build cost (capped at remaining capex) and the debt its
// NOI services at the minimum DSCR over the whole contract years, NOI / DSCR × (1 − (1 + r)^−n) / r;
// less the committed project debt used, never below 0.
//
// # Sources, uses and the gap
//
// Sums over projects run over a scope: Near-term holds Energized, Under construction and
// Contracted projects; Full pipeline holds all. Every miner is reported in both.
//
//	uses    = Σ remaining capex + other uses + minimum cash
//	sources = cash + BTC held × BTC price / 1,000,000 × (1 − haircut) + undrawn committed debt
//	          + other committed funding + Σ prepayments + Σ committed project debt used
//	gap     = max(0, uses − sources), surplus = max(0, sources − uses)
//
// so that uses = sources + gap − surplus, always and exactly. The gap before committed financing,
// max(0, uses − cash − BTC value), nets only the balance sheet's liquidity, as headline figures
// do; the bridge (Position.Bridge) leads from the uses, line by line, through every source to
// gap − surplus. Each scope also sums its owned IT MW, its build cost as shell and GPUs, and the
// mining EBITDA its sites displace.
//
// # Scenarios
//
// A scenario recomputes the projects and the gap G of its scope with its capex change and
// overrides, then fills G in order, each limit capping the gross amount (gross = net / (1 − fee)):
// project debt up to the projects' new capacity; a convertible up to max convertible times the
// market cap at the scenario's price P less the existing convertible principal (the cap holds
// every convertible outstanding, old and new); corporate debt, only when pro forma EBITDA is above
// 0, up to the leverage headroom max net leverage × PF EBITDA less the net debt already counted
// (ND₀: debt, undrawn and committed project debt, the new project debt and convertible, less
// minimum cash). Each takes at most its share of the mix times G; equity takes its share and
// every shortfall (a spill, flagged with the instrument that fell short), so the four net amounts
// sum to G exactly. Equity is issued at P less the discount; the convertible converts at P plus
// the premium. PF EBITDA is mining EBITDA less the displaced mining EBITDA plus the contracted NOI.
//
// Dilution has three views. Basic: new shares over PF basic shares (shares outstanding plus new
// shares). Diluted, the GAAP if-converted view: new shares and new conversion shares over PF
// diluted shares, which add every convertible as converted and warrants by the treasury-stock
// method at P. Economic, after net share settlement and capped calls: new shares over PF basic
// shares plus, for each existing convertible, principal / conversion price × max(0, P − K) / P
// shares (K its cap price when given, else its conversion price), plus the warrants as in the
// diluted view; the new convertible, issued above P, adds none.
//
// Ratios whose denominator is 0 or less are n/a (an invalid NullDecimal). Existing interest, the
// undrawn debt rate and the committed project debt's rate always use the workbook's assumptions
// (or the row's own value), never a scenario's override. Flags allow a tolerance t =
// FlagTolerance (1e-9), so that a limit met exactly is never flagged by the model nor by a
// spreadsheet engine recomputing it in floating point: a spill when the shortfall exceeds
// t × max(1, G), leverage above max when net leverage exceeds max × (1 + t), coverage below min
// when coverage falls below min × (1 − t).
//
// # The timeline and the sensitivities
//
// Run adds to Compute's figures what SPEC §3b and §3c recompute one miner at a time. Timeline
// lays each project's capex, prepayment, NOI, displaced mining EBITDA and project debt (drawn
// with capex, repaid by level payments over its contract) on 40 calendar quarters from the as-of
// quarter; the secured case (only what is in hand or signed) gives each miner's peak funding need
// and runway, and each scenario's financed case its lowest cash, trough interest coverage and
// FCF per diluted share. Sensitivities moves one or two inputs at a time on the Tornado scenario
// (two grids and the tornado of ten drivers) and solves, for every scenario, for the share price
// at the Target dilution and the capex change that closes the gap, each by 60 halvings of a fixed
// bracket (a shortcut that proves most midpoints reports the same bracket); a solve's value is
// the one figure rounded in the model, to SolvePlaces decimals, so that implementations agree to
// the digits shown.
//
// # Precision and rounding
//
// Money, shares, prices and rates are shopspring decimals. Sums and products are exact; every
// division is DivRound(x, Places) with Places = 20 decimals, and powers are exact products with
// one division after. Apart from the solves' reported values, that is the model's only rounding:
// it never rounds a result for display.
// Rounding happens only where numbers leave the program: the JSON summary writes each decimal's
// own text, and the workbook stores it as float64 (its cells hold nothing else).
package model
