package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"minergap/internal/workers"
	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
	"minergap/xlsx/report"
)

// outcome is what became of one input. It keeps counts and the JSON summary, not the workbook
// and its result, so that a batch of large workbooks holds one of them at a time per worker.
type outcome struct {
	in        job
	output    string // the output written; empty when none
	err       error
	miners    int
	scenarios int
	summary   *jsonWorkbook // with --json, for a workbook that went through
	review    string        // the review copy written (--review); empty when none
	reviewErr error         // why the review copy could not be written
	warnings  []jsonError   // the workbook's warnings, each at its cell (the Log sheet's)
}

// batch is one run over many inputs.
type batch struct {
	steps
	outDir   string
	jobs     int           // --jobs: goroutine slots for the whole run (0: one per CPU)
	pool     *workers.Pool // made by run from jobs
	validate bool          // read only: nothing computed or written
	verbose  bool          // --verbose: each warning on its own line, not just their count
	review   bool          // --review: a marked-up copy of each workbook with problems
	json     bool          // keep each workbook's JSON summary
	temps    *tempFiles    // made by run
	version  string
	runTime  time.Time
	inputs   []job
	stderr   io.Writer
}

func runCommand(st steps, onUsage cli.OnUsageErrorFunc) *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "compute funding gaps and write one output workbook per input",
		UsageText: "minergap run [--out DIR] [--json] [--jobs N] [--review] [--verbose] PATH...",
		Description: "Each PATH is an input workbook or a folder of them (not its subfolders; Excel lock files\n" +
			"~$*.xlsx, hidden files, *-gaps.xlsx outputs and *-review.xlsx copies are skipped). Each\n" +
			"NAME.xlsx gives DIR/NAME-gaps.xlsx; a workbook with problems gets no output (an older one is\n" +
			"left as it was) and the others still run. --review also writes DIR/NAME-review.xlsx, the\n" +
			"workbook with each problem cell marked. Flags may come before or after the paths.\n\n" +
			"Examples:\n" +
			"   minergap run samples/ai-pivot-2026.xlsx\n" +
			"   minergap run coverage/ --out reports --jobs 4\n" +
			"   minergap run coverage/ --json > gaps.json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "write outputs into `DIR` (created when missing)"},
			&cli.BoolFlag{Name: "json", Usage: "print the results as a JSON array on stdout"},
			&cli.StringFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "work on `N` threads at most: workbooks at once, and the miner sheets of each (0: one per CPU)"},
			reviewFlag,
			verboseFlag,
		},
		OnUsageError: onUsage,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("run", "give at least one workbook or folder, for example: minergap run samples/ai-pivot-2026.xlsx")
			}
			jobs, err := jobsFlag(c.String("jobs"))
			if err != nil {
				return err
			}
			if c.String("out") == "" {
				return usagef("run", "--out is empty; give a folder for the outputs")
			}
			if err := checkOutDir(c.String("out")); err != nil {
				return err
			}
			t, err := runTime(os.Getenv)
			if err != nil {
				return err
			}
			ins, err := collectInputs("run", c.Args().Slice(), true)
			if err != nil {
				return err
			}
			b := &batch{steps: st, outDir: c.String("out"), jobs: jobs, json: c.Bool("json"), review: c.Bool("review"), verbose: c.Bool("verbose"), version: versionString(), runTime: t, inputs: ins, stderr: c.App.ErrWriter}
			if err := os.MkdirAll(b.outDir, 0o755); err != nil {
				return fmt.Errorf("cannot create the output folder: %w", err)
			}
			outs, err := b.run(c.Context)
			if err != nil {
				return err
			}
			if c.Bool("json") {
				if err := writeJSON(c.App.Writer, outs); err != nil {
					return err
				}
			} else {
				for _, o := range outs {
					if o.err == nil {
						fmt.Fprintf(c.App.Writer, "wrote %s (%s, %s)\n", o.output, plural(o.miners, "miner"), plural(o.scenarios, "scenario"))
					}
				}
			}
			return b.report(outs)
		},
	}
}

