package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"minergap/model"
)

func templateCommand(st steps, onUsage cli.OnUsageErrorFunc) *cli.Command {
	return &cli.Command{
		Name:      "template",
		Usage:     "write a blank input workbook, or the public sample universe",
		UsageText: "minergap template [--example] [--force] FILE",
		Description: "Writes FILE (.xlsx): the input sheets with their headers, units, a note on each header\n" +
			"and drop-down lists. With --example the sheets hold the public sample universe, each row\n" +
			"with its source. An existing FILE is kept unless --force is given.\n\n" +
			"Examples:\n" +
			"   minergap template inputs.xlsx\n" +
			"   minergap template --example samples/ai-pivot-2026.xlsx --force",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "example", Usage: "fill the template with the public sample universe"},
			&cli.BoolFlag{Name: "force", Aliases: []string{"f"}, Usage: "overwrite FILE when it exists"},
		},
		OnUsageError: onUsage,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("template", "give one file to write, for example: minergap template inputs.xlsx")
			}
			path := c.Args().First()
			if ext := strings.ToLower(filepath.Ext(path)); ext != ".xlsx" {
				return usagef("template", "%s does not end in .xlsx; name the file NAME.xlsx", path)
			}
			if !c.Bool("force") {
				if _, err := os.Lstat(path); err == nil {
					return fmt.Errorf("%s already exists; give another name, or --force to overwrite it", path)
				} else if !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("%s: %w", path, err)
				}
			}
			var (
				u     *model.Universe
				notes map[model.Ref]string
			)
			if c.Bool("example") {
				ex, n := st.example()
				u, notes = &ex, n
			}
			if err := writeFileAtomic(path, func(f *os.File) error { return st.template(f, u, notes) }); err != nil {
				return fmt.Errorf("cannot write %s: %w", path, err)
			}
			fmt.Fprintf(c.App.Writer, "wrote %s\n", path)
			return nil
		},
	}
}
