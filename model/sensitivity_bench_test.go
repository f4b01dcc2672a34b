package model

import "testing"

// BenchmarkSensitivity measures SPEC §3c on synthetic miners of 10 projects and the five default
// scenarios, beside Compute on the same miners. Sensitivities reports the evaluations it makes
// per miner (grid points, tornado points and solve steps: each one recomputation of the miner,
// of its financing only where nothing before it moved) and their average cost; both report
// their cost per miner, so the two can be read side by side.
func BenchmarkSensitivity(b *testing.B) {
	const miners = 20
	u := benchUniverse(miners, 10)
	res := Compute(u)
	perMiner := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*miners), "ns/miner")
	}
	b.Run("Compute", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Compute(u)
		}
		perMiner(b)
	})
	b.Run("Sensitivities", func(b *testing.B) {
		b.ReportAllocs()
		evals := 0
		for b.Loop() {
			_, n := sensitivities(u, res, DefaultSensitivityParams())
			evals += n
		}
		b.ReportMetric(float64(evals)/float64(b.N*miners), "evals/miner")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(evals), "ns/eval")
		perMiner(b)
	})
}
