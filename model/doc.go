// Package model computes each miner's funding gap and what closing it by equity, convertibles,
// corporate debt or project debt does to shareholders and credit metrics (SPEC §3). It is pure
// finance: plain structs in, plain structs out, no files and no spreadsheets.
//
// Validate reports every problem it can see on the values, each on the Ref of the value at fault;
// it never changes its input. Compute assumes Validate found nothing. It never panics and never
// divides by zero, but on rejected input its figures mean little.
//
// # Projects
//
// A project's build cost is its critical IT MW times its capex per MW (plus GPU capex per MW for a
// GPU-cloud project), times 1 plus the scenario's capex change. What remains to spend is the build
// cost less the capex spent, never below 0. A blank capex spent is 0, except on an Energized
// project, where it is the whole build cost (and a Note says so). Values a project leaves blank
// come from the assumptions, a scenario's override included; a project's own value always wins.
//
// A project has a contract when both its contract value and contract years are above 0. Its cash
// revenue is the contract value less the prepayment still to come (already counted as a source, so
// not earned twice), spread over the contract years; run-rate NOI is that times the NOI margin.
// Committed project debt counts only up to the project's remaining capex: it cannot fund another
// site. A contracted project that is not Pipeline can carry new project debt: the lesser of
// loan-to-cost times build cost (capped at remaining capex) and the debt its NOI services at the
// minimum DSCR over the whole contract years, NOI / DSCR × (1 − (1 + r)^−n) / r; less the committed
// project debt used, never below 0.
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
// so that uses = sources + gap − surplus, always and exactly.
//
// # Scenarios
//
// A scenario recomputes the projects and the gap G of its scope with its capex change and
// overrides, then fills G in order, each limit capping the gross amount (gross = net / (1 − fee)):
// project debt up to the projects' new capacity; a convertible up to max convertible times the
// market cap at the scenario's price P; corporate debt, only when pro forma EBITDA is above 0, up
// to the leverage headroom max net leverage × PF EBITDA less the net debt already counted (ND₀:
// debt, undrawn and committed project debt, the new project debt and convertible, less minimum
// cash). Each takes at most its share of the mix times G; equity takes its share and every
// shortfall (a spill, flagged with the instrument that fell short), so the four net amounts sum to
// G exactly. Equity is issued at P less the discount; the convertible converts at P plus the
// premium. Existing convertibles count as converted; warrants by the treasury-stock method at P.
// Ratios whose denominator is 0 or less are n/a (an invalid NullDecimal). Existing interest and
// the undrawn debt rate always use the workbook's assumptions, never a scenario's override.
//
// # Precision and rounding
//
// Money, shares, prices and rates are shopspring decimals. Sums and products are exact; every
// division is DivRound(x, Places) with Places = 20 decimals, and powers are exact products with
// one division after. That is the model's only rounding: it never rounds a result for display.
// Rounding happens only where numbers leave the program: the JSON summary writes each decimal's
// own text, and the workbook stores it as float64 (its cells hold nothing else).
package model
