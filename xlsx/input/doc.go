// Package input reads the analysts' input workbooks into model types (Read), and writes blank
// input workbooks and the public sample (Template). Tables is the input contract, one table per
// sheet: it drives the reader, the template and the output's Inputs sheet.
//
// The input contract (SPEC §2), as Read enforces it:
//
//	Sheet        Required  Columns (* required)
//	Assumptions  yes       Assumption*, Value*, Unit, Note, Source
//	Miners       yes       Ticker*, Share price*, Shares outstanding*, Cash*, BTC held, Debt, Interest, ...
//	Projects     yes       Ticker*, Project*, Status*, Model, IT MW* (or Critical IT MW), Capex per MW, ...
//	Instruments  no        Ticker*, Instrument*, Type*, Principal, Shares, Conversion price (or Strike), ...
//	Scenarios    no        Scenario*, Scope, Equity, Convertible, Corporate debt, Project debt, ...,
//	                       and any assumption's name as a column: that scenario's override
//
// Tables lists every column. Names match case-insensitively after trimming, collapsing white
// space and dropping a trailing `*`; the header row is the first of the first 10 rows holding the
// sheet's required headers; columns come in any order; blank rows are skipped and rows whose
// Include says N are left out. A header may state a unit, "Cash (USD bn)": the field's own unit
// or a synonym, bn multiplied by 1,000, k or 000 divided by 1,000; any other unit is an error.
// Numbers come from raw cell values (numbers stored as text parse when clean, and are noted);
// dates are serial numbers, honouring the 1904 flag, or ISO text. A TRUE/FALSE cell is an error
// in a number, date or key field, and a date cell in a key or text field. Every value's cell is
// kept in Book.Sources, and every problem is reported at its cell, all of them at once. A
// workbook holds at most 100,000 rows a sheet, 5,000 miners, 1,000 scenarios and 500,000
// miners × scenarios (SPEC §4).
package input

// The seed corpus of FuzzRead (testdata/fuzz/FuzzRead) is written by a program of its own:
//go:generate go run ../../internal/cmd/fuzzseeds testdata/fuzz/FuzzRead