// jobsFlag reads --jobs: a whole number, 0 (or absent) for one per CPU.
func jobsFlag(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	switch {
	case err != nil:
		return 0, usagef("run", "--jobs %s is not a whole number; give a number of workbooks to process at a time, such as 4, or 0 for one per CPU", s)
	case n < 0:
		return 0, usagef("run", "--jobs %d is negative; give a number of workbooks to process at a time, or 0 for one per CPU", n)
	}
	return n, nil
}

// verboseFlag asks run and validate to print each warning, not just how many a workbook has.
var verboseFlag = &cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "print each warning as FILE:Sheet!Cell: message (without it, each workbook's warnings are counted)"}

// reviewFlag asks run and validate for review copies (SPEC §5).
var reviewFlag = &cli.BoolFlag{Name: "review", Usage: "also write NAME-review.xlsx into the output folder for each workbook with errors or warnings: a copy with every problem cell filled and noted"}

func validateCommand(st steps, onUsage cli.OnUsageErrorFunc) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check input workbooks and list every problem; nothing is computed or written",
		UsageText: "minergap validate [--review] [--out DIR] PATH...",
		Description: "Each PATH is an input workbook or a folder of them. Prints `ok PATH` for each good\n" +
			"workbook and every problem of the others as FILE:Sheet!Cell: message, one per line.\n" +
			"Nothing is written unless --review asks for review copies.\n\n" +
			"Examples:\n" +
			"   minergap validate inputs.xlsx\n" +
			"   minergap validate --review coverage/",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out", Usage: "write review copies into `DIR` (created when missing)"},
			reviewFlag,
			verboseFlag,
		},
		OnUsageError: onUsage,
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("validate", "give at least one workbook or folder, for example: minergap validate samples/ai-pivot-2026.xlsx")
			}
			ins, err := collectInputs("validate", c.Args().Slice(), false)
			if err != nil {
				return err
			}
			if c.Bool("review") {
				if c.String("out") == "" {
					return usagef("validate", "--out is empty; give a folder for the review copies")
				}
				if err := checkOutDir(c.String("out")); err != nil {
					return err
				}
			}
			b := &batch{steps: st, validate: true, review: c.Bool("review"), verbose: c.Bool("verbose"), outDir: c.String("out"), inputs: ins, stderr: c.App.ErrWriter}
			outs, err := b.run(c.Context)
			if err != nil {
				return err
			}
			for _, o := range outs {
				if o.err == nil {
					fmt.Fprintf(c.App.Writer, "ok %s\n", o.in.path)
				}
			}
			return b.report(outs)
		},
	}
}

// run processes every input on a pool of workers and returns the outcomes of those done, in job
// order. The first SIGINT or SIGTERM, or the end of ctx, stops it at once (SPEC §5): no worker
// takes a new input, the inputs in progress are abandoned (their temporary outputs removed, never
// renamed into place), and the run's temporary folder is removed with excelize's files in it.
// Fewer outcomes than inputs mean the run was interrupted.
func (b *batch) run(ctx context.Context) ([]outcome, error) {
	temps, err := newTempFiles()
	if err != nil {
		return nil, err
	}
	b.temps = temps
	defer temps.removeAll() // again, should anything below panic; removing twice is harmless
	// Signals are caught until the temporary files are gone; one that comes later (while the
	// summary prints) ends the process at once.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	outs := make([]outcome, len(b.inputs))
	done := make([]bool, len(b.inputs))
	// The one place the run's concurrency is decided: --jobs slots (one per CPU when 0), shared
	// by the workbooks and, inside each, by the batches of its miner sheets.
	slots := b.jobs
	if slots == 0 {
		slots = runtime.NumCPU()
	}
	b.pool = workers.New(slots)
	bar := newProgress(b.stderr, len(b.inputs), b.validate)
	all := make(chan struct{})
	go func() {
		defer close(all)
		b.pool.Run(len(b.inputs), func(i int) {
			if ctx.Err() != nil {
				return
			}
			o, tmp := b.process(b.inputs[i])
			// The output is renamed into place and its outcome recorded together, or neither.
			temps.finish(tmp, o.output, func(err error) {
				if err != nil {
					o = outcome{in: o.in, err: fmt.Errorf("cannot write %s: %w", o.output, err)}
				}
				outs[i], done[i] = o, true
				if bar != nil {
					bar.Add(1)
				}
			})
		})
	}()
	select {
	case <-all:
	case <-ctx.Done():
		// Workbooks in progress are abandoned: from here on their files cannot be made or
		// renamed into place, and the process exits without waiting for them.
	}
	if err := temps.removeAll(); err != nil {
		fmt.Fprintf(b.stderr, "minergap: %v\n", err)
	}
	var kept []outcome
	for i, o := range outs {
		if done[i] {
			kept = append(kept, o)
		}
	}
	if bar != nil {
		if len(kept) == len(b.inputs) {
			bar.Finish()
		} else {
			bar.Clear()
		}
	}
	return kept, nil
}

