// Command minergap computes the funding gap of Bitcoin miners turning their sites into AI data
// centers, and what raising it by equity, convertibles, corporate debt or project debt does to
// shareholders and credit metrics. It reads analysts' Excel workbooks and writes annotated output
// workbooks; see README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=v1.0.0"; when it is not, the
// module's build info or "dev" stands in.
var version string

func main() {
	limitMemory()
	os.Exit(runCLI(os.Args, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK          = 0
	exitFailed      = 1   // some workbook (or PATH) failed; every problem was reported
	exitUsage       = 2   // the command line was wrong; nothing was done
	exitInterrupted = 130 // SIGINT or SIGTERM stopped a run (128 + SIGINT, as shells report it)
)

// usageError is a wrong command line: exit 2 and a pointer to the command's help.
type usageError struct {
	cmd string // the command's name, empty for the app
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, err: fmt.Errorf(format, args...)}
}

// errReported says the command has already printed every problem; only the exit code is left.
var errReported = errors.New("some workbooks failed")

// runCLI runs the command line args (args[0] is the program) and returns the exit code.
func runCLI(args []string, stdout, stderr io.Writer) int {
	return runSteps(context.Background(), defaultSteps(), args, stdout, stderr)
}

// runSteps is runCLI with the library calls given; the end of ctx interrupts a run as a signal does.
func runSteps(ctx context.Context, st steps, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr, st)
	return exitCode(app.RunContext(ctx, reorderArgs(app, args)), stderr)
}

// exitCode is the one place that turns an error into an exit code, printing what is not yet printed.
func exitCode(err error, stderr io.Writer) int {
	var usage *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInterrupted):
		return exitInterrupted
	case errors.Is(err, errReported):
		return exitFailed
	case errors.As(err, &usage):
		name := "minergap"
		if usage.cmd != "" {
			name += " " + usage.cmd
		}
		fmt.Fprintf(stderr, "%s: %v\nrun '%s --help' for usage\n", name, usage.err, name)
		return exitUsage
	}
	fmt.Fprintf(stderr, "minergap: %v\n", err)
	return exitFailed
}

// versionString is the version the binary reports and writes on each output's Cover sheet.
func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// runTime is the time written on outputs: SOURCE_DATE_EPOCH when set, so that builds of the same
// inputs are reproducible, else now.
func runTime(getenv func(string) string) (time.Time, error) {
	s := getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Now().UTC(), nil
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, usagef("", "SOURCE_DATE_EPOCH=%q is not a whole number of seconds since 1970; set it to one such as 1782777600, or unset it", s)
	}
	return time.Unix(sec, 0).UTC(), nil
}

func init() {
	cli.VersionPrinter = func(c *cli.Context) {
		fmt.Fprintf(c.App.Writer, "minergap %s\n", c.App.Version)
	}
}

func newApp(stdout, stderr io.Writer, st steps) *cli.App {
	onUsage := func(c *cli.Context, err error, isSubcommand bool) error {
		name := ""
		if c.Command != nil && isSubcommand {
			name = c.Command.Name
		}
		return &usageError{cmd: name, err: err}
	}
	app := &cli.App{
		Name:    "minergap",
		Usage:   "funding gaps and financing scenarios of Bitcoin miners building AI data centers",
		Version: versionString(),
		Description: "Reads analysts' input workbooks (Assumptions, Miners, Projects, and optionally Instruments\n" +
			"and Scenarios), computes each miner's funding gap and financing scenarios, and writes one\n" +
			"annotated output workbook per input, every number a live formula.\n\n" +
			"Examples:\n" +
			"   minergap template --example inputs.xlsx\n" +
			"   minergap validate inputs.xlsx\n" +
			"   minergap run inputs.xlsx\n\n" +
			"Exit status: 0 all good, 1 some workbook failed, 2 the command line is wrong,\n" +
			"130 interrupted (SIGINT or SIGTERM).",
		Writer:         stdout,
		ErrWriter:      stderr,
		OnUsageError:   onUsage,
		ExitErrHandler: func(*cli.Context, error) {}, // exitCode maps errors; the library never exits
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("", "unknown command %q; the commands are run, validate and template", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		Commands: []*cli.Command{
			runCommand(st, onUsage),
			validateCommand(st, onUsage),
			templateCommand(st, onUsage),
		},
	}
	return app
}
