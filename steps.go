package main

import (
	"errors"
	"io"
	"time"

	"minergap/model"
	"minergap/samples"
	"minergap/xlsx"
)

// steps are the library calls the commands make. They are values so that a test can replace one,
// for instance with a step that panics.
type steps struct {
	read     func(path string) (*xlsx.Book, error)
	compute  func(model.Universe) model.Result
	write    func(w io.Writer, b *xlsx.Book, r model.Result, version string, runTime time.Time) error
	template func(w io.Writer, u *model.Universe, notes map[model.Ref]string) error
	example  func() (model.Universe, map[model.Ref]string)
}

var errNotBuilt = errors.New("this build of minergap cannot do that yet")

func defaultSteps() steps {
	return steps{
		read:    xlsx.Read,
		compute: model.Compute,
		write: func(io.Writer, *xlsx.Book, model.Result, string, time.Time) error {
			return errNotBuilt
		},
		template: func(io.Writer, *model.Universe, map[model.Ref]string) error { return errNotBuilt },
		example:  samples.Example,
	}
}