// process reads, computes and writes one input, and returns its outcome and the temporary file
// holding its output, for run to rename into place. A panic in any step becomes this input's
// error.
func (b *batch) process(in job) (o outcome, tmp string) {
	o.in = in
	if in.err != nil {
		o.err = in.err
		return o, ""
	}
	defer func() {
		if r := recover(); r != nil {
			o, tmp = outcome{in: in, err: fmt.Errorf("internal error: %v; nothing was written for this workbook, please report it with the workbook", r)}, ""
		}
	}()
	output := filepath.Join(b.outDir, in.base()+"-gaps.xlsx")
	if !b.validate {
		if other, ok := b.inputAt(output); ok {
			o.err = fmt.Errorf("its output %s would overwrite the input %s; give another --out folder", output, other)
			return o, ""
		}
	}
	book, err := b.read(in.path, input.Options{TempDir: b.temps.dir})
	if err != nil {
		o.err = err
		if b.review {
			o.review, o.reviewErr = b.writeReview(in, nil, nil, err)
		}
		return o, ""
	}
	o.miners = len(book.Universe.Miners)
	if b.validate {
		o.warnings = jsonWarnings(book, model.Result{})
		if b.review {
			o.review, o.reviewErr = b.writeReview(in, book, nil, nil)
		}
		return o, ""
	}
	// Each miner's timeline and sensitivities on the run's free threads, like its miner sheets.
	result := b.compute(book.Universe, func(n int, f func(i int)) {
		_ = b.pool.Each(n, func(i int) error { f(i); return nil })
	})
	o.warnings = jsonWarnings(book, result)
	if b.review {
		o.review, o.reviewErr = b.writeReview(in, book, &result, nil)
	}
	var summary *jsonWorkbook
	if b.json {
		s := jsonResult(in, book, result, output)
		summary = &s
	}
	o.miners, o.scenarios = len(result.Miners), len(result.Scenarios)
	// Writing is the last step, so a panic anywhere leaves no output. It is the last use of the
	// book and the result too, which the writer lets go of before it saves the workbook.
	tmp, err = b.writeTemp(output, book, result)
	if err != nil {
		o.err = err
		return o, ""
	}
	o.output, o.summary = output, summary
	return o, tmp
}

// inputAt returns the input that path names, if any: the same file, or the same absolute path.
func (b *batch) inputAt(path string) (string, bool) {
	info, statErr := os.Stat(path)
	abs, absErr := filepath.Abs(path)
	for _, in := range b.inputs {
		if in.info == nil {
			continue
		}
		if statErr == nil && os.SameFile(info, in.info) {
			return in.path, true
		}
		if inAbs, err := filepath.Abs(in.path); err == nil && absErr == nil && inAbs == abs {
			return in.path, true
		}
	}
	return "", false
}

// writeTemp writes one output into a temporary file beside path and returns its name (see
// tempFiles.write); the writer's own temporary files and excelize's go into the run's folder.
func (b *batch) writeTemp(path string, book *input.Book, r model.Result) (string, error) {
	tmp, err := b.temps.write(path, func(f *os.File) error {
		return b.write(f, book, r, report.Options{Version: b.version, RunTime: b.runTime, Pool: b.pool, TempDir: b.temps.dir})
	})
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %w", path, err)
	}
	return tmp, nil
}

