package main

import (
	"io"

	"minergap/model"
	"minergap/samples"
	"minergap/xlsx/input"
	"minergap/xlsx/report"
)

// steps are the library calls the commands make. They are values so that a test can replace one,
// for instance with a step that panics.
type steps struct {
	read     func(path string, o input.Options) (*input.Book, error)
	compute  func(model.Universe, model.Each) model.Result
	write    func(w io.Writer, b *input.Book, r model.Result, o report.Options) error
	template func(w io.Writer, u *model.Universe, notes map[model.Ref]string) error
	example  func() (model.Universe, map[model.Ref]string)
}

func defaultSteps() steps {
	return steps{
		read:     func(path string, o input.Options) (*input.Book, error) { return input.Read(path, o) },
		compute:  model.RunEach,
		write:    report.Write,
		template: input.Template,
		example:  samples.Example,
	}
}
