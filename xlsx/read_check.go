package xlsx

import "minergap/model"

// readModelChecks runs the model's value checks on a universe read.
func readModelChecks(u model.Universe) []model.FieldError { return model.Validate(u) }