// report prints every problem, one per line, in job order, then a summary line; it returns
// errInterrupted when the run was interrupted (fewer outcomes than inputs), else errReported when
// some input failed.
func (b *batch) report(outs []outcome) error {
	failed, miners := 0, 0
	for _, o := range outs {
		if o.err != nil {
			failed++
			for _, line := range errorLines(o.in, o.err) {
				fmt.Fprintln(b.stderr, line)
			}
			if kept := b.keptOutput(o.in); kept != "" {
				fmt.Fprintf(b.stderr, "%s: older output %s kept; it does not reflect this input\n", o.in.path, kept)
			}
		} else {
			miners += o.miners
			b.reportWarnings(o)
		}
		if o.review != "" {
			fmt.Fprintf(b.stderr, "%s: problems marked in its review copy %s\n", o.in.path, o.review)
		}
		if o.reviewErr != nil {
			fmt.Fprintf(b.stderr, "%s: %v\n", o.in.path, o.reviewErr)
		}
	}
	ok := len(outs) - failed
	what := "workbook"
	if len(outs) < len(b.inputs) {
		if b.validate {
			fmt.Fprintf(b.stderr, "interrupted: %d of %s checked (%d ok, %d with problems)\n", len(outs), plural(len(b.inputs), what), ok, failed)
		} else {
			fmt.Fprintf(b.stderr, "interrupted: %d of %s done (%d ok, %d failed); %s written to %s\n", len(outs), plural(len(b.inputs), what), ok, failed, plural(miners, "miner"), b.outDir)
		}
		return errInterrupted
	}
	if b.validate {
		fmt.Fprintf(b.stderr, "%s checked: %d ok, %d with problems\n", plural(len(outs), what), ok, failed)
	} else {
		fmt.Fprintf(b.stderr, "%s: %d ok, %d failed; %s written to %s\n", plural(len(outs), what), ok, failed, plural(miners, "miner"), b.outDir)
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// reportWarnings prints how many warnings a workbook has, and with --verbose each of them.
func (b *batch) reportWarnings(o outcome) {
	if len(o.warnings) == 0 {
		return
	}
	if b.verbose {
		for _, w := range o.warnings {
			fmt.Fprintln(b.stderr, w.String())
		}
	}
	where := "see its Log sheet"
	switch {
	case b.validate && b.verbose:
		where = ""
	case b.validate:
		where = "--verbose lists them"
	}
	line := fmt.Sprintf("%s: %s", o.in.path, plural(len(o.warnings), "warning"))
	if where != "" {
		line += " (" + where + ")"
	}
	fmt.Fprintln(b.stderr, line)
}

// keptOutput is the output an earlier run wrote for a workbook that failed in this one, left in
// place; empty when there is none (or it is not an output but an input).
func (b *batch) keptOutput(in job) string {
	if b.validate || in.err != nil {
		return ""
	}
	output := filepath.Join(b.outDir, in.base()+"-gaps.xlsx")
	if _, isInput := b.inputAt(output); isInput {
		return ""
	}
	if info, err := os.Stat(output); err != nil || !info.Mode().IsRegular() {
		return ""
	}
	return output
}

// atPath is a position of the input as the command line gave its path (bad/text.xlsx, not
// text.xlsx), so that each line names the file the analyst typed.
func atPath(in job, p xlsx.Pos) xlsx.Pos {
	if p.File == "" || p.File == filepath.Base(in.path) {
		p.File = in.path
	}
	return p
}

// errorLines renders an input's error as lines of FILE:Sheet!Cell: message: every entry of an
// error list; any other error behind the input's path.
func errorLines(in job, err error) []string {
	var list xlsx.ErrorList
	if errors.As(err, &list) {
		lines := make([]string, len(list))
		for i, e := range list {
			lines[i] = atPath(in, e.Pos).String() + ": " + e.Err.Error()
		}
		return lines
	}
	var cell *xlsx.CellError
	if errors.As(err, &cell) {
		return []string{atPath(in, cell.Pos).String() + ": " + cell.Err.Error()}
	}
	msg := err.Error()
	if strings.HasPrefix(msg, in.path+":") || strings.HasPrefix(msg, filepath.Base(in.path)+":") {
		return []string{msg}
	}
	return []string{in.path + ": " + msg}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// newProgress returns a progress bar on stderr when it is a terminal, else nil.
func newProgress(stderr io.Writer, n int, validate bool) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || n < 2 {
		return nil
	}
	desc := "computing"
	if validate {
		desc = "checking"
	}
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}
