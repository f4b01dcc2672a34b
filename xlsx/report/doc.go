// Package report writes the annotated output workbook of SPEC §4 from an input Book and the
// model's Result (model.Run): Cover, Summary, Scenarios, one sheet per miner (up to
// MaxMinerSheets miners), Timeline, Sensitivity, Inputs, Checks and Log, one file each. Every
// computed number of SPEC §3 is a live formula over the Inputs sheet or other computed cells and
// also stores the model's value (num is the one place a decimal becomes a cell value), so a
// previewer shows what the model computed and a spreadsheet that recalculates agrees. The timeline's quarterly flows and the
// sensitivities' grid points, tornado values and solves are stored values, marked so on their
// sheets and tied to the live cells by checks on the Checks sheet.
//
// Each sheet has one layout, and whatever points into a sheet asks that layout for the cell:
// inputsLayout (the Inputs value cells every formula reads), minerLayout (a miner sheet's sources
// and uses and project blocks), scenarioCell (the Scenarios cells), the timeline* rows (a miner's
// block on Timeline) and sensLayout (a miner's block on Sensitivity). Each sheet's extent comes
// from its layout (writer.extents) and is declared before it is streamed (writer.extent), so
// readers that trust a sheet's dimension see it all and a test can hold every sheet to Excel's
// size at the reader's limits without writing one; its print setup (printSetup) comes before its
// rows. The sheets are streamed at once on the free slots of the run's pool (writeSheets), each
// call on the workbook itself under one lock (writer.locked), and finished in a fixed order
// (writer.finish). Miner sheets are streamed into side workbooks of about batchCells cells, and
// each sheet after them into one of its own, and their compressed parts moved into the output
// after Summary, in a fixed order, with the parts they reach (parts.go), which keeps memory
// near excelize's streaming floor and makes outputs byte-identical for a given run time. Saving
// deflates the parts on the free slots too (xlsx.ZipWriter).
package report
