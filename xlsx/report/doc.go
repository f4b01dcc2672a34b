// Package report writes the annotated output workbook of SPEC §4 from an input Book and the
// model's Result: Cover, Summary, Scenarios, one sheet per miner, Timeline, Inputs, Checks and
// Log, one file each. Every computed number is a live formula over the Inputs sheet or other computed
// cells and also stores the model's value (num is the one place a decimal becomes a cell value),
// so a previewer shows what the model computed and a spreadsheet that recalculates agrees.
//
// Each sheet has one layout, and whatever points into a sheet asks that layout for the cell:
// inputsLayout (the Inputs rows every formula reads), minerLayout (a miner sheet's sources and
// uses and project blocks), scenarioRow (the Scenarios rows) and the timeline* rows (a miner's
// block on Timeline, whose quarterly flows are stored values under live cash, need and runway
// rows; timeline.go). Miner sheets are streamed into
// side workbooks of about batchCells cells, written on the free slots of the run's pool, and
// their compressed parts moved into the output (parts.go), which keeps memory near excelize's
// streaming floor for a thousand miners.
package report
